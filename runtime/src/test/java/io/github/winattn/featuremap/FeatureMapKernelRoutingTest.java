package io.github.winattn.featuremap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.testing.Inputs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which mode {@link FeatureMapAttentions} picks for a kernel: the fused entry of a {@link
 * FeatureMapKernel} that has the map, gathered windows otherwise; and what the fused entry is
 * handed (the row table of the geometry, the window class).
 */
class FeatureMapKernelRoutingTest {

  /** A fused kernel with one map that records its calls and computes nothing. */
  static final class Recording implements FeatureMapKernel {
    final AttentionKernel inner;
    final FeatureMapGeometry map;
    final List<String> calls = new ArrayList<>();

    Recording(AttentionKernel inner, FeatureMapGeometry map) {
      this.inner = inner;
      this.map = map;
    }

    @Override
    public int featureMap(FeatureMapGeometry g) {
      return java.util.Arrays.equals(g.size(), map.size())
              && java.util.Arrays.equals(g.shift(), map.shift())
          ? 7
          : -1;
    }

    @Override
    public List<String> featureMaps() {
      return List.of(map.toString());
    }

    @Override
    public void forwardWindow(
        float[] x, int xBase, float[] out, int outBase, int[] rows, int ro, int m, int cls) {
      calls.add(xBase + "/" + outBase + "/" + ro + "/" + m + "/" + cls + "/" + rows[ro]);
    }

    @Override
    public AttentionShape shape() {
      return inner.shape();
    }

    @Override
    public String implementation() {
      return "recording";
    }

    @Override
    public void forward(float[] x, int xo, float[] out, int oo, Mask mask, int from, int to) {
      inner.forward(x, xo, out, oo, mask, from, to);
    }
  }

  @Test
  void aKernelWithTheMapGetsEveryWindowWithItsRowsAndClass() {
    FeatureMapGeometry g = FeatureMapGeometry.swin(Family.SWIN_V1, 4, 6, 2, 1);
    AttentionShape s = g.shapeBuilder(8, 2).build();
    Recording k = new Recording(new ReferenceKernel(Inputs.weights(s, 1)), g);
    FeatureMapAttention fm = FeatureMapAttentions.of(k, g);
    assertEquals("recording (fused feature map)", fm.implementation());
    int image = g.rowsPerImage() * 8;
    fm.forward(new float[3 + 2 * image], 3, new float[5 + 2 * image], 5, 2, 5, 8);
    // windows 5, 6, 7 of 6 per image (a 2x3 grid): window 5 of image 0 (the corner, class 3),
    // windows 0 and 1 of image 1 (interior, class 0)
    List<String> expected = new ArrayList<>();
    for (int k2 = 5; k2 < 8; k2++) {
      int img = k2 / 6;
      int w = k2 % 6;
      expected.add(
          (3 + img * image)
              + "/"
              + (5 + img * image)
              + "/"
              + w * g.tokens()
              + "/7/"
              + g.windowClass(w)
              + "/"
              + g.row(w, 0));
    }
    assertEquals(expected, k.calls);
    assertEquals(3, g.windowClass(5));
  }

  @Test
  void aKernelWithoutTheMapIsGathered() {
    FeatureMapGeometry g = FeatureMapGeometry.swin(Family.SWIN_V1, 4, 6, 2, 1);
    FeatureMapGeometry other = FeatureMapGeometry.swin(Family.SWIN_V1, 4, 6, 2, 0);
    AttentionShape s = g.shapeBuilder(8, 2).build();
    ReferenceKernel reference = new ReferenceKernel(Inputs.weights(s, 1));
    Recording k = new Recording(reference, other);
    FeatureMapAttention fm = FeatureMapAttentions.of(k, g);
    assertEquals("recording (gathered)", fm.implementation());
    float[] x = Inputs.uniform(new java.util.Random(2), g.rowsPerImage() * 8, 1f);
    float[] got = new float[x.length];
    float[] want = new float[x.length];
    fm.forward(x, 0, got, 0, 1);
    FeatureMapAttentions.of(reference, g).forward(x, 0, want, 0, 1);
    assertTrue(k.calls.isEmpty(), "the fused entry was not called");
    for (int i = 0; i < got.length; i++) {
      assertEquals(want[i], got[i], 1e-5f + 1e-4f * Math.abs(want[i]), "[" + i + "]");
    }
  }

  @Test
  void configHintNamesTheKeysToAdd() {
    assertEquals(
        "resolution: 56x56, shift: 3",
        FeatureMapAttentions.configHint(FeatureMapGeometry.swin(Family.SWIN_V1, 56, 56, 7, 3)));
    assertEquals(
        "resolution: 4x56x56, shift: 4x3x3",
        FeatureMapAttentions.configHint(
            FeatureMapGeometry.videoSwin(
                new int[] {4, 56, 56}, new int[] {8, 7, 7}, new int[] {4, 3, 3})));
    assertEquals(
        "resolution: 197", FeatureMapAttentions.configHint(FeatureMapGeometry.temporal(8, 197)));
    assertArrayEquals(
        new int[] {0, 3, 3},
        FeatureMapGeometry.videoSwin(
                new int[] {4, 56, 56}, new int[] {8, 7, 7}, new int[] {4, 3, 3})
            .shift());
  }
}
