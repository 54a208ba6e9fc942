package io.github.winattn.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** LayerNorm against a float64 oracle: within one float ulp (2^-23 relative) plus 1e-7. */
class LayerNormTest {

  @Test
  void matchesFloat64IncludingALargeOffset() {
    for (int dim : new int[] {1, 7, 16, 17, 96, 100, 768}) {
      matchesFloat64(dim);
    }
  }

  private static void matchesFloat64(int dim) {
    Random r = new Random(3 + dim);
    int rows = 5;
    float[] w = new float[dim];
    float[] b = new float[dim];
    float[] x = new float[rows * dim];
    for (int i = 0; i < dim; i++) {
      w[i] = (float) r.nextGaussian();
      b[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (1000 + r.nextGaussian()); // a large mean: naive float sums lose digits
    }
    LayerNorm norm = new LayerNorm(w, b);
    float[] y = new float[x.length];
    norm.apply(x, 0, y, 0, 0, rows);
    for (int row = 0; row < rows; row++) {
      double mean = 0;
      for (int i = 0; i < dim; i++) {
        mean += x[row * dim + i];
      }
      mean /= dim;
      double var = 0;
      for (int i = 0; i < dim; i++) {
        var += Math.pow(x[row * dim + i] - mean, 2);
      }
      var /= dim;
      for (int i = 0; i < dim; i++) {
        double exact = (x[row * dim + i] - mean) / Math.sqrt(var + 1e-5) * w[i] + b[i];
        assertEquals(
            exact, y[row * dim + i], 1e-7 + Math.ulp((float) exact), "dim " + dim + " row " + row);
      }
    }
    float[] inPlace = x.clone();
    norm.apply(inPlace, 0, inPlace, 0, 0, rows);
    assertEquals(java.util.Arrays.toString(y), java.util.Arrays.toString(inPlace));
  }

  @Test
  void refusesMismatchedParameters() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> new LayerNorm(new float[3], new float[4]));
    assertEquals("weight and bias must have the same positive length (got 3, 4)", e.getMessage());
  }
}
