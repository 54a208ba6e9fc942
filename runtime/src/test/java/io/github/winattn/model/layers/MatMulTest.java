package io.github.winattn.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.winattn.testing.ThreadAllocation;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API matrix product against the plain {@link Linear} and a naive double loop, on sizes
 * that exercise full and partial panels (out 10, 97, 384, 3072 and others), register-tile row tails
 * (rows 1, 5, 49, 3136), odd inputs, offsets, a row range not starting at 0, every epilogue (the
 * residual a separate array and the output itself), bias and no bias.
 *
 * <p>Both implementations start each output at the bias and add {@code x[r, k] * W[o, k]} with one
 * fma per {@code k} in order, and the GELUs perform the same float operations, so vector and plain
 * must agree bit for bit; the naive double loop checks both within float rounding.
 */
class MatMulTest {

  /**
   * {@code rows x in x out}; {@code in} small where rows or out are large so that the test stays
   * fast (until C2 compiles it, Vector API code runs a hundred times slower than scalar code).
   */
  static final int[][] SHAPES = {
    {1, 7, 10},
    {5, 33, 10},
    {49, 40, 97},
    {5, 97, 384},
    {49, 33, 384},
    {3136, 4, 10},
    {1, 96, 3072},
    {5, 31, 3072},
    {49, 4, 3072},
    {13, 3, 1},
    {7, 384, 96},
    {3, 1, 48},
    {6, 17, 1000},
  };

