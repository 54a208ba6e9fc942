package io.github.winattn.testing;

/**
 * The one tolerance comparison of the tests of every module (shared through the runtime's test
 * jar): {@code |actual - expected| <= atol + rtol * |expected|} element by element, as PyTorch's
 * {@code allclose} does; NaN anywhere is a violation.
 */
public final class Tolerance {

  private Tolerance() {}

  /**
   * Largest violation in an output {@code (B_, N, C)}, as a message naming window, token and
   * channel, or null if none.
   */
  public static String compare(
      float[] actual, float[] expected, double atol, double rtol, int n, int c) {
    int at = worst(actual, expected, atol, rtol);
    if (at < 0) {
      return null;
    }
    int window = at / (n * c);
    int token = at % (n * c) / c;
    return "out[window "
        + window
        + ", token "
        + token
        + ", channel "
        + at % c
        + "] = "
        + actual[at]
        + ", expected "
        + expected[at]
        + " (|diff| "
        + Math.abs(actual[at] - expected[at])
        + ")";
  }

  /** Largest violation in a flat array, as a message naming the index, or null if none. */
  public static String compare(float[] actual, float[] expected, double atol, double rtol) {
    if (actual.length != expected.length) {
      return "length " + actual.length + ", expected " + expected.length;
    }
    int at = worst(actual, expected, atol, rtol);
    return at < 0
        ? null
        : "["
            + at
            + "] = "
            + actual[at]
            + ", expected "
            + expected[at]
            + " (|diff| "
            + Math.abs(actual[at] - expected[at])
            + ")";
  }

  /** The index of the largest excess over the tolerance (a NaN wins), or -1 if none. */
  private static int worst(float[] actual, float[] expected, double atol, double rtol) {
    double worst = 0;
    int at = -1;
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(actual[i] - expected[i]);
      double excess = err - (atol + rtol * Math.abs(expected[i]));
      if (!(excess <= 0) && (at < 0 || excess > worst || Double.isNaN(err))) {
        worst = excess;
        at = i;
      }
    }
    return at;
  }

  /**
   * Largest {@code |actual - float64|} over all values of a PyTorch vector's float64 output.
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double maxErrorVsF64(float[] actual, double[] float64) {
    if (actual.length != float64.length) {
      throw new IllegalArgumentException(
          "output has " + actual.length + " values, the float64 output " + float64.length);
    }
    double max = 0;
    for (int i = 0; i < float64.length; i++) {
      max = Math.max(max, Math.abs(actual[i] - float64[i]));
    }
    return max;
  }

  /**
   * The tolerance against a float64 PyTorch output: 5e-6, Swin v2 5e-5 (logit scales up to 100).
   */
  public static double vsF64(io.github.winattn.shape.Family family) {
    return family == io.github.winattn.shape.Family.SWIN_V2 ? 5e-5 : 5e-6;
  }
}
