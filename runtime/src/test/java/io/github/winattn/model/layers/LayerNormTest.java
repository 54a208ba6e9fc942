package io.github.winattn.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.winattn.registry.VectorSupport;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * LayerNorm against a float64 oracle: within 3 float ulps of the scaled term {@code (x - mean) *
 * inv * weight} plus one ulp of the result (measured: at most 0.65 of that bound); the Vector API
 * lanes equal the plain loop bit for bit.
 */
class LayerNormTest {

  @Test
  void matchesFloat64IncludingALargeOffset() {
    for (int dim : new int[] {1, 7, 16, 17, 96, 100, 768}) {
      for (double offset : new double[] {0, 1000, -3e5}) {
        matchesFloat64(dim, offset);
      }
    }
  }

  private static void matchesFloat64(int dim, double offset) {
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
      x[i] = (float) (offset + r.nextGaussian()); // a large mean: naive float sums lose digits
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
        double scaled = (x[row * dim + i] - mean) / Math.sqrt(var + 1e-5) * w[i];
        double exact = scaled + b[i];
        // the float normalisation: a few roundings of the scaled term and one of the sum
        double bound = 3 * Math.ulp((float) Math.abs(scaled)) + Math.ulp((float) exact);
        assertEquals(
            exact, y[row * dim + i], bound, "dim " + dim + " offset " + offset + " row " + row);
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

  @Test
  void vectorLanesEqualThePlainLoopBitForBit() {
    assumeTrue(VectorSupport.inBootLayer(), "needs " + VectorSupport.FLAG);
    Random r = new Random(11);
    for (int dim : new int[] {1, 15, 16, 17, 96, 100, 768}) {
      float[] w = new float[dim];
      float[] b = new float[dim];
      float[] x = new float[dim + 5];
      for (int i = 0; i < dim; i++) {
        w[i] = (float) r.nextGaussian();
        b[i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (r.nextGaussian() * 30);
      }
      float[] plain = new float[dim + 3];
      float[] lanes = new float[dim + 3];
      LayerNorm.normalize(x, 5, plain, 3, dim, 1.25f, 3e-8f, 0.75f, w, b, 0);
      VectorLayerNorm.normalize(x, 5, lanes, 3, dim, 1.25f, 3e-8f, 0.75f, w, b);
      for (int i = 0; i < plain.length; i++) {
        assertEquals(
            Float.floatToRawIntBits(plain[i]),
            Float.floatToRawIntBits(lanes[i]),
            "dim " + dim + " element " + i);
      }
    }
  }
}
