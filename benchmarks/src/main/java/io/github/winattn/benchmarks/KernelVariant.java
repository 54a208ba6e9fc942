package io.github.winattn.benchmarks;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.weights.AttentionWeights;
import java.util.Arrays;
import java.util.Locale;

/** The kernel implementations a benchmark compares. */
public enum KernelVariant {
  /** The runtime-shaped {@link ReferenceKernel}: the baseline of every ratio. */
  REFERENCE("reference"),
  /** The generated plain-Java variant of the shape's catalogue entry. */
  PLAIN("plain"),
  /** The generated Vector API variant of the shape's catalogue entry. */
  VECTOR("vector");

  private final String id;

  KernelVariant(String id) {
    this.id = id;
  }

  /** The identifier used in {@code @Param} and in result tables. */
  public String id() {
    return id;
  }

  /**
   * Binds {@code weights} to this variant.
   *
   * @param masked whether the kernel will be called with a mask
   * @throws KernelNotGeneratedException if a generated variant is asked for a shape the catalogue
   *     does not have
   */
  public AttentionKernel bind(AttentionWeights weights, boolean masked) {
    return switch (this) {
      case REFERENCE -> new ReferenceKernel(weights);
      case PLAIN -> GeneratedKernels.bind(weights, masked, false);
      case VECTOR -> GeneratedKernels.bind(weights, masked, true);
    };
  }

  /** Parses an {@link #id()}; the message lists the valid ones. */
  public static KernelVariant fromId(String id) {
    for (KernelVariant v : values()) {
      if (v.id.equals(id.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "unknown kernel variant '"
            + id
            + "' (expected one of "
            + Arrays.stream(values()).map(KernelVariant::id).toList()
            + ")");
  }
}
