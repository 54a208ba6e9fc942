package io.github.winattn.benchmarks;

/**
 * Compares a kernel's output with the reference kernel's before it is timed, so a fast but wrong
 * kernel cannot enter the table. Criterion {@code |a - b| <= atol + rtol * |b|} with {@code b} the
 * reference value.
 */
public final class AgreementCheck {

  /** Absolute tolerance: float32 kernels with a different summation order stay far below it. */
  public static final float ATOL = 1e-4f;

  /** Relative tolerance. */
  public static final float RTOL = 1e-3f;

  private AgreementCheck() {}

  /**
   * Throws if {@code actual} and {@code expected} differ anywhere beyond the tolerance.
   *
   * @param what names the kernel and shape in the message
   * @param tokens tokens per window N, to report the failing element as {@code [window, token,
   *     channel]}
   * @param dim channels C
   * @throws IllegalStateException naming the first bad element, both values and the largest error
   */
  public static void require(String what, float[] actual, float[] expected, int tokens, int dim) {
    if (actual.length != expected.length) {
      throw new IllegalStateException(
          what + ": output length " + actual.length + " != reference length " + expected.length);
    }
    int firstBad = -1;
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      double err = Math.abs((double) actual[i] - expected[i]);
      boolean bad = !(err <= ATOL + RTOL * Math.abs(expected[i])); // NaN is bad too
      if (bad && firstBad < 0) {
        firstBad = i;
      }
      if (bad || err > worst) {
        worst = Double.isNaN(err) ? Double.NaN : Math.max(worst, err);
      }
    }
    if (firstBad >= 0) {
      int perWindow = tokens * dim;
      throw new IllegalStateException(
          String.format(
              "%s disagrees with the reference kernel at out[window %d, token %d, channel %d]:"
                  + " %s vs %s (largest |error| %s, allowed %s + %s * |reference|)",
              what,
              firstBad / perWindow,
              firstBad % perWindow / dim,
              firstBad % dim,
              actual[firstBad],
              expected[firstBad],
              worst,
              ATOL,
              RTOL));
    }
  }
}
