package io.github.winattn.model.layers;

/**
 * {@code PatchEmbed}: the {@code p x p} stride-{@code p} convolution {@code proj} of {@code (B,
 * in_chans, H, W)} images as a matrix product over patches ({@code (B * Hp * Wp, in_chans * p * p)}
 * times the flattened kernel), {@code flatten(2).transpose(1, 2)} to {@code (B, Hp * Wp, C)}, the
 * optional LayerNorm, then the absolute position embedding when the model has one ({@code x +
 * absolute_pos_embed}, applied by the model right after this module in the official code). As a
 * strided convolution without padding does, rows and columns beyond {@code Hp * p} and {@code Wp *
 * p} are ignored.
 */
public final class PatchEmbed {

  private final int inChans;
  private final int patch;
  private final int height;
  private final int width;
  private final int gridH;
  private final int gridW;
  private final MatMul proj;
  private final LayerNorm norm; // null without patch_norm
  private final float[] ape; // (Hp * Wp, C) or null

  /**
   * @param weight {@code proj.weight (C, in_chans, p, p)}
   * @param bias {@code proj.bias (C)}
   */
  public PatchEmbed(
      int inChans,
      int patch,
      int height,
      int width,
      int embedDim,
      float[] weight,
      float[] bias,
      LayerNorm norm,
      float[] ape) {
    this(inChans, patch, height, width, embedDim, weight, bias, norm, ape, MatMulKind.AUTO);
  }

  /**
   * @param weight {@code proj.weight (C, in_chans, p, p)}
   * @param bias {@code proj.bias (C)}
   * @param kind the matrix product of the projection
   */
  public PatchEmbed(
      int inChans,
      int patch,
      int height,
      int width,
      int embedDim,
      float[] weight,
      float[] bias,
      LayerNorm norm,
      float[] ape,
      MatMulKind kind) {
    this.inChans = inChans;
    this.patch = patch;
    this.height = height;
    this.width = width;
    this.gridH = height / patch;
    this.gridW = width / patch;
    this.proj = kind.create(weight, bias, inChans * patch * patch, embedDim);
    this.norm = norm;
    this.ape = ape == null ? null : ape.clone();
  }

  /** Values of one flattened patch, {@code in_chans * p * p}. */
  public int patchFeatures() {
    return proj.in();
  }

  /** Tokens per image, {@code Hp * Wp}. */
  public int tokens() {
    return gridH * gridW;
  }

  /**
   * Embeds patch rows {@code [from, to)} of the batch (row {@code b * Hp * Wp + i * Wp + j} is
   * patch {@code (i, j)} of image {@code b}) into rows of {@code out (B * Hp * Wp, C)}.
   */
  public void rows(float[] images, int imagesOffset, float[] out, int from, int to, Scratch s) {
    int features = proj.in();
    int c = proj.out();
    int tokens = tokens();
    int imageSize = inChans * height * width;
    float[] tile = s.rows;
    for (int t0 = from; t0 < to; t0 += Scratch.TILE) {
      int t1 = Math.min(to, t0 + Scratch.TILE);
      for (int r = t0; r < t1; r++) {
        int b = r / tokens;
        int i = r % tokens / gridW;
        int j = r % gridW;
        int dst = (r - t0) * features;
        for (int ch = 0; ch < inChans; ch++) {
          int src =
              imagesOffset + b * imageSize + ch * height * width + i * patch * width + j * patch;
          for (int kh = 0; kh < patch; kh++) {
            // a loop, not System.arraycopy: a patch row is a few floats (4), below the cost of a
            // call to the copy stub
            int row = src + kh * width;
            for (int kw = 0; kw < patch; kw++) {
              tile[dst + kw] = images[row + kw];
            }
            dst += patch;
          }
        }
      }
      proj.forward(tile, -t0 * features, out, 0, t0, t1, MatMul.Epilogue.NONE, null, 0, s.acc());
      if (norm != null) {
        norm.apply(out, 0, out, 0, t0, t1);
      }
      if (ape != null) {
        for (int r = t0; r < t1; r++) {
          int o = r * c;
          int a = r % tokens * c;
          for (int k = 0; k < c; k++) {
            out[o + k] += ape[a + k];
          }
        }
      }
    }
  }
}
