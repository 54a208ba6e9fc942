package io.github.winattn.benchmarks;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * How the suite runs ONNX Runtime as a peer, in one place: the window-attention graphs ({@link
 * OnnxRuntimeCall}) and the whole model ({@link OnnxModelCall}) get the same session settings.
 */
final class OnnxSessions {

  private OnnxSessions() {}

  /**
   * A session on {@code model} at its best for {@code threads} cores: intra-op threads = threads,
   * one inter-op thread, sequential execution, all graph optimisations.
   */
  static OrtSession open(OrtEnvironment env, Path model, int threads) throws OrtException {
    SessionOptions options = new SessionOptions();
    options.setIntraOpNumThreads(threads);
    options.setInterOpNumThreads(1);
    options.setExecutionMode(ExecutionMode.SEQUENTIAL);
    options.setOptimizationLevel(OptLevel.ALL_OPT);
    return env.createSession(model.toString(), options);
  }

  /** A direct, native-order copy of {@code values}, so that ONNX Runtime reads it in place. */
  static FloatBuffer direct(float[] values) {
    FloatBuffer b =
        ByteBuffer.allocateDirect(values.length * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    b.put(values).flip();
    return b;
  }
}
