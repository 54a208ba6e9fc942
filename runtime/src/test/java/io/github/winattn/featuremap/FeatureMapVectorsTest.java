package io.github.winattn.featuremap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.testing.FeatureMapVectorCase;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The feature-map path of the reference kernel (mask-free, no copy) and of a kernel it must gather
 * for, against the official blocks' attention path ({@code make_featuremap_vectors.py}).
 */
class FeatureMapVectorsTest {

  static List<FeatureMapVectorCase> cases() {
    return FeatureMapVectorCase.all();
  }

  @Test
  void everyKindOfCaseIsThere() {
    List<String> names = cases().stream().map(FeatureMapVectorCase::name).toList();
    for (String kind :
        List.of(
            "fm_swin_v1_8x12_w4_s2_b2",
            "fm_swin_v1_clamped",
            "fm_swin_v2_8x12",
            "fm_video_swin_3x6x7",
            "fm_video_swin_clamped",
            "fm_video_swin_3x5x6_w2x4x4_s0",
            "fm_temporal")) {
      assertTrue(names.stream().anyMatch(n -> n.startsWith(kind)), kind + " missing from " + names);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void referenceAndGatheredMatchPyTorch(FeatureMapVectorCase c) {
    FeatureMapGeometry g = c.geometry();
    assertEquals(c.metadata().get("effective_shift"), join(g.shift()), c.name());
    if (g.family() != io.github.winattn.shape.Family.TEMPORAL) {
      assertEquals(c.metadata().get("padded"), join(g.padded()), c.name());
    }
    ReferenceKernel kernel = new ReferenceKernel(c.weights());
    for (AttentionKernel k :
        new AttentionKernel[] {kernel, new FeatureMapAttentionTest.Opaque(kernel)}) {
      FeatureMapAttention fm = FeatureMapAttentions.of(k, g);
      float[] out = new float[c.input().length];
      fm.forward(c.input(), 0, out, 0, c.images());
      double err = c.maxErrorVsF64(out);
      assertTrue(
          err <= c.toleranceVsF64(),
          c.name() + " " + fm.implementation() + ": max |ours - torch f64| = " + err);
      float[] par = new float[c.input().length];
      fm.forwardParallel(c.input(), 0, par, 0, c.images(), ForkJoinPool.commonPool(), 3);
      assertArrayEquals(out, par, c.name() + " parallel");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void geometryBuildsTheModuleShapeAndBindUsesTheRegistry(FeatureMapVectorCase c) {
    FeatureMapGeometry g = c.geometry();
    var b = g.shapeBuilder(c.shape().dim(), c.shape().heads()).qkvBias(c.shape().qkvBias());
    b.pretrainedWindow(c.shape().pretrainedWindow());
    assertEquals(c.shape(), b.build(), c.name());
    FeatureMapAttention fm = FeatureMapAttentions.bind(c.weights(), g);
    float[] out = new float[c.input().length];
    fm.forward(c.input(), 0, out, 0, c.images());
    assertTrue(c.maxErrorVsF64(out) <= c.toleranceVsF64(), c.name() + " " + fm.implementation());
  }

  private static String join(int[] v) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : "x").append(v[i]);
    }
    return sb.toString();
  }
}
