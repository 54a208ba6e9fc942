package io.github.winattn.registry;

/**
 * Counters of a {@link KernelRegistry}: how many kernels it bound, by kind.
 *
 * @param generatedVector binds that returned a generated Vector API kernel
 * @param generatedPlain binds that returned a generated plain-Java kernel
 * @param reference binds that returned the reference kernel because it was asked for
 * @param fallbacks binds that returned the reference kernel because no suitable generated kernel
 *     existed (shape not generated, or generated without mask support)
 */
public record RegistryStats(
    long generatedVector, long generatedPlain, long reference, long fallbacks) {

  public RegistryStats {
    if (generatedVector < 0 || generatedPlain < 0 || reference < 0 || fallbacks < 0) {
      throw new IllegalArgumentException(
          "counters must be >= 0 (got "
              + generatedVector
              + ", "
              + generatedPlain
              + ", "
              + reference
              + ", "
              + fallbacks
              + ")");
    }
  }

  /** Binds served by a generated kernel. */
  public long hits() {
    return generatedVector + generatedPlain;
  }

  /** All binds. */
  public long total() {
    return hits() + reference + fallbacks;
  }
}
