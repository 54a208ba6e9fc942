package io.github.winattn.shape;

/**
 * Everything that fixes the arithmetic of one window attention module: its family, window, dim,
 * heads and options (docs/semantics.md). Two kernels compute the same function exactly when their
 * shapes are equal, so the shape is also the registry key.
 *
 * @param family the attention family
 * @param window the module's window (the strides of its relative position index)
 * @param effectiveWindow the window the tokens actually fill; differs from {@code window} only for
 *     Video Swin's clamped window, which uses {@code relative_position_index[:N, :N]} of the full
 *     window with {@code N = effectiveWindow.tokens()}
 * @param dim channels C
 * @param heads heads H; must divide {@code dim}
 * @param qkvBias whether {@code qkv.bias} exists (Swin v2: {@code q_bias} and {@code v_bias})
 * @param qkScale explicit {@code qk_scale}; 0 (also -0.0, normalised to 0) means the default {@code
 *     head_dim ** -0.5} (Python {@code or}); finite; negative values are used as given, as PyTorch
 *     would; must be 0 for Swin v2, which has no scale
 * @param withQkv temporal only: false means no projections, {@code q = k = v = x}
 * @param pretrainedWindow Swin v2 only: the {@code pretrained_window_size} that normalises the
 *     continuous bias coordinates; equal to {@code window} when the module has none (the result is
 *     the same); for other families always equal to {@code window}
 */
