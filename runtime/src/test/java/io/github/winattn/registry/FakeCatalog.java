package io.github.winattn.registry;

import io.github.winattn.kernel.CatalogEntry;
import io.github.winattn.kernel.KernelCatalog;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.List;

/**
 * The test catalogue the registry tests pass to {@code KernelRegistry.builder().catalogs}: a masked
 * 2x3 Swin shape, an unmasked temporal shape, and two broken entries (missing class, wrong shape).
 * Not registered as a service: the runtime's test jar is on other modules' test classpaths, where
 * its ServiceLoader would find it.
 */
public final class FakeCatalog implements KernelCatalog {

  static final AttentionShape SWIN_2X3 =
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 3), 8, 2).build();
  static final AttentionShape TEMPORAL_4 =
      AttentionShape.builder(Family.TEMPORAL, Window.of1d(4), 8, 2).build();
  static final AttentionShape MISSING_CLASS =
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(3, 3), 4, 1).build();
  static final AttentionShape LYING_CLASS =
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(1, 2), 4, 1).build();

  /** Not in the catalogue. */
  static final AttentionShape NOT_GENERATED =
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(3, 2), 8, 2).build();

  static final String PLAIN = FakeKernel.Plain.class.getName();
  static final String VECTOR = FakeKernel.Vector.class.getName();

  @Override
  public List<CatalogEntry> entries() {
    return List.of(
        new CatalogEntry(SWIN_2X3, true, PLAIN, VECTOR),
        new CatalogEntry(TEMPORAL_4, false, PLAIN, VECTOR),
        new CatalogEntry(MISSING_CLASS, false, "io.github.winattn.registry.NoSuchKernel", VECTOR),
        new CatalogEntry(LYING_CLASS, false, FakeKernel.Liar.class.getName(), VECTOR));
  }
}
