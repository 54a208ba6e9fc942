package io.github.winattn.reference;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.weights.AttentionWeights;
import java.util.SplittableRandom;

/** Seeded random weights and inputs of realistic magnitude, for tests. */
final class RandomWeights {

  private RandomWeights() {}

  static AttentionWeights of(AttentionShape shape, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int c = shape.dim();
    boolean qkv = shape.withQkv();
    float std = (float) (1.5 / Math.sqrt(c));
    float[] logit = new float[shape.family() == Family.SWIN_V2 ? shape.heads() : 0];
    for (int h = 0; h < logit.length; h++) {
      logit[h] = (float) (r.nextDouble() * 5.6);
    }
    return new AttentionWeights(
        shape,
        gaussian(r, qkv ? 3 * c * c : 0, std),
        gaussian(r, shape.qkvBias() ? 3 * c : 0, 0.5f),
        gaussian(r, qkv ? c * c : 0, std),
        gaussian(r, qkv ? c : 0, 0.5f),
        gaussian(r, shape.tableRows() * shape.heads(), 1f),
        logit);
  }

  static float[] gaussian(SplittableRandom r, int n, float std) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (nextGaussian(r) * std);
    }
    return a;
  }

  private static double nextGaussian(SplittableRandom r) {
    double u = 1.0 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
