package io.github.winattn.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX Runtime session over the whole-model graph {@code tools/reference/export_swin_model.py}
 * exports (input {@code images (B, 3, H, W)}, output {@code logits (B, classes)}), set up like
 * {@link OnnxRuntimeCall}: intra-op threads = the benchmark's threads, one inter-op thread,
 * sequential execution, all graph optimisations, the input a tensor over a direct buffer built
 * once, the output a pinned direct buffer copied into the caller's {@code float[]} inside {@link
 * #run(float[])}.
 */
public final class OnnxModelCall implements AutoCloseable {

  /** Input name of the images in the exported graph. */
  public static final String INPUT = "images";

  /** Output name of the logits in the exported graph. */
  public static final String OUTPUT = "logits";

  private final OrtSession session;
  private final OnnxTensor input;
  private final OnnxTensor pinned;
  private final Map<String, OnnxTensor> inputs; // built once: nothing allocated per call here
  private final Map<String, OnnxTensor> outputs;
  private final FloatBuffer output;

  private OnnxModelCall(OrtSession session, OnnxTensor input, OnnxTensor pinned, FloatBuffer out) {
    this.session = session;
    this.input = input;
    this.pinned = pinned;
    this.inputs = Map.of(INPUT, input);
    this.outputs = Map.of(OUTPUT, pinned);
    this.output = out;
  }

  /**
   * Opens {@code model} for {@code batch} images {@code (3, height, width)} from {@code images} and
   * {@code classes} logits per image.
   *
   * @throws IllegalStateException if the model file is missing (naming the command that writes it),
   *     ONNX Runtime rejects it or its inputs and outputs are not the exported ones
   */
  public static OnnxModelCall open(
      Path model, float[] images, int batch, int height, int width, int classes, int threads) {
    if (!Files.isRegularFile(model)) {
      throw new IllegalStateException(
          "no whole-model ONNX graph at "
              + model.toAbsolutePath()
              + ": export it with /usr/bin/python3 tools/reference/export_swin_model.py"
              + " (benchmarks/run --model does)");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OnnxTensor in = null;
    OrtSession session = null;
    try {
      session = OnnxSessions.open(env, model, threads);
      if (!session.getInputNames().equals(Set.of(INPUT))
          || !session.getOutputNames().equals(Set.of(OUTPUT))) {
        String problem =
            model
                + ": graph inputs "
                + session.getInputNames()
                + " and outputs "
                + session.getOutputNames()
                + ", expected ["
                + INPUT
                + "] and ["
                + OUTPUT
                + "] (re-export it with tools/reference/export_swin_model.py --force)";
        closeQuietly(session);
        throw new IllegalStateException(problem);
      }
      int imageFloats = 3 * height * width;
      float[] x = new float[batch * imageFloats];
      System.arraycopy(images, 0, x, 0, x.length);
      in =
          OnnxTensor.createTensor(
              env, OnnxSessions.direct(x), new long[] {batch, 3, height, width});
      FloatBuffer output = OnnxSessions.direct(new float[batch * classes]);
      OnnxTensor out = OnnxTensor.createTensor(env, output, new long[] {batch, classes});
      return new OnnxModelCall(session, in, out, output);
    } catch (OrtException e) {
      if (in != null) {
        in.close();
      }
      closeQuietly(session);
      throw new IllegalStateException(
          "ONNX Runtime cannot run " + model + ": " + e.getMessage(), e);
    }
  }

  /** One inference; the logits are copied into {@code out} ({@code batch * classes} floats). */
  public void run(float[] out) {
    try (OrtSession.Result ignored = session.run(inputs, outputs)) {
      output.get(0, out);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime run failed: " + e.getMessage(), e);
    }
  }

  /** Closes the tensors and the session. */
  @Override
  public void close() {
    input.close();
    pinned.close();
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(
          "cannot close the ONNX Runtime session: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(OrtSession session) {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // already failing with a better message
      }
    }
  }
}
