package io.github.winattn.model.layers;

import io.github.winattn.shape.Family;

/**
 * {@code PatchMerging} of an {@code (B, H, W, C)} map into {@code (B, H/2 * W/2, 2C)}: the official
 * concatenation {@code cat([x[0::2, 0::2], x[1::2, 0::2], x[0::2, 1::2], x[1::2, 1::2]], -1)} (row
 * offset first), then {@code norm(4C)} and {@code reduction(4C -> 2C, bias=False)} for Swin v1, or
 * {@code reduction} then {@code norm(2C)} for Swin v2.
 */
public final class PatchMerging {

  private final Family family;
  private final int height;
  private final int width;
  private final int dim;
  private final MatMul reduction;
  private final LayerNorm norm;

  /**
   * @param reductionWeight {@code reduction.weight (2C, 4C)}
   * @param norm {@code LayerNorm(4C)} for v1, {@code LayerNorm(2C)} for v2
   * @throws IllegalArgumentException if H or W is odd (the official module asserts even sizes)
   */
  public PatchMerging(
      Family family, int height, int width, int dim, float[] reductionWeight, LayerNorm norm) {
    this(family, height, width, dim, reductionWeight, norm, MatMulKind.AUTO);
  }

  /**
   * @param reductionWeight {@code reduction.weight (2C, 4C)}
   * @param norm {@code LayerNorm(4C)} for v1, {@code LayerNorm(2C)} for v2
   * @param kind the matrix product of the reduction
   * @throws IllegalArgumentException if H or W is odd (the official module asserts even sizes)
   */
  public PatchMerging(
      Family family,
      int height,
      int width,
      int dim,
      float[] reductionWeight,
      LayerNorm norm,
      MatMulKind kind) {
    if (height % 2 != 0 || width % 2 != 0) {
      throw new IllegalArgumentException(
          "patch merging needs an even map size (got " + height + "x" + width + ")");
    }
    int normDim = family == Family.SWIN_V1 ? 4 * dim : 2 * dim;
    if (norm.dim() != normDim) {
      throw new IllegalArgumentException(
          family + " merging norm must have " + normDim + " features (got " + norm.dim() + ")");
    }
    this.family = family;
    this.height = height;
    this.width = width;
    this.dim = dim;
    this.reduction = kind.create(reductionWeight, new float[0], 4 * dim, 2 * dim);
    this.norm = norm;
  }

  /** Output tokens per image, {@code H/2 * W/2}. */
  public int outputTokens() {
    return height / 2 * (width / 2);
  }

  /**
   * Computes output rows {@code [from, to)} of the batch from the whole input maps {@code x (B, H *
   * W, C)}; {@code out} must not overlap {@code x}.
   */
  public void rows(
      float[] x, int xOffset, float[] out, int outOffset, int from, int to, Scratch s) {
    int c = dim;
    int h2 = height / 2;
    int w2 = width / 2;
    int tokens = h2 * w2;
    float[] tile = s.rows;
    for (int t0 = from; t0 < to; t0 += Scratch.TILE) {
      int t1 = Math.min(to, t0 + Scratch.TILE);
      for (int r = t0; r < t1; r++) {
        int b = r / tokens;
        int i = r % tokens / w2;
        int j = r % w2;
        int base = xOffset + (b * height * width) * c;
        int dst = (r - t0) * 4 * c;
        // x0 = x[:, 0::2, 0::2], x1 = x[:, 1::2, 0::2], x2 = x[:, 0::2, 1::2], x3 = x[:, 1::2,
        // 1::2]
        System.arraycopy(x, base + ((2 * i) * width + 2 * j) * c, tile, dst, c);
        System.arraycopy(x, base + ((2 * i + 1) * width + 2 * j) * c, tile, dst + c, c);
        System.arraycopy(x, base + ((2 * i) * width + 2 * j + 1) * c, tile, dst + 2 * c, c);
        System.arraycopy(x, base + ((2 * i + 1) * width + 2 * j + 1) * c, tile, dst + 3 * c, c);
      }
      int tileOffset = -t0 * 4 * c;
      if (family == Family.SWIN_V1) {
        norm.apply(tile, tileOffset, tile, tileOffset, t0, t1);
        reduction.forward(
            tile, tileOffset, out, outOffset, t0, t1, MatMul.Epilogue.NONE, null, 0, s.acc());
      } else {
        reduction.forward(
            tile, tileOffset, out, outOffset, t0, t1, MatMul.Epilogue.NONE, null, 0, s.acc());
        norm.apply(out, outOffset, out, outOffset, t0, t1);
      }
    }
  }
}
