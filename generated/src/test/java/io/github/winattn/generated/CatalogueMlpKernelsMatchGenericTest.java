package io.github.winattn.generated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.featuremap.FeatureMapAttentions;
import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.kernel.MlpCatalogEntry;
import io.github.winattn.kernel.MlpKernel;
import io.github.winattn.kernel.MlpShape;
import io.github.winattn.kernel.MlpWeights;
import io.github.winattn.model.layers.LayerNorm;
import io.github.winattn.model.layers.MatMulKind;
import io.github.winattn.model.layers.Scratch;
import io.github.winattn.model.layers.SwinBlock;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Window;
import io.github.winattn.testing.Inputs;
import io.github.winattn.testing.ThreadAllocation;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every MLP block kernel of the shipped catalogue (the Swin v1/v2 presets' stages) against the
 * generic layers ({@code SwinBlock.mlpRows} with the Vector API {@code MatMul}) on seeded random
 * weights and rows, bit for bit: the products and GELU are the same floating-point operations in
 * the same order, and both call {@code LayerNorm.row}. Also: a warm call allocates nothing.
 */
class CatalogueMlpKernelsMatchGenericTest {

  static List<MlpCatalogEntry> entries() {
    return KernelRegistry.shared().mlpEntries();
  }

  @Test
  void theSwinPresetsShipEveryStage() {
    List<MlpShape> shapes = entries().stream().map(MlpCatalogEntry::shape).toList();
    assertEquals(18, shapes.size(), shapes.toString());
    assertTrue(shapes.contains(new MlpShape(io.github.winattn.shape.Family.SWIN_V1, 96, 384)));
    assertTrue(shapes.contains(new MlpShape(io.github.winattn.shape.Family.SWIN_V2, 1536, 6144)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void matchesTheGenericLayers(MlpCatalogEntry entry) {
    MlpShape s = entry.shape();
    int c = s.dim();
    int h = s.hidden();
    SplittableRandom r = new SplittableRandom(c * 7L + s.family().ordinal());
    MlpWeights w = weights(s, r);
    MlpKernel kernel = KernelRegistry.shared().bindMlp(w).orElseThrow();
    assertEquals(s, kernel.shape());
    AttentionShape attn = AttentionShape.builder(s.family(), Window.of2d(2, 2), c, c / 32).build();
    SwinBlock generic =
        new SwinBlock(
            s.family(),
            new LayerNorm(w.norm1Weight(), w.norm1Bias()),
            FeatureMapAttentions.bind(
                Inputs.weights(attn, 1), FeatureMapGeometry.swin(s.family(), 2, 2, 2, 0)),
            new LayerNorm(w.norm2Weight(), w.norm2Bias()),
            MatMulKind.VECTOR.create(w.fc1Weight(), w.fc1Bias(), c, h),
            MatMulKind.VECTOR.create(w.fc2Weight(), w.fc2Bias(), h, c));
    // rows 1 to 13: a 4-row and an 8-row register tile and a rounded-up remainder; to 140: one
    // tile of more than TILE rows (a call of at most SPLIT_ROWS rows is one tile); for the small
    // dims to 300: tiles of TILE rows, the second starting mid-way
    for (int rows : c <= 192 ? new int[] {13, 140, 300} : new int[] {13, 140}) {
      matchesTheGenericLayers(s, kernel, generic, rows, r);
    }
  }

  private static void matchesTheGenericLayers(
      MlpShape s, MlpKernel kernel, SwinBlock generic, int rows, SplittableRandom r) {
    int c = s.dim();
    int h = s.hidden();
    float[] x = uniform(r, rows * c, 1.7f, 0f);
    float[] y = uniform(r, rows * c, 3f, 0.5f);
    float[] xg = x.clone();
    float[] yg = y.clone();
    generic.mlpRows(x, y, 1, rows, new Scratch(h, 4 * c, h));
    kernel.rows(xg, yg, 1, rows);
    for (int i = 0; i < x.length; i++) {
      if (x[i] != xg[i] || y[i] != yg[i]) {
        assertEquals(x[i], xg[i], 0f, s.describe() + ", " + rows + " rows: x[" + i + "]");
        assertEquals(y[i], yg[i], 0f, s.describe() + ", " + rows + " rows: y[" + i + "]");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void splitByColumnsMatchesRows(MlpCatalogEntry entry) {
    MlpShape s = entry.shape();
    int c = s.dim();
    SplittableRandom r = new SplittableRandom(c * 11L + s.family().ordinal());
    MlpKernel kernel = KernelRegistry.shared().bindMlp(weights(s, r)).orElseThrow();
    for (int rows : new int[] {1, 7, c <= 192 ? MlpKernel.SPLIT_ROWS : 49}) {
      float[] x = uniform(r, rows * c, 1.7f, 0f);
      float[] y = uniform(r, rows * c, 3f, 0.5f);
      float[] xs = x.clone();
      float[] ys = y.clone();
      kernel.rows(x, y, 0, rows);
      float[] shared = new float[kernel.splitScratchFloats(rows)];
      for (int phase = 0; phase < MlpKernel.SPLIT_PHASES; phase++) {
        int units = kernel.splitUnits(phase, rows);
        int[] cuts = {0, units / 3, 2 * units / 3, units};
        // three parts, the last first: no part of a phase may depend on another
        for (int p = 2; p >= 0; p--) {
          kernel.splitColumns(phase, xs, ys, rows, shared, cuts[p], cuts[p + 1]);
        }
      }
      assertArrayEquals(x, xs, s.describe() + ", " + rows + " rows: x");
      assertArrayEquals(y, ys, s.describe() + ", " + rows + " rows: y (v2 normalises it)");
    }
  }

  @Test
  void aSplitCallOutsideItsUnitsOrRowsIsRefused() {
    MlpShape s = entries().get(0).shape();
    int c = s.dim();
    MlpKernel kernel = KernelRegistry.shared().bindMlp(weights(s, new SplittableRandom(3))).get();
    float[] x = new float[(MlpKernel.SPLIT_ROWS + 1) * c];
    float[] shared = new float[kernel.splitScratchFloats(MlpKernel.SPLIT_ROWS)];
    int panels = kernel.splitUnits(0, 4);
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> kernel.splitColumns(0, x, x, MlpKernel.SPLIT_ROWS + 1, shared, 0, 1))
            .getMessage()
            .contains("split call of " + (MlpKernel.SPLIT_ROWS + 1) + " rows (at most 256)"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> kernel.splitColumns(0, x, x, 4, shared, 0, panels + 1))
            .getMessage()
            .contains("part [0, " + (panels + 1) + ") is not within phase 0's " + panels));
    assertThrows(
        IllegalArgumentException.class, () -> kernel.splitColumns(0, x, x, 4, new float[1], 0, 1));
    assertThrows(IllegalArgumentException.class, () -> kernel.splitUnits(3, 4));
  }

  /** Seeded weights of {@code s}: norms around 1 and 0, products scaled like PyTorch's init. */
  private static MlpWeights weights(MlpShape s, SplittableRandom r) {
    int c = s.dim();
    int h = s.hidden();
    return new MlpWeights(
        s,
        uniform(r, c, 0.5f, 1f),
        uniform(r, c, 0.2f, 0f),
        uniform(r, c, 0.5f, 1f),
        uniform(r, c, 0.2f, 0f),
        uniform(r, h * c, (float) Math.sqrt(3.0 / c), 0f),
        uniform(r, h, 0.1f, 0f),
        uniform(r, c * h, (float) Math.sqrt(3.0 / h), 0f),
        uniform(r, c, 0.1f, 0f));
  }

  private static float[] uniform(SplittableRandom r, int n, float bound, float mean) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = mean + (float) r.nextDouble(-bound, bound);
    }
    return a;
  }

  @Test
  void warmCallsAllocateNothing() {
    var counter = ThreadAllocation.counterOrSkip();
    for (MlpCatalogEntry entry : entries()) {
      if (entry.shape().dim() != 96) {
        continue;
      }
      MlpShape s = entry.shape();
      SplittableRandom r = new SplittableRandom(5);
      int c = s.dim();
      MlpKernel kernel = KernelRegistry.shared().bindMlp(weights(s, r)).orElseThrow();
      int rows = 20;
      float[] x = uniform(r, rows * c, 1f, 0f);
      float[] y = uniform(r, rows * c, 0.01f, 0f);
      // the Vector API allocates its boxes until C2 compiles the kernel, so "warm" means compiled
      for (int i = 0; i < 3000; i++) {
        kernel.rows(x, y, 0, rows);
      }
      assertEquals(
          0,
          ThreadAllocation.bytesOf(counter, () -> kernel.rows(x, y, 0, rows)),
          s.describe() + " bytes per call");
    }
  }
}
