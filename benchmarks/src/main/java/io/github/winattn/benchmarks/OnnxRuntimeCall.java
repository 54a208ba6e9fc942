package io.github.winattn.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.winattn.kernel.Mask;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX Runtime session over the graph {@code tools/reference/export_onnx.py} exported for a
 * {@link BenchShape}, set up as a performance-minded Java user would: intra-op threads = the
 * benchmark's threads, one inter-op thread, sequential execution, all graph optimisations, inputs
 * as tensors over direct buffers built once, the output written into a pinned direct buffer and
 * copied into the caller's {@code float[]} inside {@link #run(float[])} (so the copy is timed).
 *
 * <p>Graph inputs: {@code x (B_, N, C)} and, for a masked shape, {@code mask (nW, N, N)}; output
 * {@code y (B_, N, C)}.
 */
public final class OnnxRuntimeCall implements AutoCloseable {

  /** Input name of the activations in the exported graph. */
  public static final String INPUT = "x";

  /** Input name of the SW-MSA mask in the exported graph (masked shapes only). */
  public static final String MASK = "mask";

  /** Output name in the exported graph. */
  public static final String OUTPUT = "y";

  private final OrtSession session;
  private final Map<String, OnnxTensor> inputs;
  private final Map<String, OnnxTensor> pinned;
  private final FloatBuffer output;

  private OnnxRuntimeCall(
      OrtSession session, Map<String, OnnxTensor> inputs, OnnxTensor out, FloatBuffer output) {
    this.session = session;
    this.inputs = inputs;
    this.pinned = Map.of(OUTPUT, out);
    this.output = output;
  }

  /**
   * Opens {@code model} for {@code shape} with input {@code x} and {@code mask}.
   *
   * @throws IllegalStateException if the model file is missing (naming the command that writes it)
   *     or ONNX Runtime rejects it
   */
  public static OnnxRuntimeCall open(
      Path model, BenchShape shape, float[] x, Mask mask, int threads) {
    if (!Files.isRegularFile(model)) {
      throw new IllegalStateException(
          "no ONNX model for "
              + shape.id()
              + " at "
              + model.toAbsolutePath()
              + ": export it with"
              + " /usr/bin/python3 tools/reference/export_onnx.py (benchmarks/run does)");
    }
    long[] activation = {shape.windows(), shape.shape().tokens(), shape.shape().dim()};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      OrtSession session = OnnxSessions.open(env, model, threads);
      inputs.put(INPUT, OnnxTensor.createTensor(env, OnnxSessions.direct(x), activation));
      if (mask.isPresent()) {
        int n = shape.shape().tokens();
        float[] m = new float[mask.windows() * n * n];
        System.arraycopy(mask.values(), mask.offset(), m, 0, m.length);
        inputs.put(
            MASK,
            OnnxTensor.createTensor(
                env, OnnxSessions.direct(m), new long[] {mask.windows(), n, n}));
      }
      List<String> expected = mask.isPresent() ? List.of(INPUT, MASK) : List.of(INPUT);
      if (!session.getInputNames().equals(Set.copyOf(expected))) {
        throw new IllegalStateException(
            model
                + ": graph inputs "
                + session.getInputNames()
                + " but "
                + shape.id()
                + " needs "
                + expected
                + " (re-export it)");
      }
      FloatBuffer output = OnnxSessions.direct(new float[x.length]);
      OnnxTensor out = OnnxTensor.createTensor(env, output, activation);
      return new OnnxRuntimeCall(session, Map.copyOf(inputs), out, output);
    } catch (OrtException e) {
      inputs.values().forEach(OnnxTensor::close);
      throw new IllegalStateException(
          "ONNX Runtime cannot run " + model + ": " + e.getMessage(), e);
    }
  }

  /** One inference; the output is copied into {@code out} ({@code B_ * N * C} floats). */
  public void run(float[] out) {
    try (OrtSession.Result ignored = session.run(inputs, pinned)) {
      output.get(0, out);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime run failed: " + e.getMessage(), e);
    }
  }

  /** Closes the tensors and the session. */
  @Override
  public void close() {
    inputs.values().forEach(OnnxTensor::close);
    pinned.values().forEach(OnnxTensor::close);
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(
          "cannot close the ONNX Runtime session: " + e.getMessage(), e);
    }
  }
}
