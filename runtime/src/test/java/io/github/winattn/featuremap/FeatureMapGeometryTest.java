package io.github.winattn.featuremap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.shape.Family;
import io.github.winattn.shape.ShiftedWindowMask;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeatureMapGeometryTest {

  /** The mask built from the region ids equals ShiftedWindowMask's dense mask, window by window. */
  private static void assertRegionsGiveMask(FeatureMapGeometry g) {
    float[] dense = ShiftedWindowMask.build(g.padded(), g.window(), g.shift());
    int n = g.tokens();
    int[] ids = new int[n];
    int[] classIds = new int[n];
    for (int w = 0; w < g.windows(); w++) {
      g.regions(w, ids);
      g.regions(g.windowOfClass(g.windowClass(w)), classIds);
      assertArrayEquals(classIds, ids, "window " + w + " has its class's regions in " + g);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          float expected = dense[(w * n + i) * n + j];
          assertEquals(
              expected,
              ids[i] == ids[j] ? 0f : ShiftedWindowMask.MASKED,
              "window " + w + " pair " + i + "," + j + " of " + g);
        }
      }
    }
  }

  @Test
  void swinRegionsEqualTheDenseMask() {
    assertRegionsGiveMask(FeatureMapGeometry.swin(Family.SWIN_V1, 14, 21, 7, 3));
    assertRegionsGiveMask(FeatureMapGeometry.swin(Family.SWIN_V2, 8, 8, 4, 2));
    assertRegionsGiveMask(FeatureMapGeometry.swin(Family.SWIN_V1, 8, 8, 4, 0));
  }

  @Test
  void videoSwinRegionsEqualTheDenseMaskOnThePaddedSize() {
    FeatureMapGeometry g =
        FeatureMapGeometry.videoSwin(new int[] {5, 9, 7}, new int[] {2, 4, 4}, new int[] {1, 2, 2});
    assertArrayEquals(new int[] {6, 12, 8}, g.padded());
    assertRegionsGiveMask(g);
    assertRegionsGiveMask(
        FeatureMapGeometry.videoSwin(
            new int[] {2, 8, 8}, new int[] {8, 4, 4}, new int[] {4, 2, 2}));
  }

  @Test
  void fourWindowClassesIn2dEightIn3d() {
    FeatureMapGeometry g = FeatureMapGeometry.swin(Family.SWIN_V1, 21, 21, 7, 3);
    Set<Integer> classes = new HashSet<>();
    for (int w = 0; w < g.windows(); w++) {
      classes.add(g.windowClass(w));
    }
    assertEquals(Set.of(0, 1, 2, 3), classes);
    assertEquals(0, g.windowClass(0));
    assertEquals(3, g.windowClass(8)); // corner
    FeatureMapGeometry v =
        FeatureMapGeometry.videoSwin(new int[] {4, 8, 8}, new int[] {2, 4, 4}, new int[] {1, 2, 2});
    assertEquals(8, v.windowClasses());
    assertEquals(7, v.windowClass(v.windows() - 1));
  }

  @Test
  void rowsAreAPermutationOfTheMapPlusPadding() {
    FeatureMapGeometry g =
        FeatureMapGeometry.videoSwin(new int[] {3, 5, 6}, new int[] {2, 4, 4}, new int[] {1, 2, 2});
    int rows = g.rowsPerImage();
    boolean[] seen = new boolean[rows];
    int padding = 0;
    for (int w = 0; w < g.windows(); w++) {
      for (int t = 0; t < g.tokens(); t++) {
        int r = g.row(w, t);
        if (r < 0) {
          padding++;
        } else {
          assertFalse(seen[r], "row " + r + " twice");
          seen[r] = true;
        }
      }
    }
    for (boolean s : seen) {
      assertTrue(s);
    }
    assertEquals(4 * 8 * 8 - 3 * 5 * 6, padding);
  }

  @Test
  void rolledRowsByHand() {
    // 4x4 map, window 2, shift 1: window 0 token 0 is x[1, 1]; the corner window's last token x[0,
    // 0]
    FeatureMapGeometry g = FeatureMapGeometry.swin(Family.SWIN_V1, 4, 4, 2, 1);
    assertEquals(1 * 4 + 1, g.row(0, 0));
    assertEquals(0, g.row(3, 3));
    assertEquals(2 * 4 + 3, g.row(1, 2)); // window (0, 1) token (1, 0): rolled (1, 2) -> x[2, 3]
  }

  @Test
  void temporalRowsAreFramesOfOneToken() {
    FeatureMapGeometry g = FeatureMapGeometry.temporal(8, 5);
    assertEquals(5, g.windows());
    assertEquals(8, g.tokens());
    assertEquals(3 * 5 + 2, g.row(2, 3));
    assertFalse(g.shifted());
  }

  @Test
  void swinClampShrinksWindowAndDropsShift() {
    FeatureMapGeometry g = FeatureMapGeometry.swin(Family.SWIN_V1, 7, 14, 7, 3);
    assertArrayEquals(new int[] {7, 7}, g.window());
    assertArrayEquals(new int[] {0, 0}, g.shift());
    assertEquals(1, g.notes().size());
    assertTrue(g.notes().get(0).contains("shift 3 set to 0"), g.notes().toString());
    FeatureMapGeometry small = FeatureMapGeometry.swin(Family.SWIN_V2, 6, 6, 8, 4);
    assertArrayEquals(new int[] {6, 6}, small.window());
    assertTrue(FeatureMapGeometry.swin(Family.SWIN_V1, 56, 56, 7, 3).notes().isEmpty());
  }

  @Test
  void swinWithoutWholeWindowsIsRefused() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FeatureMapGeometry.swin(Family.SWIN_V1, 6, 9, 7, 3));
    assertTrue(e.getMessage().contains("6x9 is not a whole number of 6x6 windows"), e.getMessage());
    var s =
        assertThrows(
            IllegalArgumentException.class,
            () -> FeatureMapGeometry.swin(Family.SWIN_V1, 14, 14, 7, 7));
    assertTrue(s.getMessage().contains("0..6"), s.getMessage());
  }

  @Test
  void videoSwinClampsPerAxisLikeGetWindowSize() {
    FeatureMapGeometry g =
        FeatureMapGeometry.videoSwin(
            new int[] {4, 14, 14}, new int[] {8, 7, 7}, new int[] {4, 3, 3});
    assertArrayEquals(new int[] {4, 7, 7}, g.window());
    assertArrayEquals(new int[] {0, 3, 3}, g.shift());
    assertArrayEquals(new int[] {8, 7, 7}, g.requestedWindow());
    assertFalse(g.isPadded());
    assertEquals("[window D 8 clamped to 4, shift 4 set to 0]", g.notes().toString());
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                FeatureMapGeometry.videoSwin(
                    new int[] {4, 14, 14}, new int[] {8, 7, 7}, new int[] {4, 7, 3}));
    assertTrue(e.getMessage().contains("axis H"), e.getMessage());
    assertTrue(
        Arrays.toString(
                FeatureMapGeometry.videoSwin(
                        new int[] {8, 9, 7}, new int[] {8, 7, 7}, new int[] {0, 0, 0})
                    .notes()
                    .toArray())
            .contains("padded H 9 to 14"));
  }
}
