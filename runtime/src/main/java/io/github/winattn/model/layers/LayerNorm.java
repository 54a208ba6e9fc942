package io.github.winattn.model.layers;

import io.github.winattn.registry.VectorSupport;

/**
 * {@code nn.LayerNorm(dim)} with the official epsilon 1e-5 over the last axis of {@code (rows,
 * dim)}: {@code (x - mean) / sqrt(var + eps) * weight + bias}, the biased variance.
 *
 * <p>Mean and variance come from one pass in double over {@code d = x - x[0]} (shifted data: the
 * variance {@code E[d^2] - E[d]^2} cancels only as much as the first element lies from the mean,
 * not as much as the mean lies from 0), in {@value #PARTIALS} partial sums of {@code d} and of
 * {@code d^2} combined in a fixed order. The normalisation runs in float, {@code ((x - meanHi) -
 * meanLo) * inv * weight + bias} with the mean split into two floats, in a loop that runs as Vector
 * API lanes ({@link VectorLayerNorm}) when {@code jdk.incubator.vector} is in the boot layer and as
 * the same float operations in plain Java otherwise: the two give the same floats bit for bit. Each
 * output is within a few float ulps of the float64 result ({@code LayerNormTest} states the bound;
 * PyTorch's own float32 LayerNorm is of the same order). The generated MLP block kernels call
 * {@link #row}, so they compute the same floats as the generic layers. Immutable; {@code x} and
 * {@code y} may be the same rows.
 */
public final class LayerNorm {

  /** The official epsilon of {@code nn.LayerNorm}. */
  public static final double EPS = 1e-5;

  /** Partial sums of {@code d} and of {@code d^2}: independent add chains, a fixed order. */
  public static final int PARTIALS = 8;

  /** Whether the normalisation loop runs in {@link VectorLayerNorm} (touched only when true). */
  private static final boolean VECTOR = VectorSupport.inBootLayer();

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
   * bias} of {@code dim} values ({@code dim >= 1}).
   */
  public static void row(
      float[] x, int xo, float[] y, int yo, int dim, float[] weight, float[] bias) {
    // mean and var in double over d = x - x[0]: element i into partial i % 8, the last dim % 8 in
    // order after the partials are combined pairwise
    double k = x[xo];
    int full = dim - dim % PARTIALS;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    double q0 = 0;
    double q1 = 0;
    double q2 = 0;
    double q3 = 0;
    double q4 = 0;
    double q5 = 0;
    double q6 = 0;
    double q7 = 0;
    for (int o = xo; o < xo + full; o += PARTIALS) {
      double d0 = x[o] - k;
      double d1 = x[o + 1] - k;
      double d2 = x[o + 2] - k;
      double d3 = x[o + 3] - k;
      double d4 = x[o + 4] - k;
      double d5 = x[o + 5] - k;
      double d6 = x[o + 6] - k;
      double d7 = x[o + 7] - k;
      s0 += d0;
      s1 += d1;
      s2 += d2;
      s3 += d3;
      s4 += d4;
      s5 += d5;
      s6 += d6;
      s7 += d7;
      q0 = Math.fma(d0, d0, q0);
      q1 = Math.fma(d1, d1, q1);
      q2 = Math.fma(d2, d2, q2);
      q3 = Math.fma(d3, d3, q3);
      q4 = Math.fma(d4, d4, q4);
      q5 = Math.fma(d5, d5, q5);
      q6 = Math.fma(d6, d6, q6);
      q7 = Math.fma(d7, d7, q7);
    }
    double sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    double squares = ((q0 + q1) + (q2 + q3)) + ((q4 + q5) + (q6 + q7));
    for (int i = xo + full; i < xo + dim; i++) {
      double d = x[i] - k;
      sum += d;
      squares = Math.fma(d, d, squares);
    }
    double shiftedMean = sum / dim;
    double var = Math.max(squares / dim - shiftedMean * shiftedMean, 0);
    double mean = k + shiftedMean;
    float meanHi = (float) mean;
    float meanLo = (float) (mean - meanHi);
    float inv = (float) (1.0 / Math.sqrt(var + EPS));
    if (VECTOR) {
      VectorLayerNorm.normalize(x, xo, y, yo, dim, meanHi, meanLo, inv, weight, bias);
    } else {
      normalize(x, xo, y, yo, dim, meanHi, meanLo, inv, weight, bias, 0);
    }
  }

  /**
   * {@code y = ((x - meanHi) - meanLo) * inv * weight + bias} for elements {@code [from, dim)} of
   * the row, in float: the definition {@link VectorLayerNorm#normalize} computes lane by lane.
   */
  static void normalize(
      float[] x,
      int xo,
      float[] y,
      int yo,
      int dim,
      float meanHi,
      float meanLo,
      float inv,
      float[] weight,
      float[] bias,
      int from) {
    for (int i = from; i < dim; i++) {
      y[yo + i] = ((x[xo + i] - meanHi) - meanLo) * inv * weight[i] + bias[i];
    }
  }
}
