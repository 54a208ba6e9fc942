package io.github.winattn.cli.compare;

/**
 * How far an output is from the reference: the largest {@code |a - b|} and whether every element
 * meets {@code |a - b| <= atol + rtol * |b|} (a NaN anywhere fails).
 *
 * @param maxAbsError the largest absolute difference (NaN if any value is NaN)
 * @param withinTolerance whether every element is within tolerance
 */
public record Accuracy(double maxAbsError, boolean withinTolerance) {

  /** Compares {@code actual} with {@code expected} element by element. */
  public static Accuracy of(float[] actual, float[] expected, double atol, double rtol) {
    if (actual.length != expected.length) {
      throw new IllegalArgumentException(
          "outputs differ in length: " + actual.length + " vs " + expected.length);
    }
    double max = 0;
    boolean ok = true;
    for (int i = 0; i < actual.length; i++) {
      double diff = Math.abs((double) actual[i] - expected[i]);
      if (Double.isNaN(diff)) {
        return new Accuracy(Double.NaN, false);
      }
      max = Math.max(max, diff);
      if (diff > atol + rtol * Math.abs(expected[i])) {
        ok = false;
      }
    }
    return new Accuracy(max, ok);
  }
}
