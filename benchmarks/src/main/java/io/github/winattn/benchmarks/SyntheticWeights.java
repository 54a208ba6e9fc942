package io.github.winattn.benchmarks;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.weights.AttentionWeights;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded weights and inputs of realistic magnitude: linear layers uniform in {@code ±1/sqrt(C)}
 * (PyTorch's {@code nn.Linear} default), bias table normal with std 0.02 (the official {@code
 * trunc_normal_}), activations uniform in {@code ±1}. Timing does not depend on the values, but
 * denormals or overflow would distort it, and these avoid both.
 */
public final class SyntheticWeights {

  private SyntheticWeights() {}

  /** Weights for {@code shape} drawn from {@code seed}; the same seed gives the same weights. */
  public static AttentionWeights of(AttentionShape shape, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int c = shape.dim();
    float bound = (float) (1.0 / Math.sqrt(c));
    boolean qkv = shape.withQkv();
    float[] qkvWeight = qkv ? uniform(rnd, 3 * c * c, bound) : new float[0];
    float[] qkvBias = shape.qkvBias() ? uniform(rnd, 3 * c, bound) : new float[0];
    if (shape.family() == Family.SWIN_V2 && qkvBias.length > 0) {
      Arrays.fill(qkvBias, c, 2 * c, 0f); // cat(q_bias, zeros, v_bias)
    }
    float[] projWeight = qkv ? uniform(rnd, c * c, bound) : new float[0];
    float[] projBias = qkv ? uniform(rnd, c, bound) : new float[0];
    float[] table = gaussian(rnd, shape.tableRows() * shape.heads(), 0.02f);
    float[] logitScale = new float[shape.family() == Family.SWIN_V2 ? shape.heads() : 0];
    Arrays.fill(logitScale, (float) Math.log(10.0)); // official init: log(10)
    return new AttentionWeights(shape, qkvWeight, qkvBias, projWeight, projBias, table, logitScale);
  }

  /** An input of {@code length} floats uniform in {@code ±1}, drawn from {@code seed}. */
  public static float[] input(int length, long seed) {
    return uniform(new SplittableRandom(seed), length, 1f);
  }

  private static float[] uniform(SplittableRandom rnd, int length, float bound) {
    float[] v = new float[length];
    for (int i = 0; i < length; i++) {
      v[i] = (float) rnd.nextDouble(-bound, bound);
    }
    return v;
  }

  private static float[] gaussian(SplittableRandom rnd, int length, float std) {
    float[] v = new float[length];
    for (int i = 0; i < length; i += 2) {
      // Box-Muller: two normals from two uniforms
      double u1 = 1.0 - rnd.nextDouble();
      double u2 = rnd.nextDouble();
      double r = Math.sqrt(-2.0 * Math.log(u1)) * std;
      v[i] = (float) (r * Math.cos(2 * Math.PI * u2));
      if (i + 1 < length) {
        v[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
      }
    }
    return v;
  }
}
