package io.github.winattn.testing;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.weights.AttentionWeights;
import java.util.Random;

/**
 * The one weight fixture of the tests of every module (shared through the runtime's test jar):
 * seeded random weights, inputs and masks for comparing kernels, and all-zero weights.
 */
public final class Inputs {

  private Inputs() {}

  /**
   * Weights of {@code shape}: linear weights ~ U(-1, 1)/sqrt(C), biases and bias table ~ U(-1, 1).
   */
  public static AttentionWeights weights(AttentionShape shape, long seed) {
    Random r = new Random(seed);
    int c = shape.dim();
    boolean qkv = shape.withQkv();
    float w = (float) (1 / Math.sqrt(c));
    float[] qkvBias = shape.qkvBias() ? uniform(r, 3 * c, 1f) : new float[0];
    if (shape.family() == Family.SWIN_V2 && shape.qkvBias()) {
      java.util.Arrays.fill(qkvBias, c, 2 * c, 0f); // cat(q_bias, zeros, v_bias)
    }
    float[] table = uniform(r, shape.tableRows() * shape.heads(), 1f);
    float[] logit = new float[shape.family() == Family.SWIN_V2 ? shape.heads() : 0];
    for (int h = 0; h < logit.length; h++) {
      logit[h] =
          (float) Math.log(1 + 150.0 * h / Math.max(1, logit.length - 1)) + 0.5f; // some clamp
    }
    return new AttentionWeights(
        shape,
        qkv ? uniform(r, 3 * c * c, w) : new float[0],
        qkvBias,
        qkv ? uniform(r, c * c, w) : new float[0],
        qkv ? uniform(r, c, 1f) : new float[0],
        table,
        logit);
  }

  /** All-zero weights of the right sizes for {@code shape}. */
  public static AttentionWeights zeros(AttentionShape shape) {
    int c = shape.dim();
    boolean qkv = shape.withQkv();
    return new AttentionWeights(
        shape,
        new float[qkv ? 3 * c * c : 0],
        new float[shape.qkvBias() ? 3 * c : 0],
        new float[qkv ? c * c : 0],
        new float[qkv ? c : 0],
        new float[shape.tableRows() * shape.heads()],
        new float[shape.family() == Family.SWIN_V2 ? shape.heads() : 0]);
  }

  /** {@code count} floats ~ U(-scale, scale). */
  public static float[] uniform(Random r, int count, float scale) {
    float[] a = new float[count];
    for (int i = 0; i < count; i++) {
      a[i] = (r.nextFloat() * 2 - 1) * scale;
    }
    return a;
  }

  /** A mask (nW, N, N) of 0 and -100 with a zero diagonal, different per window. */
  public static float[] mask(int windows, int n, long seed) {
    Random r = new Random(seed);
    float[] m = new float[windows * n * n];
    for (int w = 0; w < windows; w++) {
      int[] region = new int[n];
      for (int t = 0; t < n; t++) {
        region[t] = r.nextInt(w % 3 + 1);
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          m[(w * n + i) * n + j] = region[i] == region[j] ? 0f : -100f;
        }
      }
    }
    return m;
  }
}
