package io.github.winattn.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContinuousPositionBiasTest {

  @Test
  void coordsTableOfA2x2WindowByHand() {
    // dh, dw in {-1, 0, 1}; t = d / (2 - 1) * 8 = +-8; log2(9) / log2(8) = 1.0566416671474375
    float[] t = ContinuousPositionBias.coordsTable(Window.of2d(2, 2), Window.of2d(2, 2));
    float a = 1.0566416671474375f;
    float[] expected = {-a, -a, -a, 0, -a, a, 0, -a, 0, 0, 0, a, a, -a, a, 0, a, a};
    assertEquals(expected.length, t.length);
    for (int k = 0; k < t.length; k++) {
      assertEquals(expected[k], t[k], 1e-6, "entry " + k);
    }
  }

  @Test
  void coordsTableOfANonSquareWindowWithPretrainedSize() {
    // (dh, dw) at row (ih, iw) = (ih - 2, iw - 1); P = (5, 4)
    float[] t = ContinuousPositionBias.coordsTable(Window.of2d(3, 2), Window.of2d(5, 4));
    assertEquals(5 * 3 * 2, t.length);
    for (int ih = 0; ih < 5; ih++) {
      for (int iw = 0; iw < 3; iw++) {
        int k = (ih * 3 + iw) * 2;
        assertEquals(ModuleTensors.log8(8.0 * (ih - 2) / 4), t[k], 1e-6);
        assertEquals(ModuleTensors.log8(8.0 * (iw - 1) / 3), t[k + 1], 1e-6);
      }
    }
  }

  @Test
  void foldOfOneHiddenUnitByHand() {
    // only hidden unit 0 is live: hidden0 = relu(t_h), head 0 gets +hidden0, head 1 gets -hidden0
    AttentionShape s = AttentionShape.builder(Family.SWIN_V2, Window.of2d(2, 2), 4, 2).build();
    float[] w0 = new float[512 * 2];
    float[] b0 = new float[512];
    float[] w2 = new float[2 * 512];
    w0[0] = 1;
    w2[0] = 1;
    w2[512] = -1;
    float[] table = ContinuousPositionBias.fold(s, w0, b0, w2);
    double a = Math.log(9) / Math.log(8);
    for (int row = 0; row < 9; row++) {
      double hidden = row / 3 == 2 ? a : 0; // dh = +1 only for the last three rows
      assertEquals(16 / (1 + Math.exp(-hidden)), table[row * 2], 1e-6, "row " + row + " head 0");
      assertEquals(16 / (1 + Math.exp(hidden)), table[row * 2 + 1], 1e-6, "row " + row + " head 1");
    }
    assertEquals(8.0, table[0], 1e-6); // sigmoid(0) = 1/2
  }

  @Test
  void foldMatchesADoubleComputation() {
    AttentionShape s =
        AttentionShape.builder(Family.SWIN_V2, Window.of2d(3, 4), 12, 3)
            .pretrainedWindow(Window.of2d(2, 5))
            .build();
    Random r = new Random(42);
    float[] w0 = random(r, 1024, 1);
    float[] b0 = random(r, 512, 0.5);
    float[] w2 = random(r, 3 * 512, 0.1);
    float[] table = ContinuousPositionBias.fold(s, w0, b0, w2);
    double[] expected = foldInDouble(3, 4, 2, 5, w0, b0, w2, 3);
    assertEquals(expected.length, table.length);
    for (int k = 0; k < table.length; k++) {
      assertEquals(expected[k], table[k], 1e-6, "entry " + k);
    }
  }

  @Test
  void rejectsOtherFamiliesAndWrongLengths() {
    AttentionShape v1 = AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 2), 4, 2).build();
    assertEquals(
        "the continuous position bias belongs to swin_v2, not swin_v1",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ContinuousPositionBias.fold(
                        v1, new float[1024], new float[512], new float[1024]))
            .getMessage());
    AttentionShape v2 = AttentionShape.builder(Family.SWIN_V2, Window.of2d(2, 2), 4, 2).build();
    assertEquals(
        "cpb_mlp.2.weight: expected 1024 values, got 512",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ContinuousPositionBias.fold(
                        v2, new float[1024], new float[512], new float[512]))
            .getMessage());
  }

  /** {@code 16 * sigmoid(mlp(coords))} entirely in double, coords from the SPEC formula. */
  static double[] foldInDouble(
      int wh, int ww, int ph, int pw, float[] w0, float[] b0, float[] w2, int heads) {
    int rowsW = 2 * ww - 1;
    double[] out = new double[(2 * wh - 1) * rowsW * heads];
    for (int dh = -(wh - 1); dh <= wh - 1; dh++) {
      for (int dw = -(ww - 1); dw <= ww - 1; dw++) {
        double x0 = ModuleTensors.log8(8.0 * dh / (ph - 1));
        double x1 = ModuleTensors.log8(8.0 * dw / (pw - 1));
        int row = (dh + wh - 1) * rowsW + (dw + ww - 1);
        for (int h = 0; h < heads; h++) {
          double logit = 0;
          for (int k = 0; k < 512; k++) {
            logit += Math.max(0, x0 * w0[2 * k] + x1 * w0[2 * k + 1] + b0[k]) * w2[h * 512 + k];
          }
          out[row * heads + h] = 16 / (1 + Math.exp(-logit));
        }
      }
    }
    return out;
  }

  private static float[] random(Random r, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * scale);
    }
    return a;
  }
}
