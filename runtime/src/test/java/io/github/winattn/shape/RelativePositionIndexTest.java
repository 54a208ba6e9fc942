package io.github.winattn.shape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RelativePositionIndexTest {

  /**
   * The index straight from coordinates, the way docs/semantics.md writes it; an independent
   * oracle.
   */
  private static int[] naive(Window full, int n) {
    int wd = full.depth();
    int wh = full.height();
    int ww = full.width();
    int[] index = new int[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int di = i / (wh * ww);
        int hi = (i / ww) % wh;
        int wi = i % ww;
        int dj = j / (wh * ww);
        int hj = (j / ww) % wh;
        int wj = j % ww;
        index[i * n + j] =
            (di - dj + wd - 1) * (2 * wh - 1) * (2 * ww - 1)
                + (hi - hj + wh - 1) * (2 * ww - 1)
                + (wi - wj + ww - 1);
      }
    }
    return index;
  }

  @Test
  void temporalIsIMinusJPlusTMinusOne() {
    AttentionShape s = AttentionShape.builder(Family.TEMPORAL, Window.of1d(4), 8, 2).build();
    int[] index = RelativePositionIndex.compute(s);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(i - j + 3, index[i * 4 + j]);
      }
    }
  }

  @Test
  void nonSquare2dUsesTheWidthStride() {
    Window w = Window.of2d(3, 5);
    AttentionShape s = AttentionShape.builder(Family.SWIN_V1, w, 8, 2).build();
    assertArrayEquals(naive(w, 15), RelativePositionIndex.compute(s));
    // token (0,0) against token (2,4): dh = -2, dw = -4 -> (0)(9) + 0 = 0
    assertEquals(0, RelativePositionIndex.compute(s)[0 * 15 + 14]);
    // the other way round: dh = 2, dw = 4 -> 4*9 + 8 = 44 = rows - 1
    assertEquals(44, RelativePositionIndex.compute(s)[14 * 15]);
  }

  @Test
  void threeDMatchesTheFormula() {
    Window w = Window.of3d(2, 3, 4);
    AttentionShape s = AttentionShape.builder(Family.VIDEO_SWIN, w, 8, 2).build();
    assertArrayEquals(naive(w, 24), RelativePositionIndex.compute(s));
  }

  @Test
  void clampedVideoSwinSlicesTheFullWindowIndex() {
    Window full = Window.of3d(2, 4, 4);
    AttentionShape s =
        AttentionShape.builder(Family.VIDEO_SWIN, full, 8, 2)
            .effectiveWindow(Window.of3d(2, 2, 4))
            .build();
    int n = 16;
    int[] fullIndex = naive(full, 32);
    int[] expected = new int[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        expected[i * n + j] = fullIndex[i * 32 + j];
      }
    }
    assertArrayEquals(expected, RelativePositionIndex.compute(s));
  }
}
