package io.github.winattn.generator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.generator.testing.TestShapes;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelPlannerTest {

  @Test
  void fusedMapsAreTheClampedGeometriesOnce() {
    AttentionShape s = TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 3);
    KernelPlanner planner = new KernelPlanner();
    KernelPlan p =
        planner.plan(
            s,
            true,
            "K",
            List.of(
                FeatureMapGeometry.swin(Family.SWIN_V1, 56, 56, 7, 3),
                FeatureMapGeometry.swin(Family.SWIN_V1, 56, 56, 7, 0),
                FeatureMapGeometry.swin(Family.SWIN_V1, 56, 56, 7, 3),
                // a 7x7 map clamps shift 3 to 0: the same map as shift 0
                FeatureMapGeometry.swin(Family.SWIN_V1, 7, 7, 7, 3),
                FeatureMapGeometry.swin(Family.SWIN_V1, 7, 7, 7, 0)));
    assertEquals(
        List.of("56x56 shift 3x3", "56x56 shift 0x0", "7x7 shift 0x0"),
        p.fusedMaps().stream().map(FusedMap::description).toList());
    assertEquals(64, p.fusedMaps().get(0).windows());
    assertTrue(p.hasShiftedMaps());
    assertEquals(4, p.windowClasses());
    assertTrue(p.describe().contains("56x56 shift 3x3: 64 windows per image, 4 window classes"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                planner.plan(
                    s, false, "K", List.of(FeatureMapGeometry.swin(Family.SWIN_V1, 56, 56, 7, 3))));
    assertTrue(e.getMessage().contains("needs a masked kernel"), e.getMessage());
    KernelPlan video =
        planner.plan(
            AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 4, 4), 16, 2).build(),
            true,
            "V",
            List.of(
                FeatureMapGeometry.videoSwin(
                    new int[] {3, 6, 7}, new int[] {2, 4, 4}, new int[] {1, 2, 2})));
    assertEquals(8, video.windowClasses());
    assertEquals(8, video.fusedMaps().get(0).windows(), "padded 4x8x8: 2 x 2 x 2 windows");
  }

  private final KernelPlanner planner = new KernelPlanner();

  @Test
  void projectionTilesTakeThreeVectorsWhereTheDimSplitsIntoWholePanels() {
    assertEquals(
        3,
        KernelPlanner.projectionVectorsPerTile(
            TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 3), 7, Budgets.DEFAULT));
    assertEquals(
        3,
        KernelPlanner.projectionVectorsPerTile(
            TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 768, 24), 7, Budgets.DEFAULT));
    // 128 columns would pad to 144 with 48-column panels: 2 vectors, 32 columns
    assertEquals(
        2,
        KernelPlanner.projectionVectorsPerTile(
            TestShapes.shape(Family.SWIN_V1, Window.of2d(12, 12), 128, 4), 8, Budgets.DEFAULT));
    // 8 x 3 = 24 accumulators spill: 8 x 2
    assertEquals(
        2,
        KernelPlanner.projectionVectorsPerTile(
            TestShapes.shape(Family.SWIN_V1, Window.of2d(8, 8), 96, 3), 8, Budgets.DEFAULT));
  }

  @Test
  void rowTileWastesTheFewestPaddingRows() {
    assertEquals(7, KernelPlanner.rowsPerTile(49));
    assertEquals(8, KernelPlanner.rowsPerTile(64));
    assertEquals(8, KernelPlanner.rowsPerTile(392));
    assertEquals(8, KernelPlanner.rowsPerTile(784));
    assertEquals(1, KernelPlanner.rowsPerTile(1));
    assertEquals(5, KernelPlanner.rowsPerTile(5));
    KernelPlan p =
        planner.plan(TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 3), true, "K");
    assertEquals(new Tiling(7, 2, 3, 49, false, 3), p.tiling());
    KernelPlan wide =
        planner.plan(TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 384, 12), true, "K");
    assertEquals(new Tiling(7, 2, 3, 49, true, 3), wide.tiling());
    assertTrue(
        wide.describe().contains("projection inputs copied interleaved by MR rows"),
        wide.describe());
  }

  @Test
  void windowGroupsReachTheRowTargetWithinTheQkvBudget() {
    // temporal t8 at C = 768: 16 windows would be 128 rows, but 14 keep qkv (112 x 2304 floats)
    // within 1 MiB
    KernelPlan t8 =
        planner.plan(TestShapes.shape(Family.TEMPORAL, Window.of1d(8), 768, 12), true, "K");
    assertEquals(14, t8.tiling().groupWindows());
    assertEquals(112, t8.tiling().groupRows());
    assertTrue(4L * 112 * 2304 <= Budgets.DEFAULT.groupQkvBytes());
    assertTrue(t8.describe().contains("14 windows per projection pass (112 rows"), t8.describe());
    assertEquals(
        7,
        planner
            .plan(TestShapes.shape(Family.TEMPORAL, Window.of1d(16), 768, 12), true, "K")
            .tiling()
            .groupWindows());
    // Swin-T stage 1 (49 rows, C = 96): 3 windows reach 128 rows; stage 4 (C = 768): 2 fit
    assertEquals(
        3,
        planner
            .plan(TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 3), true, "K")
            .tiling()
            .groupWindows());
    assertEquals(
        2,
        planner
            .plan(TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 768, 24), false, "K")
            .tiling()
            .groupWindows());
    // a window of 144 rows alone is enough; without qkv there are no weights to reuse
    KernelPlan w12 =
        planner.plan(TestShapes.shape(Family.SWIN_V1, Window.of2d(12, 12), 128, 4), true, "K");
    assertEquals(1, w12.tiling().groupWindows());
    assertTrue(w12.describe().contains("1 window per pass (144 rows)"), w12.describe());
    AttentionShape noQkv =
        AttentionShape.builder(Family.TEMPORAL, Window.of1d(8), 64, 8).withQkv(false).build();
    assertEquals(1, planner.plan(noQkv, true, "K").tiling().groupWindows());
    // the workspace holds GROUP windows' rows of x, qkv, y and proj
    KernelPlan one =
        new KernelPlanner(Budgets.DEFAULT.withGroups(1, 0))
            .plan(TestShapes.shape(Family.TEMPORAL, Window.of1d(8), 768, 12), true, "K");
    assertEquals(1, one.tiling().groupWindows());
    assertEquals(
        14 * one.workspaceFloats(16).get("qkv") - 13 * 16,
        (long) t8.workspaceFloats(16).get("qkv"));
  }

  @Test
  void budgetsRejectANonPositiveGroupTarget() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Budgets.DEFAULT.withGroups(0, 1));
    assertEquals("groupRows must be >= 1 and groupQkvBytes >= 0 (got 0, 1)", e.getMessage());
  }

  @Test
  void plainAttentionProductsUseFourRowTiles() {
    KernelPlan p =
        planner.plan(TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 3), true, "K");
    assertEquals(new PlainTiling(4), p.plainTiling());
    assertTrue(p.describe().contains("attention products 4 rows per tile"), p.describe());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new PlainTiling(8));
    assertEquals("rowsPerTile must be in 1..4 (got 8)", e.getMessage());
  }

  @Test
  void smallShapesUseDenseBiasAndLiteralOffsets() {
    KernelPlan p =
        planner.plan(TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 3), true, "K");
    assertEquals(BiasEncoding.DENSE, p.biasEncoding());
    assertEquals(IndexEncoding.LITERAL, p.indexEncoding());
    assertEquals(ScoreScaling.FOLDED_INTO_Q, p.scoreScaling());
  }

  @Test
  void largeVideoWindowGathersTheBiasAndPacksTheOffsets() {
    // dense (24, 784, 784) would be ~59 MB
    AttentionShape s = TestShapes.shape(Family.VIDEO_SWIN, Window.of3d(16, 7, 7), 768, 24);
    KernelPlan p = planner.plan(s, true, "K");
    assertEquals(BiasEncoding.GATHER, p.biasEncoding());
    assertEquals(IndexEncoding.PACKED_STRING, p.indexEncoding());
    assertTrue(
        p.denseBiasBytes() > Budgets.DEFAULT.denseBiasBytes(), "dense " + p.denseBiasBytes());
    assertTrue(p.describe().contains("GATHER"), p.describe());
  }

  /**
   * The relative position index written straight from token coordinates, as the official modules
   * build it: token t of a (D, H, W) window sits at (t / (H*W), t / W % H, t % W); the index of (i,
   * j) shifts each coordinate difference by window - 1 and strides by (2H-1)(2W-1) and 2W-1. A
   * clamped window keeps the first N rows and columns of the full window's index.
   */
  private static int naiveIndex(Window full, int n, int i, int j) {
    int d = full.depth();
    int h = full.height();
    int w = full.width();
    int dd = i / (h * w) - j / (h * w) + d - 1;
    int dh = i / w % h - j / w % h + h - 1;
    int dw = i % w - j % w + w - 1;
    return dd * (2 * h - 1) * (2 * w - 1) + dh * (2 * w - 1) + dw;
  }

  @Test
  void tokenOffsetsFoldTheRelativeIndex() {
    AttentionShape[] shapes = {
      AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 3, 4), 48, 2)
          .effectiveWindow(Window.of3d(2, 2, 3))
          .build(),
      TestShapes.shape(Family.VIDEO_SWIN, Window.of3d(2, 3, 4), 48, 2),
      TestShapes.shape(Family.SWIN_V1, Window.of2d(3, 5), 40, 2),
      TestShapes.shape(Family.TEMPORAL, Window.of1d(6), 16, 2)
    };
    for (AttentionShape s : shapes) {
      KernelPlan p = planner.plan(s, true, "K");
      int n = s.tokens();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          assertEquals(
              naiveIndex(s.window(), n, i, j),
              p.tokenOffsets().get(i) - p.tokenOffsets().get(j) + p.centre(),
              s.describe() + ": index[" + i + ", " + j + "]");
        }
      }
    }
  }

  @Test
  void workspaceIsSizedFromTheBuffersTheKernelDeclares() {
    // Swin-T stage 1 at 16 lanes: ROWS 49, GROUP 3 (GROUP_ROWS 147), KEYS 64, PANEL 32,
    // QKV_STRIDE 288, Y_STRIDE 2*32+32 = 96; x, qkv, proj and y hold a group, the rest one window
    KernelPlan p =
        planner.plan(TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 3), true, "K");
    java.util.Map<String, Long> expected = new java.util.LinkedHashMap<>();
    expected.put("x", 147L * 96 + 16);
    expected.put("qkv", 147L * 288 + 16);
    expected.put("proj", 147L * 96 + 16);
    expected.put("keysT", 32L * 64 + 16);
    expected.put("scores", 49L * 64 + 16);
    expected.put("y", 147L * 96 + 16);
    expected.put("rowScale", 49L);
    expected.put("maxLanes", 16L);
    expected.put("maskRows", 49L * 64);
    assertEquals(expected, p.workspaceFloats(16));
    assertEquals(
        4 * expected.values().stream().mapToLong(Long::longValue).sum(), p.workspaceBytes());
    assertEquals(
        List.of("x", "qkv", "proj", "keysT", "scores", "y", "rowScale", "maxLanes", "maskRows"),
        p.vectorLayout().buffers().stream().map(Buffer::name).toList());
    assertEquals(64, p.vectorLayout().constant("KEYS").eval(16));
    assertEquals(56, p.vectorLayout().constant("KEYS").eval(8));
    assertEquals(96, p.vectorLayout().constant("Y_STRIDE").eval(16));
    assertEquals(147, p.vectorLayout().constant("GROUP_ROWS").eval(16));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> p.vectorLayout().constant("NOPE"));
    assertEquals("layout has no constant NOPE", e.getMessage());
  }

  @Test
  void scalingFollowsTheFamily() {
    assertEquals(
        ScoreScaling.AFTER_PRODUCT,
        planner
            .plan(TestShapes.shape(Family.TEMPORAL, Window.of1d(8), 64, 8), true, "K")
            .scoreScaling());
    assertEquals(
        ScoreScaling.COSINE,
        planner
            .plan(TestShapes.shape(Family.SWIN_V2, Window.of2d(8, 8), 64, 2), true, "K")
            .scoreScaling());
  }

  @Test
  void unmaskedPlanHasNoMaskStep() {
    KernelPlan p =
        planner.plan(TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 3), false, "K");
    assertTrue(!p.has(StepKind.MASK));
    assertTrue(p.describe().contains("masked calls rejected"), p.describe());
  }

  @Test
  void shapeBeyondTheWorkspaceBudgetIsRejectedWithAReason() {
    AttentionShape huge = TestShapes.shape(Family.SWIN_V1, Window.of2d(64, 64), 96, 3);
    String reason = planner.unsupportedReason(huge, true).orElseThrow();
    assertTrue(
        reason.contains("window=64x64")
            && reason.contains("scratch per thread")
            && reason.contains("budget"),
        reason);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> planner.plan(huge, true, "K"));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void catalogueSizedShapesAreSupported() {
    for (AttentionShape s :
        new AttentionShape[] {
          TestShapes.shape(Family.SWIN_V1, Window.of2d(16, 16), 1536, 48),
          TestShapes.shape(Family.VIDEO_SWIN, Window.of3d(8, 7, 7), 768, 24),
          TestShapes.shape(Family.VIDEO_SWIN, Window.of3d(16, 7, 7), 768, 24),
          TestShapes.shape(Family.SWIN_V2, Window.of2d(24, 24), 1536, 48)
        }) {
      assertEquals(java.util.Optional.empty(), planner.unsupportedReason(s, true), s.describe());
    }
  }
}
