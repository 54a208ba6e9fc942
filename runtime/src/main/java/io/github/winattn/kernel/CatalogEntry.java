package io.github.winattn.kernel;

import io.github.winattn.shape.AttentionShape;

/**
 * One generated kernel of a {@link KernelCatalog}: its shape and the binary names of its two
 * variants. Each class has a public constructor taking {@link
 * io.github.winattn.weights.AttentionWeights} and implements {@link AttentionKernel}. The vector
 * class is only loaded when the {@code jdk.incubator.vector} module is present.
 *
 * @param shape the shape both variants compute
 * @param masked whether the kernels accept a shifted-window mask
 * @param plainClass binary name of the plain-Java variant
 * @param vectorClass binary name of the Vector API variant
 */
public record CatalogEntry(
    AttentionShape shape, boolean masked, String plainClass, String vectorClass) {

  public CatalogEntry {
    if (shape == null || plainClass == null || vectorClass == null) {
      throw new IllegalArgumentException("catalog entry fields must not be null");
    }
  }
}
