package io.github.winattn.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Gelu#erf} against a float64 erf (Taylor series below 3, continued fraction of erfc above)
 * over {@code [-10, 10]}: the measured bound is 4e-7 relative (a few float ulps; the rational
 * itself is within 2.1e-9, the rest is float rounding), and GELU within {@code 1.5e-7 max(1, |x|)}
 * absolute (the cancellation in {@code 1 + erf} for negative x, which PyTorch's float GELU has too)
 * plus 4e-7 relative.
 */
class GeluTest {

  /** erf in double to about 1e-15 relative. */
  static double erf64(double x) {
    double a = Math.abs(x);
    double r;
    if (a < 3) {
      double term = a;
      double sum = a;
      double x2 = a * a;
      for (int n = 1; n < 200; n++) {
        term *= -x2 / n;
        double add = term / (2 * n + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
          break;
        }
      }
      r = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      // erfc(a) = exp(-a^2)/sqrt(pi) * 1/(a + 1/2/(a + 1/(a + 3/2/(a + ...)))), Lentz-free backward
      double f = a;
      for (int k = 60; k >= 1; k--) {
        f = a + (k / 2.0) / f;
      }
      r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
    }
    return x < 0 ? -r : r;
  }

  @Test
  void referenceErfIsRight() {
    assertEquals(0.8427007929497149, erf64(1), 1e-15);
    assertEquals(0.9999779095030014, erf64(3), 1e-15);
    assertEquals(0.9953222650189527, erf64(2), 1e-15);
    assertEquals(-0.5204998778130465, erf64(-0.5), 1e-15);
  }

  @Test
  void erfIsAccurateToFloat32OverAWideRange() {
    double worst = 0;
    float at = 0;
    Random random = new Random(7);
    for (int i = 0; i <= 400_000; i++) {
      float x =
          i < 200_001
              ? -10f + i * 1e-4f
              : (float) Math.scalb(random.nextDouble(), -random.nextInt(40));
      double exact = erf64(x);
      double rel =
          exact == 0 ? Math.abs(Gelu.erf(x)) : Math.abs(Gelu.erf(x) - exact) / Math.abs(exact);
      if (rel > worst) {
        worst = rel;
        at = x;
      }
    }
    assertTrue(worst <= 4e-7, "max relative error " + worst + " at " + at);
    assertEquals(1f, Gelu.erf(100f));
    assertEquals(-1f, Gelu.erf(Float.NEGATIVE_INFINITY));
    assertTrue(Float.isNaN(Gelu.erf(Float.NaN)));
    assertEquals(0f, Gelu.erf(0f));
  }

  @Test
  void geluMatchesFloat64AndTheVectorisedLoop() {
    float[] xs = new float[20_001];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = -10f + i * 1e-3f;
    }
    float[] loop = xs.clone();
    Gelu.applyInPlace(loop, 0, loop.length);
    for (int i = 0; i < xs.length; i++) {
      double x = xs[i];
      double exact = 0.5 * x * (1 + erf64(x / Math.sqrt(2)));
      // 1 + erf(x / sqrt(2)) cancels for negative x (as in PyTorch's float GELU): |x| ulps of 1
      assertEquals(
          exact,
          Gelu.gelu(xs[i]),
          1.5e-7 * Math.max(1, Math.abs(x)) + 4e-7 * Math.abs(exact),
          "gelu(" + x + ")");
      assertEquals(Gelu.gelu(xs[i]), loop[i], "loop at " + x);
    }
  }
}
