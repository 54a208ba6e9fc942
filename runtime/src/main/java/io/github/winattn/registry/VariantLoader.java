package io.github.winattn.registry;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.CatalogEntry;
import io.github.winattn.weights.AttentionWeights;

/**
 * Loads a generated kernel class by binary name and binds it to weights through its public {@code
 * (AttentionWeights)} constructor. Constructors are looked up once per class.
 */
final class VariantLoader {

  private final GeneratedConstructors<AttentionKernel, AttentionWeights> constructors =
      new GeneratedConstructors<>(AttentionKernel.class, AttentionWeights.class, "kernel class");

  /**
   * Binds {@code className} (a variant of {@code entry}, found through {@code loader}).
   *
   * @throws KernelUnavailableException if the class cannot be loaded or is not a kernel of the
   *     entry's shape
   * @throws IllegalArgumentException if the constructor rejects the weights (its own message)
   */
  AttentionKernel bind(
      CatalogEntry entry, String className, ClassLoader loader, AttentionWeights w) {
    String expected = entry.shape().describe();
    AttentionKernel kernel = constructors.instantiate(className, expected, loader, w);
    if (!kernel.shape().equals(entry.shape())) {
      throw constructors.wrongShape(className, kernel.shape().describe(), expected);
    }
    return kernel;
  }
}
