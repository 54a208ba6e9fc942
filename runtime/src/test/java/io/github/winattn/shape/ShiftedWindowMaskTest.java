package io.github.winattn.shape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShiftedWindowMaskTest {

  @Test
  void oneAxisExampleByHand() {
    // 1-D input of 4 with window 2 and shift 1: labels [0, 0, 1, 2]; windows {0,1} and {2,3}.
    float[] mask = ShiftedWindowMask.build(new int[] {4}, new int[] {2}, new int[] {1});
    float m = ShiftedWindowMask.MASKED;
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, m, m, 0}, mask);
  }

  @Test
  void twoDLastWindowHasFourRegions() {
    // 4x4 input, window 2, shift 1: window 3 (bottom right) holds regions (1,1),(1,2),(2,1),(2,2).
    float[] mask = ShiftedWindowMask.build(new int[] {4, 4}, new int[] {2, 2}, new int[] {1, 1});
    assertEquals(4 * 16, mask.length);
    int base = 3 * 16;
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(i == j ? 0f : ShiftedWindowMask.MASKED, mask[base + i * 4 + j]);
      }
    }
    // window 0 (top left) is one region: no masking at all
    for (int k = 0; k < 16; k++) {
      assertEquals(0f, mask[k]);
    }
  }

  @Test
  void zeroShiftAxisIsNotSplit() {
    float[] mask = ShiftedWindowMask.build(new int[] {2, 4}, new int[] {2, 2}, new int[] {0, 1});
    // last window: tokens (0,0),(0,1),(1,0),(1,1) with w-labels 1,2,1,2
    int base = 16;
    assertEquals(0f, mask[base + 0 * 4 + 2]);
    assertEquals(ShiftedWindowMask.MASKED, mask[base + 0 * 4 + 1]);
  }

  @Test
  void swinBlockClampsWindowAndDropsShift() {
    var g = ShiftedWindowMask.swinBlock(new int[] {5, 5}, 7, 3);
    assertArrayEquals(new int[] {5, 5}, g.window());
    assertFalse(g.shifted());
    var h = ShiftedWindowMask.swinBlock(new int[] {14, 14}, 7, 3);
    assertTrue(h.shifted());
  }

  @Test
  void videoSwinClampsPerAxis() {
    var g =
        ShiftedWindowMask.videoSwinBlock(
            new int[] {1, 14, 14}, new int[] {8, 7, 7}, new int[] {4, 3, 3});
    assertArrayEquals(new int[] {1, 7, 7}, g.window());
    assertArrayEquals(new int[] {0, 3, 3}, g.shift());
  }

  @Test
  void rejectsShiftNotSmallerThanWindow() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ShiftedWindowMask.build(new int[] {4}, new int[] {2}, new int[] {2}));
  }
}
