package io.github.winattn.generated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.winattn.featuremap.FeatureMapAttention;
import io.github.winattn.featuremap.FeatureMapAttentions;
import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.registry.KernelChoice;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.testing.FeatureMapVectorCase;
import io.github.winattn.testing.Inputs;
import io.github.winattn.testing.RecordingPool;
import io.github.winattn.testing.ThreadAllocation;
import io.github.winattn.weights.AttentionWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped catalogue's fused feature-map entries, bound through the shared registry: both
 * variants against the official blocks' feature-map vectors, Swin-T stage 1 and a Video Swin stage
 * against the reference path, and 0 bytes allocated by a warm call.
 */
class CatalogueFeatureMapsTest {

  static List<FeatureMapVectorCase> cases() {
    return FeatureMapVectorCase.all();
  }

  private static List<KernelChoice> variants() {
    List<KernelChoice> v = new ArrayList<>(List.of(KernelChoice.GENERATED_PLAIN));
    if (KernelRegistry.shared().vectorAvailable()) {
      v.add(KernelChoice.GENERATED_VECTOR);
    }
    return v;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bothVariantsOfTheFusedEntryMatchTheOfficialBlocks(FeatureMapVectorCase c) {
    assertTrue(cases().size() >= 9, "expected the 9 feature-map vectors");
    for (KernelChoice choice : variants()) {
      FeatureMapAttention fm = FeatureMapAttentions.bind(c.weights(), c.geometry(), choice);
      assertEquals(
          choice.id() + " (fused feature map)", fm.implementation(), "the catalogue has the map");
      float[] out = new float[c.input().length];
      fm.forwardParallel(c.input(), 0, out, 0, c.images(), ForkJoinPool.commonPool(), 2);
      double err = c.maxErrorVsF64(out);
      assertTrue(
          err <= c.toleranceVsF64(),
          c.name() + " " + fm.implementation() + ": max |fused - torch f64| = " + err);
    }
  }

  /** Swin-T stage 1 (56x56, window 7, shift 3 and 0) and Video Swin-T on 8 frames, stage 1. */
  static List<FeatureMapGeometry> presetStages() {
    return List.of(
        FeatureMapGeometry.swin(Family.SWIN_V1, 56, 56, 7, 3),
        FeatureMapGeometry.swin(Family.SWIN_V1, 56, 56, 7, 0),
        FeatureMapGeometry.videoSwin(
            new int[] {4, 56, 56}, new int[] {8, 7, 7}, new int[] {4, 3, 3}));
  }

  /**
   * The vector fused entry hands windows to the kernel a group at a time ({@code forwardWindows}):
   * a range of windows in groups gives the same floats, bit for bit, as the same windows one by one
   * (groups of one), across window classes, the end of an image and a partial last group. As in
   * {@code WindowSplitTest}, bit for bit once the JIT state is stable (the interpreter and C2
   * compute the softmax's {@code exp} differently): each round computes grouped, single, grouped
   * and passes when all three agree.
   */
  @Test
  void groupedWindowsEqualWindowsOneByOne() {
    assumeTrue(KernelRegistry.shared().vectorAvailable(), "needs the Vector API");
    FeatureMapGeometry g = FeatureMapGeometry.swin(Family.SWIN_V1, 56, 56, 7, 3);
    AttentionShape shape = g.shapeBuilder(96, 3).build();
    FeatureMapAttention fm =
        FeatureMapAttentions.bind(Inputs.weights(shape, 5), g, KernelChoice.GENERATED_VECTOR);
    assertEquals("generated-vector (fused feature map)", fm.implementation());
    int images = 2;
    float[] x = Inputs.uniform(new Random(9), images * g.rowsPerImage() * 96, 1f);
    int from = g.windows() - 4; // the last row's windows and the corner of image 0
    int to = g.windows() + 5; // into image 1, ending mid-group
    float[] grouped = null;
    float[] single = null;
    for (int round = 0; round < 300; round++) {
      grouped = new float[x.length];
      fm.forward(x, 0, grouped, 0, images, from, to);
      single = new float[x.length];
      for (int k = from; k < to; k++) {
        fm.forward(x, 0, single, 0, images, k, k + 1);
      }
      float[] again = new float[x.length];
      fm.forward(x, 0, again, 0, images, from, to);
      if (Arrays.equals(grouped, single) && Arrays.equals(grouped, again)) {
        return;
      }
    }
    assertArrayEquals(single, grouped, "grouped windows differ from one by one (300 rounds)");
  }

  /**
   * Binds the fused entry and compares it with the reference path on an interior window (no mask
   * work) and the corner window (the most regions): both softmax paths, in a fraction of the time
   * of the whole map (the vectors cover every class).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("presetStages")
  void presetStagesGetTheFusedEntry(FeatureMapGeometry g) {
    AttentionShape shape = g.shapeBuilder(96, 3).build();
    AttentionWeights w = Inputs.weights(shape, 7);
    int corner = g.windows() - 1;
    assertEquals(g.shifted() ? 3 : 0, g.windowClass(corner), "the corner of " + g);
    int[][] ranges = {{0, 1}, {corner, corner + 1}};
    FeatureMapAttention reference = FeatureMapAttentions.of(new ReferenceKernel(w), g);
    float[] x = Inputs.uniform(new Random(3), g.rowsPerImage() * 96, 1f);
    float[] want = new float[x.length];
    for (int[] r : ranges) {
      reference.forward(x, 0, want, 0, 1, r[0], r[1]);
    }
    for (KernelChoice choice : variants()) {
      FeatureMapAttention fm = FeatureMapAttentions.bind(w, g, choice);
      assertEquals(choice.id() + " (fused feature map)", fm.implementation(), g.toString());
      float[] got = new float[x.length];
      for (int[] r : ranges) {
        fm.forward(x, 0, got, 0, 1, r[0], r[1]);
      }
      for (int i = 0; i < got.length; i++) {
        assertTrue(
            Math.abs(got[i] - want[i]) <= 1e-5f + 1e-4f * Math.abs(want[i]),
            g + " " + choice.id() + " [" + i + "]: " + got[i] + " vs " + want[i]);
      }
    }
  }

  @Test
  void warmFusedCallsAllocateNothing() {
    var counter = ThreadAllocation.counterOrSkip();
    FeatureMapVectorCase c =
        cases().stream()
            .filter(v -> v.name().startsWith("fm_video_swin_3x6x7"))
            .findFirst()
            .orElseThrow();
    for (KernelChoice choice : variants()) {
      FeatureMapAttention fm = FeatureMapAttentions.bind(c.weights(), c.geometry(), choice);
      assertTrue(fm.implementation().endsWith("(fused feature map)"), fm.implementation());
      float[] out = new float[c.input().length];
      // workspaces and class loading; the Vector API allocates its boxes until C2 compiles the
      // kernel (escape analysis), so "warm" means JIT-compiled there
      int warm = choice == KernelChoice.GENERATED_VECTOR ? 3000 : 3;
      for (int i = 0; i < warm; i++) {
        fm.forward(c.input(), 0, out, 0, c.images());
      }
      assertEquals(
          0,
          ThreadAllocation.bytesOf(counter, () -> fm.forward(c.input(), 0, out, 0, c.images())),
          fm.implementation() + " allocated per call");
    }
  }

  /**
   * At two threads, window chunks and split windows (more parts than windows): a warm call
   * allocates nothing on the caller or the workers, and the split equals the single-thread call.
   */
  @Test
  void warmFusedCallsAtTwoThreadsAllocateNothing() {
    var counter = ThreadAllocation.counterOrSkip();
    FeatureMapVectorCase c =
        cases().stream()
            .filter(v -> v.name().startsWith("fm_video_swin_3x6x7"))
            .findFirst()
            .orElseThrow();
    try (RecordingPool p = new RecordingPool(2)) {
      for (KernelChoice choice : variants()) {
        FeatureMapAttention fm = FeatureMapAttentions.bind(c.weights(), c.geometry(), choice);
        int windows = fm.windows(c.images());
        for (int parallelism : new int[] {2, 2 * windows}) {
          float[] out = new float[c.input().length];
          long bytes =
              p.bytesPerWarmCall(
                  counter,
                  () -> fm.forwardParallel(c.input(), 0, out, 0, c.images(), p.pool(), parallelism),
                  60);
          assertEquals(
              0,
              bytes,
              fm.implementation() + " at parallelism " + parallelism + ": bytes per warm call");
          double err = c.maxErrorVsF64(out);
          assertTrue(err <= c.toleranceVsF64(), fm.implementation() + ": " + err);
        }
      }
    }
  }
}