  @Test
  void vectorEqualsPlainAndBothMatchANaiveDoubleLoop() {
    assumeTrue(
        io.github.winattn.registry.VectorSupport.inBootLayer(), "needs jdk.incubator.vector");
    Random r = new Random(12);
    for (int[] s : SHAPES) {
      int rows = s[0];
      int in = s[1];
      int out = s[2];
      float[] w = gaussian(r, in * out, 1 / Math.sqrt(in));
      float[] b = gaussian(r, out, 1);
      int xOff = 5;
      int from = rows > 2 ? 1 : 0;
      float[] x = gaussian(r, xOff + rows * in, 1);
      for (boolean bias : new boolean[] {true, false}) {
        double[] exact = naive(x, xOff, w, bias ? b : null, rows, in, out);
        MatMul plain = MatMulKind.PLAIN.create(w, bias ? b : new float[0], in, out);
        MatMul vector = MatMulKind.VECTOR.create(w, bias ? b : new float[0], in, out);
        assertEquals("plain", plain.implementation());
        assertEquals("vector", vector.implementation());
        for (MatMul.Epilogue e : MatMul.Epilogue.values()) {
          for (boolean inPlace : new boolean[] {false, true}) {
            if (inPlace && e != MatMul.Epilogue.ADD) {
              continue;
            }
            int yOff = 3;
            int rOff = inPlace ? yOff : 7;
            float[] start = gaussian(r, yOff + rows * out + 2, 1);
            float[] residual = inPlace ? null : gaussian(r, rOff + rows * out, 1);
            float[][] got = new float[2][];
            MatMul[] kinds = {plain, vector};
            for (int k = 0; k < 2; k++) {
              float[] y = start.clone();
              kinds[k].forward(
                  x,
                  xOff,
                  y,
                  yOff,
                  from,
                  rows,
                  e,
                  inPlace ? y : residual,
                  rOff,
                  MatMul.newScratch(out));
              got[k] = y;
            }
            String what = e + (inPlace ? " in place" : "") + " bias " + bias + " " + shape(s);
            assertArrayEquals(got[0], got[1], "vector vs plain " + what);
            float[] y = got[1];
            float[] res = inPlace ? start : residual;
            for (int i = 0; i < yOff + from * out; i++) {
              assertEquals(start[i], y[i], "before the rows written " + i + " " + what);
            }
            for (int i = yOff + rows * out; i < y.length; i++) {
              assertEquals(start[i], y[i], "after the rows written " + i + " " + what);
            }
            for (int row = from; row < rows; row++) {
              for (int o = 0; o < out; o++) {
                double v = exact[row * out + o];
                double expected =
                    switch (e) {
                      case NONE -> v;
                      case GELU -> gelu(v);
                      case ADD -> res[rOff + row * out + o] + v;
                    };
                float actual = y[yOff + row * out + o];
                assertTrue(
                    Math.abs(actual - expected) <= 2e-5 + 2e-5 * Math.abs(expected),
                    what + " row " + row + " col " + o + ": " + actual + " vs " + expected);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void plainIsChosenExplicitlyAndAutoFollowsTheBootLayer() {
    assertEquals(MatMulKind.PLAIN, MatMulKind.PLAIN.resolve());
    assertEquals(MatMulKind.VECTOR, MatMulKind.VECTOR.resolve());
    assertEquals(
        io.github.winattn.registry.VectorSupport.inBootLayer()
            ? MatMulKind.VECTOR
            : MatMulKind.PLAIN,
        MatMulKind.AUTO.resolve());
    MatMul auto = MatMulKind.AUTO.create(new float[6], new float[0], 2, 3);
    assertEquals(MatMulKind.AUTO.resolve().name().toLowerCase(), auto.implementation());
  }

  @Test
  void badWeightShapesAreRejectedByBothKinds() {
    for (MatMulKind k : new MatMulKind[] {MatMulKind.PLAIN, MatMulKind.AUTO}) {
      var e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class, () -> k.create(new float[5], new float[0], 2, 3));
      assertEquals("weight must have out * in = 3 * 2 values (got 5)", e.getMessage());
      var f =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class, () -> k.create(new float[6], new float[2], 2, 3));
      assertEquals("bias must have 3 values or none (got 2)", f.getMessage());
    }
  }

  @Test
  void warmVectorCallsAllocateNothing() {
    assumeTrue(io.github.winattn.registry.VectorSupport.inBootLayer());
    var counter = ThreadAllocation.counterOrSkip();
    Random r = new Random(3);
    int rows = 9;
    int in = 40;
    int out = 97; // a partial last panel
    MatMul m = MatMulKind.VECTOR.create(gaussian(r, in * out, 0.2), gaussian(r, out, 1), in, out);
    float[] x = gaussian(r, rows * in, 1);
    float[] y = new float[rows * out];
    float[][] acc = MatMul.newScratch(out);
    MatMul.Epilogue[] epilogues = MatMul.Epilogue.values();
    Runnable call =
        () -> {
          for (MatMul.Epilogue e : epilogues) {
            m.forward(x, 0, y, 0, 0, rows, e, y, 0, acc);
          }
        };
    // Vector API code allocates its vectors until C2 has compiled it: warm up until a pair of
    // calls allocates nothing, for at most 30 s (a few hundred milliseconds on a quiet machine).
    long allocated = ThreadAllocation.bytesPerWarmPair(counter, call, 500, 30);
    assertEquals(0, allocated, "bytes allocated per warm call");
  }

  private static double[] naive(
      float[] x, int xOff, float[] w, float[] b, int rows, int in, int out) {
    double[] y = new double[rows * out];
    for (int row = 0; row < rows; row++) {
      for (int o = 0; o < out; o++) {
        double acc = b == null ? 0 : b[o];
        for (int i = 0; i < in; i++) {
          acc += (double) x[xOff + row * in + i] * w[o * in + i];
        }
        y[row * out + o] = acc;
      }
    }
    return y;
  }

  /** The float GELU of the double result ({@link GeluTest} bounds it against a float64 erf). */
  private static double gelu(double v) {
    return Gelu.gelu((float) v);
  }

  private static String shape(int[] s) {
    return Arrays.toString(s);
  }

  private static float[] gaussian(Random r, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * scale);
    }
    return a;
  }
}
