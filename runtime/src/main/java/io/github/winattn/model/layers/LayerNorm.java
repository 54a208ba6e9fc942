package io.github.winattn.model.layers;

/**
 * {@code nn.LayerNorm(dim)} with the official epsilon 1e-5 over the last axis of {@code (rows,
 * dim)}: {@code (x - mean) / sqrt(var + eps) * weight + bias}, the biased variance. Mean and
 * variance are accumulated in double in two passes and the normalisation is computed in double, so
 * each output is within about one float ulp of the float64 result (tested against a float64 oracle
 * in {@code LayerNormTest}). Immutable; {@code x} and {@code y} may be the same rows.
 */
public final class LayerNorm {

  /** The official epsilon of {@code nn.LayerNorm}. */
  public static final double EPS = 1e-5;

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
      double sum = 0;
      for (int i = 0; i < dim; i++) {
        sum += x[xo + i];
      }
      double mean = sum / dim;
      double sq = 0;
      for (int i = 0; i < dim; i++) {
        double d = x[xo + i] - mean;
        sq += d * d;
      }
      double inv = 1.0 / Math.sqrt(sq / dim + EPS);
      for (int i = 0; i < dim; i++) {
        y[yo + i] = (float) ((x[xo + i] - mean) * inv * weight[i] + bias[i]);
      }
    }
  }
}
