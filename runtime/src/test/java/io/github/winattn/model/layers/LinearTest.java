package io.github.winattn.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast Linear against a naive double loop, for sizes that exercise the 4-row blocks, the row
 * tail, an odd number of inputs, offsets, and each epilogue (including the residual being the
 * output).
 */
class LinearTest {

  @Test
  void matchesANaiveDoubleLoop() {
    Random r = new Random(11);
    for (int[] s : new int[][] {{7, 5, 3}, {9, 16, 24}, {4, 1, 1}, {13, 33, 17}, {1, 2, 40}}) {
      int rows = s[0];
      int in = s[1];
      int out = s[2];
      float[] w = gaussian(r, in * out);
      float[] b = gaussian(r, out);
      int xOff = 3;
      float[] x = gaussian(r, xOff + rows * in);
      for (MatMul.Epilogue e : MatMul.Epilogue.values()) {
        for (boolean bias : new boolean[] {true, false}) {
          Linear linear = new Linear(w, bias ? b : new float[0], in, out);
          int yOff = 2;
          float[] y = gaussian(r, yOff + rows * out);
          float[] residual = y.clone();
          linear.forward(x, xOff, y, yOff, 0, rows, e, y, yOff, MatMul.newScratch(out));
          for (int row = 0; row < rows; row++) {
            for (int o = 0; o < out; o++) {
              double acc = bias ? b[o] : 0;
              for (int i = 0; i < in; i++) {
                acc += (double) x[xOff + row * in + i] * w[o * in + i];
              }
              double expected =
                  switch (e) {
                    case NONE -> acc;
                    case GELU -> Gelu.gelu((float) acc);
                    case ADD -> residual[yOff + row * out + o] + acc;
                  };
              assertEquals(
                  expected,
                  y[yOff + row * out + o],
                  1e-5 + 1e-5 * Math.abs(expected),
                  e + " " + java.util.Arrays.toString(s) + " row " + row + " col " + o);
            }
          }
          assertEquals(residual[0], y[0], "before the offset untouched");
        }
      }
    }
  }

  private static float[] gaussian(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }
}
