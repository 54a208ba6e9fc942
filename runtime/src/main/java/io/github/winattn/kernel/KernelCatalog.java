package io.github.winattn.kernel;

import java.util.List;

/**
 * Service interface ({@link java.util.ServiceLoader}) through which a jar of generated kernels
 * announces them to the registry. The generator writes one implementation per output package and
 * its {@code META-INF/services} entry.
 */
public interface KernelCatalog {

  /** The kernels of this catalogue, in a deterministic order. */
  List<CatalogEntry> entries();

  /**
   * The generated MLP block kernels of this catalogue, in a deterministic order; none by default.
   */
  default List<MlpCatalogEntry> mlpEntries() {
    return List.of();
  }
}
