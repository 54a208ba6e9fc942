package io.github.winattn.model.layers;

/**
 * The exact GELU of {@code nn.GELU()} ({@code approximate='none'}): {@code 0.5 * x * (1 + erf(x /
 * sqrt(2)))}, with an erf accurate to float32 that C2 vectorises (no branch, no {@code exp}).
 *
 * <p>{@link #erf} is {@code z * P(z^2) / Q(z^2)} on {@code z} clamped to {@code [-4, 4]} (beyond,
 * {@code erf} is 1 to float precision: {@code erfc(4) = 1.5e-8}), {@code P} of degree 6 and {@code
 * Q} of degree 5, a rational fitted to {@code erf(z) / z} for this project by iteratively
 * reweighted least squares on the relative error (2.1e-9 in exact arithmetic); evaluated in float
 * with {@code fma} the error is a few float ulps ({@code GeluTest} measures it against a float64
 * erf over {@code [-10, 10]} and states the bound). The result is clamped to {@code [-1, 1]}.
 */
public final class Gelu {

  // erf(z) / z ~ P(s) / Q(s), s = z^2
  static final float P0 = 1.1283791693023275f;
  static final float P1 = 0.18520902635067057f;
  static final float P2 = 0.05431526722542182f;
  static final float P3 = 0.0038495277636780892f;
  static final float P4 = 0.0003795079930163657f;
  static final float P5 = 4.681996783994627e-06f;
  static final float P6 = -1.3188478006650021e-08f;
  static final float Q1 = 0.49747063869856856f;
  static final float Q2 = 0.1139586778826711f;
  static final float Q3 = 0.015461579978541543f;
  static final float Q4 = 0.0013074158103765646f;
  static final float Q5 = 6.308403563198534e-05f;

  private static final float SQRT1_2 = 0.70710678118654752f;

  /** Largest argument of the rational; erf is 1 to float precision beyond. */
  public static final float CLAMP = 4f;

  private Gelu() {}

  /** {@code erf(z)} to float32 accuracy; NaN gives NaN. */
  public static float erf(float z) {
    float c = Math.min(Math.max(z, -CLAMP), CLAMP);
    float s = c * c;
    float p =
        Math.fma(
            Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(P6, s, P5), s, P4), s, P3), s, P2), s, P1),
            s,
            P0);
    float q =
        Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Q5, s, Q4), s, Q3), s, Q2), s, Q1), s, 1f);
    return Math.min(Math.max(c * p / q, -1f), 1f);
  }

  /** {@code gelu(x)} of one value. */
  public static float gelu(float x) {
    return 0.5f * x * (1f + erf(x * SQRT1_2));
  }

  /**
   * Applies GELU in place to {@code a[from, to)}; one loop over one array, which C2 vectorises (the
   * body is {@link #gelu} inlined by hand so that nothing stops the vectoriser).
   */
  public static void applyInPlace(float[] a, int from, int to) {
    for (int j = from; j < to; j++) {
      float x = a[j];
      float c = Math.min(Math.max(x * SQRT1_2, -CLAMP), CLAMP);
      float s = c * c;
      float p =
          Math.fma(
              Math.fma(
                  Math.fma(Math.fma(Math.fma(Math.fma(P6, s, P5), s, P4), s, P3), s, P2), s, P1),
              s,
              P0);
      float q =
          Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Q5, s, Q4), s, Q3), s, Q2), s, Q1), s, 1f);
      float e = Math.min(Math.max(c * p / q, -1f), 1f);
      a[j] = 0.5f * x * (1f + e);
    }
  }
}
