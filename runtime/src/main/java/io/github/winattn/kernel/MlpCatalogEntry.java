package io.github.winattn.kernel;

/**
 * One generated {@link MlpKernel} of a {@link KernelCatalog}: its shape and the binary name of its
 * Vector API class, which has a public constructor taking {@link MlpWeights}. The class is only
 * loaded when the {@code jdk.incubator.vector} module is present (without it the model runs its
 * generic plain-Java layers).
 *
 * @param shape the shape the class computes
 * @param vectorClass binary name of the Vector API class
 */
public record MlpCatalogEntry(MlpShape shape, String vectorClass) {

  public MlpCatalogEntry {
    if (shape == null || vectorClass == null) {
      throw new IllegalArgumentException("MLP catalog entry fields must not be null");
    }
  }
}
