package io.github.winattn.registry;

import io.github.winattn.kernel.MlpCatalogEntry;
import io.github.winattn.kernel.MlpKernel;
import io.github.winattn.kernel.MlpWeights;

/**
 * Loads a generated {@link MlpKernel} class by binary name and binds it through its public {@code
 * (MlpWeights)} constructor; constructors are looked up once per class.
 */
final class MlpLoader {

  private final GeneratedConstructors<MlpKernel, MlpWeights> constructors =
      new GeneratedConstructors<>(MlpKernel.class, MlpWeights.class, "MLP class");

  /**
   * @throws KernelUnavailableException if the class cannot be loaded or computes another shape
   * @throws IllegalArgumentException if the constructor rejects the weights (its own message)
   */
  MlpKernel bind(MlpCatalogEntry entry, ClassLoader loader, MlpWeights w) {
    String name = entry.vectorClass();
    String expected = entry.shape().describe();
    MlpKernel kernel = constructors.instantiate(name, expected, loader, w);
    if (!kernel.shape().equals(entry.shape())) {
      throw constructors.wrongShape(name, kernel.shape().describe(), expected);
    }
    return kernel;
  }
}
