package io.github.winattn.cli.compare;

import io.github.winattn.kernel.Mask;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.ShiftedWindowMask;
import io.github.winattn.shape.Window;
import io.github.winattn.weights.AttentionWeights;
import java.util.Random;

/**
 * A seeded random problem for one shape: weights scaled so that outputs are of order 1, a batch of
 * {@code images} images, and, when masked, the shifted-window mask of an input two windows wide
 * along every axis (so every mask window differs) with the shift half a window.
 *
 * @param weights random weights of the shape
 * @param x the input batch {@code (windows, N, C)}
 * @param windows B_, the number of windows of the batch
 * @param mask the mask, or {@link Mask#NONE}
 */
public record RandomProblem(AttentionWeights weights, float[] x, int windows, Mask mask) {

  /** Windows per image when unmasked. */
  static final int UNMASKED_WINDOWS_PER_IMAGE = 4;

  public RandomProblem {
    if (weights == null || x == null || mask == null) {
      throw new IllegalArgumentException("weights, x and mask must not be null");
    }
    long need = (long) windows * weights.shape().tokens() * weights.shape().dim();
    if (windows < 1 || x.length != need) {
      throw new IllegalArgumentException(
          "x: expected ("
              + windows
              + ", "
              + weights.shape().tokens()
              + ", "
              + weights.shape().dim()
              + ") = "
              + need
              + " values, got "
              + x.length);
    }
  }

  /** The problem for {@code shape}, masked if asked, with {@code images} images. */
  public static RandomProblem of(AttentionShape shape, boolean masked, int images, long seed) {
    return of(shape, masked, images, seed, Long.MAX_VALUE);
  }

  /**
   * As {@link #of(AttentionShape, boolean, int, long)}, with the batch cut to at most {@code
   * maxFlops} (but at least one window): a large shape then takes a part of an image, still using
   * mask window {@code b % nW} for window {@code b}.
   */
  public static RandomProblem of(
      AttentionShape shape, boolean masked, int images, long seed, long maxFlops) {
    if (images < 1) {
      throw new IllegalArgumentException("images must be >= 1 (got " + images + ")");
    }
    Random r = new Random(seed ^ shape.describe().hashCode());
    AttentionWeights w = weights(shape, r);
    Mask mask = Mask.NONE;
    int perImage = UNMASKED_WINDOWS_PER_IMAGE;
    if (masked) {
      Window ew = shape.effectiveWindow();
      int rank = ew.rank();
      int[] window = new int[rank];
      int[] resolution = new int[rank];
      int[] shift = new int[rank];
      for (int a = 0; a < rank; a++) {
        window[a] = ew.size(a);
        resolution[a] = 2 * window[a];
        shift[a] = window[a] / 2;
      }
      perImage = ShiftedWindowMask.windows(resolution, window);
      mask = Mask.of(ShiftedWindowMask.build(resolution, window, shift), perImage);
    }
    int windows =
        (int) Math.max(1, Math.min((long) images * perImage, maxFlops / shape.flopsPerWindow()));
    float[] x = uniform(r, windows * shape.tokens() * shape.dim(), 1f);
    return new RandomProblem(w, x, windows, mask);
  }

  /** Random weights: linear layers ~ U(±1/sqrt(C)), biases ~ U(±0.1), bias table ~ U(±1). */
  static AttentionWeights weights(AttentionShape s, Random r) {
    int c = s.dim();
    float lim = (float) (1 / Math.sqrt(c));
    boolean qkv = s.withQkv();
    boolean v2 = s.family() == Family.SWIN_V2;
    float[] qkvBias = s.qkvBias() ? uniform(r, 3 * c, 0.1f) : new float[0];
    if (v2 && s.qkvBias()) {
      java.util.Arrays.fill(qkvBias, c, 2 * c, 0f); // Swin v2: k has no bias
    }
    float[] table = uniform(r, s.tableRows() * s.heads(), 1f);
    float[] logitScale = new float[v2 ? s.heads() : 0];
    if (v2) {
      for (int i = 0; i < table.length; i++) {
        table[i] = 8f + 8f * table[i]; // 16 * sigmoid(...) lies in (0, 16)
      }
      for (int h = 0; h < logitScale.length; h++) {
        logitScale[h] = (float) (Math.log(10) + 2.5 * r.nextDouble()); // up to past the clamp
      }
    }
    return new AttentionWeights(
        s,
        qkv ? uniform(r, 3 * c * c, lim) : new float[0],
        qkvBias,
        qkv ? uniform(r, c * c, lim) : new float[0],
        qkv ? uniform(r, c, 0.1f) : new float[0],
        table,
        logitScale);
  }

  private static float[] uniform(Random r, int n, float limit) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (2 * r.nextFloat() - 1) * limit;
    }
    return a;
  }
}
