package io.github.winattn.generator.emit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.generator.plan.KernelPlanner;
import io.github.winattn.generator.testing.TestShapes;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import org.junit.jupiter.api.Test;

/** The projections' tile width: 3 vectors only where the plan and the machine's vectors allow. */
class ProjectionTilesTest {

  private static String vectorSource(Window window, int dim, int heads) {
    KernelPlan p =
        new KernelPlanner().plan(TestShapes.shape(Family.SWIN_V1, window, dim, heads), true, "K");
    return KernelSources.vectorKernel("p", p, "test");
  }

  @Test
  void sevenRowTilesTakeThreeVectorsWithSixteenLanesAndTwoOtherwise() {
    String src = vectorSource(Window.of2d(7, 7), 96, 3);
    assertTrue(src.contains("static final int PROJ_NR = 2 + LANES / Math.max(LANES, 16);"), src);
    assertTrue(src.contains("static final int WEIGHT_PANEL = PROJ_NR * LANES;"), src);
    // one loop per width, both tiles emitted; C2 keeps the loop of the loaded width
    assertTrue(src.contains("if (PROJ_NR == 3) {"), src);
    assertTrue(src.contains("if (PROJ_NR == 2) {"), src);
    assertTrue(src.contains("private static void tile3Bias("), src);
    assertTrue(src.contains("private static void tile2Bias("), src);
    // the attention products keep 2-vector tiles and a 1-vector remainder
    assertTrue(src.contains("private static void tile2("), src);
    assertTrue(src.contains("private static void tile1("), src);
    assertFalse(src.contains("private static void tile3("), src);
  }

  @Test
  void eightRowTilesAndDimsWithoutWholePanelsKeepTwoVectors() {
    for (String src :
        new String[] {
          vectorSource(Window.of2d(8, 8), 96, 3), vectorSource(Window.of2d(7, 7), 128, 4)
        }) {
      assertTrue(src.contains("static final int PROJ_NR = 2;"), src);
      assertFalse(src.contains("tile3Bias"), src);
      assertFalse(src.contains("if (PROJ_NR =="), src);
    }
  }
}
