package it.winattn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.featuremap.FeatureMapAttention;
import io.github.winattn.featuremap.FeatureMapAttentions;
import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.registry.KernelChoice;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.ShiftedWindowMask;
import io.github.winattn.shape.Window;
import io.github.winattn.weights.AttentionWeights;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generated kernels are found through the registry and compute what the reference computes. */
class GeneratedKernelTest {

  private static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian() * 0.5f;
    }
    return a;
  }

  private static AttentionWeights weights(AttentionShape s, long seed) {
    Random r = new Random(seed);
    int c = s.dim();
    return new AttentionWeights(
        s,
        random(r, 3 * c * c),
        s.qkvBias() ? random(r, 3 * c) : new float[0],
        random(r, c * c),
        random(r, c),
        random(r, s.tableRows() * s.heads()),
        new float[0]);
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      double tol = 1e-5 + 1e-4 * Math.abs(expected[i]);
      assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
          what + ": element " + i + " expected " + expected[i] + " got " + actual[i]);
    }
  }

  private static void compare(AttentionShape shape, Mask mask, int windows) {
    AttentionWeights w = weights(shape, 7);
    float[] x = random(new Random(11), windows * shape.tokens() * shape.dim());
    float[] expected = new float[x.length];
    new ReferenceKernel(w).forward(x, 0, expected, 0, mask, windows);
    KernelRegistry registry = KernelRegistry.builder().strict(true).build();
    assertTrue(registry.find(shape).isPresent(), "generated catalogue lists " + shape.describe());
    for (KernelChoice choice : new KernelChoice[] {KernelChoice.GENERATED_PLAIN, KernelChoice.GENERATED_VECTOR}) {
      AttentionKernel k = registry.bind(w, choice, mask.isPresent());
      float[] out = new float[x.length];
      k.forward(x, 0, out, 0, mask, windows);
      assertClose(expected, out, shape.describe() + " " + k.implementation());
    }
  }

  @Test
  void maskedNonSquareSwinWindow() {
    AttentionShape shape = AttentionShape.builder(Family.SWIN_V1, Window.of2d(3, 2), 8, 2).build();
    int[] resolution = {6, 4};
    float[] mask = ShiftedWindowMask.build(resolution, new int[] {3, 2}, new int[] {1, 1});
    int nW = ShiftedWindowMask.windows(resolution, new int[] {3, 2});
    compare(shape, Mask.of(mask, nW), 2 * nW);
    compare(shape, Mask.NONE, 3);
  }

  @Test
  void temporalAttention() {
    AttentionShape shape = AttentionShape.builder(Family.TEMPORAL, Window.of1d(4), 8, 2).build();
    compare(shape, Mask.NONE, 5);
  }

  @Test
  void theConfiguredFeatureMapGetsAFusedEntryThatMatchesTheReference() {
    AttentionShape shape = AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 2), 8, 2).build();
    FeatureMapGeometry geometry = FeatureMapGeometry.swin(Family.SWIN_V1, 4, 6, 2, 1);
    AttentionWeights w = weights(shape, 7);
    int images = 2;
    float[] x = random(new Random(13), images * 4 * 6 * shape.dim());
    float[] expected = new float[x.length];
    FeatureMapAttentions.of(new ReferenceKernel(w), geometry).forward(x, 0, expected, 0, images);
    KernelRegistry registry = KernelRegistry.builder().strict(true).build();
    for (KernelChoice choice : new KernelChoice[] {KernelChoice.GENERATED_PLAIN, KernelChoice.GENERATED_VECTOR}) {
      FeatureMapAttention fused = FeatureMapAttentions.of(registry.bind(w, choice, true), geometry);
      assertTrue(fused.implementation().endsWith("(fused feature map)"), fused.implementation());
      float[] out = new float[x.length];
      fused.forward(x, 0, out, 0, images);
      assertClose(expected, out, fused.implementation());
    }
  }

  @Test
  void configuredClassNameIsUsable() {
    AttentionShape shape = AttentionShape.builder(Family.SWIN_V1, Window.of2d(3, 2), 8, 2).build();
    AttentionKernel direct = new it.winattn.kernels.TinySwin_Plain(weights(shape, 7));
    assertEquals(shape, direct.shape());
  }
}
