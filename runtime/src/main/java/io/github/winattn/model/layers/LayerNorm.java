package io.github.winattn.model.layers;

/**
 * {@code nn.LayerNorm(dim)} with the official epsilon 1e-5 over the last axis of {@code (rows,
 * dim)}: {@code (x - mean) / sqrt(var + eps) * weight + bias}, the biased variance. Mean and
 * variance are accumulated in double in two passes, each in {@value #PARTIALS} partial sums
 * (element {@code i} into sum {@code i % 16}, the last {@code dim % 16} elements afterwards)
 * combined in a fixed order: independent add chains instead of one chain of {@code dim} dependent
 * adds. The normalisation is computed in double, so each output is within about one float ulp of
 * the float64 result (tested against a float64 oracle in {@code LayerNormTest}). The generated MLP
 * block kernels call {@link #row}, so they compute the same floats. Immutable; {@code x} and {@code
 * y} may be the same rows.
 */
public final class LayerNorm {

  /** The official epsilon of {@code nn.LayerNorm}. */
  public static final double EPS = 1e-5;

  /** Partial sums of the mean and of the variance: independent add chains, a fixed order. */
  public static final int PARTIALS = 16;

  private final int dim;
  private final float[] weight;
  private final float[] bias;

  /** Copies {@code weight} and {@code bias}, each of {@code dim} values. */
  public LayerNorm(float[] weight, float[] bias) {
    if (weight == null || bias == null || weight.length != bias.length || weight.length == 0) {
      throw new IllegalArgumentException(
          "weight and bias must have the same positive length (got "
              + (weight == null ? "null" : weight.length)
              + ", "
              + (bias == null ? "null" : bias.length)
              + ")");
    }
    this.dim = weight.length;
    this.weight = weight.clone();
    this.bias = bias.clone();
  }

  /** The normalised size. */
  public int dim() {
    return dim;
  }

  /** Normalises rows {@code [from, to)} of {@code x} into the same rows of {@code y}. */
  public void apply(float[] x, int xOffset, float[] y, int yOffset, int from, int to) {
    for (int r = from; r < to; r++) {
      int xo = xOffset + r * dim;
      int yo = yOffset + r * dim;
      row(x, xo, y, yo, dim, weight, bias);
    }
  }

  /**
   * One row: {@code y[yo, yo + dim) = LayerNorm(x[xo, xo + dim))} with {@code weight} and {@code
   * bias} of {@code dim} values. Each sum runs in {@code s0 ... s15} (element {@code i} into {@code
   * s(i % 16)}), combined as {@code s(j) + s(j + 8)} then pairwise, the last {@code dim % 16}
   * elements added in order.
   */
  public static void row(
      float[] x, int xo, float[] y, int yo, int dim, float[] weight, float[] bias) {
    int full = dim - dim % PARTIALS;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    double s8 = 0;
    double s9 = 0;
    double s10 = 0;
    double s11 = 0;
    double s12 = 0;
    double s13 = 0;
    double s14 = 0;
    double s15 = 0;
    for (int o = xo; o < xo + full; o += PARTIALS) {
      s0 += x[o];
      s1 += x[o + 1];
      s2 += x[o + 2];
      s3 += x[o + 3];
      s4 += x[o + 4];
      s5 += x[o + 5];
      s6 += x[o + 6];
      s7 += x[o + 7];
      s8 += x[o + 8];
      s9 += x[o + 9];
      s10 += x[o + 10];
      s11 += x[o + 11];
      s12 += x[o + 12];
      s13 += x[o + 13];
      s14 += x[o + 14];
      s15 += x[o + 15];
    }
    double sum =
        combine(s0 + s8, s1 + s9, s2 + s10, s3 + s11, s4 + s12, s5 + s13, s6 + s14, s7 + s15);
    for (int i = full; i < dim; i++) {
      sum += x[xo + i];
    }
    double mean = sum / dim;
    double q0 = 0;
    double q1 = 0;
    double q2 = 0;
    double q3 = 0;
    double q4 = 0;
    double q5 = 0;
    double q6 = 0;
    double q7 = 0;
    double q8 = 0;
    double q9 = 0;
    double q10 = 0;
    double q11 = 0;
    double q12 = 0;
    double q13 = 0;
    double q14 = 0;
    double q15 = 0;
    for (int o = xo; o < xo + full; o += PARTIALS) {
      double d0 = x[o] - mean;
      double d1 = x[o + 1] - mean;
      double d2 = x[o + 2] - mean;
      double d3 = x[o + 3] - mean;
      double d4 = x[o + 4] - mean;
      double d5 = x[o + 5] - mean;
      double d6 = x[o + 6] - mean;
      double d7 = x[o + 7] - mean;
      double d8 = x[o + 8] - mean;
      double d9 = x[o + 9] - mean;
      double d10 = x[o + 10] - mean;
      double d11 = x[o + 11] - mean;
      double d12 = x[o + 12] - mean;
      double d13 = x[o + 13] - mean;
      double d14 = x[o + 14] - mean;
      double d15 = x[o + 15] - mean;
      q0 = Math.fma(d0, d0, q0);
      q1 = Math.fma(d1, d1, q1);
      q2 = Math.fma(d2, d2, q2);
      q3 = Math.fma(d3, d3, q3);
      q4 = Math.fma(d4, d4, q4);
      q5 = Math.fma(d5, d5, q5);
      q6 = Math.fma(d6, d6, q6);
      q7 = Math.fma(d7, d7, q7);
      q8 = Math.fma(d8, d8, q8);
      q9 = Math.fma(d9, d9, q9);
      q10 = Math.fma(d10, d10, q10);
      q11 = Math.fma(d11, d11, q11);
      q12 = Math.fma(d12, d12, q12);
      q13 = Math.fma(d13, d13, q13);
      q14 = Math.fma(d14, d14, q14);
      q15 = Math.fma(d15, d15, q15);
    }
    double sq =
        combine(q0 + q8, q1 + q9, q2 + q10, q3 + q11, q4 + q12, q5 + q13, q6 + q14, q7 + q15);
    for (int i = full; i < dim; i++) {
      double d = x[xo + i] - mean;
      sq = Math.fma(d, d, sq);
    }
    double inv = 1.0 / Math.sqrt(sq / dim + EPS);
    for (int i = 0; i < dim; i++) {
      y[yo + i] = (float) ((x[xo + i] - mean) * inv * weight[i] + bias[i]);
    }
  }

  /** Eight sums combined pairwise: {@code ((q0 + q1) + (q2 + q3)) + ((q4 + q5) + (q6 + q7))}. */
  private static double combine(
      double q0, double q1, double q2, double q3, double q4, double q5, double q6, double q7) {
    return ((q0 + q1) + (q2 + q3)) + ((q4 + q5) + (q6 + q7));
  }
}
