package io.github.winattn.benchmarks;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.weights.AttentionWeights;
import java.util.Arrays;
import java.util.Locale;

/**
 * The implementations the JMH suite times side by side. PyTorch, the fifth, is timed by {@code
 * tools/bench/pytorch_bench.py} (a Python process cannot run inside JMH).
 */
public enum Implementation {
  /** The generated Vector API variant of the shape's catalogue entry. */
  GENERATED_VECTOR("generated-vector"),
  /** The generated plain-Java variant of the shape's catalogue entry. */
  GENERATED_PLAIN("generated-plain"),
  /**
   * The runtime-shaped {@link ReferenceKernel}: the oracle every other implementation must match.
   */
  REFERENCE("reference"),
  /**
   * ONNX Runtime's Java API running the graph that {@code tools/reference/export_onnx.py} exported
   * from our PyTorch module ({@link OnnxRuntimeCall}).
   */
  ONNXRUNTIME("onnxruntime");

  private final String id;

  Implementation(String id) {
    this.id = id;
  }

  /** The identifier used in {@code @Param} and in {@code summary.json}. */
  public String id() {
    return id;
  }

  /** Whether this implementation is a WinAttn {@link AttentionKernel} (not a peer). */
  public boolean isKernel() {
    return this != ONNXRUNTIME;
  }

  /**
   * Binds {@code weights} to this kernel.
   *
   * @param masked whether the kernel will be called with a mask
   * @throws KernelNotGeneratedException if a generated variant is asked for a shape the catalogue
   *     does not have
   * @throws IllegalStateException for {@link #ONNXRUNTIME}, which is not a kernel
   */
  public AttentionKernel bind(AttentionWeights weights, boolean masked) {
    return switch (this) {
      case REFERENCE -> new ReferenceKernel(weights);
      case GENERATED_PLAIN -> GeneratedKernels.bind(weights, masked, false);
      case GENERATED_VECTOR -> GeneratedKernels.bind(weights, masked, true);
      case ONNXRUNTIME ->
          throw new IllegalStateException(
              "onnxruntime is not a WinAttn kernel; open it with OnnxRuntimeCall");
    };
  }

  /** Parses an {@link #id()}; the message lists the valid ones. */
  public static Implementation fromId(String id) {
    for (Implementation v : values()) {
      if (v.id.equals(id.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "unknown implementation '"
            + id
            + "' (expected one of "
            + Arrays.stream(values()).map(Implementation::id).toList()
            + ")");
  }
}