public record AttentionShape(
    Family family,
    Window window,
    Window effectiveWindow,
    int dim,
    int heads,
    boolean qkvBias,
    float qkScale,
    boolean withQkv,
    Window pretrainedWindow) {

  /** Largest supported dim; keeps {@code 3*C*C} weight arrays indexable. */
  public static final int MAX_DIM = 8192;

  public AttentionShape {
    if (family == null) {
      throw new IllegalArgumentException("family == null");
    }
    if (window == null || effectiveWindow == null || pretrainedWindow == null) {
      throw new IllegalArgumentException("window == null");
    }
    if (window.rank() != family.rank()) {
      throw new IllegalArgumentException(
          family + " needs a window of rank " + family.rank() + " (got " + window + ")");
    }
    if (!effectiveWindow.equals(window)) {
      if (family != Family.VIDEO_SWIN) {
        throw new IllegalArgumentException(
            "only video_swin has an effective window different from its window (got "
                + effectiveWindow
                + " for window "
                + window
                + ")");
      }
      if (!effectiveWindow.fitsIn(window)) {
        throw new IllegalArgumentException(
            "effective window " + effectiveWindow + " must fit in window " + window);
      }
    }
    if (!pretrainedWindow.equals(window)) {
      if (family != Family.SWIN_V2) {
        throw new IllegalArgumentException("only swin_v2 has a pretrained window size");
      }
      if (pretrainedWindow.rank() != 2) {
        throw new IllegalArgumentException(
            "pretrained window must be 2-D (got " + pretrainedWindow + ")");
      }
    }
    if (family == Family.SWIN_V2
        && (pretrainedWindow.height() < 2 || pretrainedWindow.width() < 2)) {
      throw new IllegalArgumentException(
          "swin_v2 divides bias coordinates by (window - 1): window or pretrained window "
              + pretrainedWindow
              + " needs every axis >= 2");
    }
    if (dim < 1 || dim > MAX_DIM) {
      throw new IllegalArgumentException("dim must be in 1.." + MAX_DIM + " (got " + dim + ")");
    }
    if (heads < 1) {
      throw new IllegalArgumentException("heads must be positive (got " + heads + ")");
    }
    if (dim % heads != 0) {
      throw new IllegalArgumentException(
          "heads must divide dim (" + dim + " % " + heads + " != 0)");
    }
    if (!withQkv && family != Family.TEMPORAL) {
      throw new IllegalArgumentException(
          "only temporal attention can run without qkv (with_qkv=False)");
    }
    if (!withQkv && qkvBias) {
      throw new IllegalArgumentException("with_qkv=False has no qkv bias");
    }
    if (Float.isNaN(qkScale) || Float.isInfinite(qkScale)) {
      throw new IllegalArgumentException("qk_scale must be finite (got " + qkScale + ")");
    }
    if (qkScale != 0f && family == Family.SWIN_V2) {
      throw new IllegalArgumentException(
          "swin_v2 has no qk_scale (cosine attention; got " + qkScale + ")");
    }
    // The one normalisation of the options: -0.0 is falsy in Python like 0, so both mean the
    // default; equality, hashing, naming and description all see +0.0.
    if (qkScale == 0f) {
      qkScale = 0f;
    }
    long weights = 3L * dim * dim;
    long biasEntries = (long) heads * effectiveWindow.tokens() * effectiveWindow.tokens();
    if (weights > Integer.MAX_VALUE || biasEntries > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "shape too large: " + heads + " heads x " + effectiveWindow.tokens() + "^2 tokens");
    }
  }

  /** Starts a builder with the official module's defaults for {@code family}. */
  public static Builder builder(Family family, Window window, int dim, int heads) {
    return new Builder(family, window, dim, heads);
  }

  /** Tokens per window N (of the effective window). */
  public int tokens() {
    return effectiveWindow.tokens();
  }

  /** Head dim d = C / H. */
  public int headDim() {
    return dim / heads;
  }

  /** Rows of the relative position bias table (of the full window). */
  public int tableRows() {
    return window.tableRows();
  }

  /**
   * The q·k scale as PyTorch applies it in float32: {@code qk_scale or head_dim ** -0.5}. Swin v2
   * has none and returns 1.
   */
  public float scale() {
    if (family == Family.SWIN_V2) {
      return 1f;
    }
    return qkScale != 0f ? qkScale : (float) Math.pow(headDim(), -0.5);
  }

  /** Multiply-adds per window times 2: projections and the attention core, as FLOPs. */
  public long flopsPerWindow() {
    long n = tokens();
    long c = dim;
    long proj = withQkv ? 2 * n * c * 3 * c + 2 * n * c * c : 0;
    long core = 2 * 2 * n * n * c;
    return proj + core;
  }

  /** A compact, human readable description, e.g. {@code swin_v1 window=7x7 dim=96 heads=3}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(family).append(" window=").append(window);
    if (!effectiveWindow.equals(window)) {
      sb.append(" effective=").append(effectiveWindow);
    }
    sb.append(" dim=").append(dim).append(" heads=").append(heads);
    sb.append(" qkv_bias=").append(qkvBias);
    if (qkScale != 0f) {
      sb.append(" qk_scale=").append(qkScale);
    }
    if (!withQkv) {
      sb.append(" with_qkv=false");
    }
    if (!pretrainedWindow.equals(window)) {
      sb.append(" pretrained=").append(pretrainedWindow);
    }
    return sb.toString();
  }

  /** Builder with the official modules' defaults: qkv bias on except for temporal. */
  public static final class Builder {
    private final Family family;
    private final Window window;
    private final int dim;
    private final int heads;
    private Window effectiveWindow;
    private Window pretrainedWindow;
    private boolean qkvBias;
    private float qkScale;
    private boolean withQkv = true;

    private Builder(Family family, Window window, int dim, int heads) {
      this.family = family;
      this.window = window;
      this.dim = dim;
      this.heads = heads;
      this.effectiveWindow = window;
      this.pretrainedWindow = window;
      this.qkvBias = family != Family.TEMPORAL;
    }

    public Builder effectiveWindow(Window w) {
      this.effectiveWindow = w;
      return this;
    }

    /**
     * Swin v2's {@code pretrained_window_size}; a window of zeros is not representable: omit it.
     */
    public Builder pretrainedWindow(Window w) {
      this.pretrainedWindow = w;
      return this;
    }

    public Builder qkvBias(boolean b) {
      this.qkvBias = b;
      return this;
    }

    public Builder qkScale(float s) {
      this.qkScale = s;
      return this;
    }

    public Builder withQkv(boolean b) {
      this.withQkv = b;
      return this;
    }

    public AttentionShape build() {
      return new AttentionShape(
          family, window, effectiveWindow, dim, heads, qkvBias, qkScale, withQkv, pretrainedWindow);
    }
  }
}
