package io.github.winattn.generated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.CatalogEntry;
import io.github.winattn.kernel.KernelCatalog;
import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.testing.Inputs;
import io.github.winattn.testing.Tolerance;
import io.github.winattn.weights.AttentionWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel of the shipped catalogue (found through {@link ServiceLoader}), both variants,
 * against {@link ReferenceKernel} on seeded random inputs, masked where the kernel supports it.
 * Tolerance {@code |a - b| <= 1e-5 + 1e-4 * |b|}; large shapes run fewer windows to keep time low.
 */
class CatalogueKernelsMatchReferenceTest {

  static final float ATOL = 1e-5f;
  static final float RTOL = 1e-4f;

  static List<CatalogEntry> entries() {
    List<CatalogEntry> all = new ArrayList<>();
    for (KernelCatalog c : ServiceLoader.load(KernelCatalog.class)) {
      all.addAll(c.entries());
    }
    return all;
  }

  @Test
  void catalogueIsFoundAndNamesDistinctClasses() {
    List<CatalogEntry> all = entries();
    assertFalse(all.isEmpty(), "no KernelCatalog found through ServiceLoader");
    assertEquals(all.size(), all.stream().map(CatalogEntry::vectorClass).distinct().count());
    assertEquals(
        all.size(),
        all.stream().map(e -> e.shape() + "/" + e.masked()).distinct().count(),
        "two entries for the same shape");
  }

  static Stream<Arguments> kernels() {
    return entries().stream().map(e -> Arguments.of(e.shape().describe(), e));
  }

  /** Both variants of one entry against one reference run (the reference dominates the time). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void agreesWithTheReference(String name, CatalogEntry entry) throws Exception {
    AttentionShape s = entry.shape();
    AttentionWeights w = Inputs.weights(s, entry.vectorClass().hashCode());
    int n = s.tokens();
    int c = s.dim();
    // about 2e8 FLOPs of reference work per kernel at most, and at least 2 windows
    int windows = (int) Math.max(2, Math.min(6, 200_000_000L / s.flopsPerWindow()));
    int nW = Math.max(1, windows / 2);
    float[] x = Inputs.uniform(new Random(7), windows * n * c, 2f);
    Mask mask = entry.masked() ? Mask.of(Inputs.mask(nW, n, 9), nW) : Mask.NONE;
    float[] expected = new float[x.length];
    new ReferenceKernel(w).forward(x, 0, expected, 0, mask, 0, windows);
    for (String className : List.of(entry.plainClass(), entry.vectorClass())) {
      AttentionKernel k =
          (AttentionKernel)
              Class.forName(className).getConstructor(AttentionWeights.class).newInstance(w);
      assertEquals(s, k.shape());
      assertTrue(k.implementation().startsWith("generated-"), k.implementation());
      float[] actual = new float[x.length];
      k.forward(x, 0, actual, 0, mask, 0, 1);
      k.forward(x, 0, actual, 0, mask, 1, windows);
      String problem = Tolerance.compare(actual, expected, ATOL, RTOL, n, c);
      if (problem != null) {
        fail(className + ": " + problem);
      }
    }
  }
}
