package io.github.winattn.shape;

/**
 * The relative position index of docs/semantics.md, computed in one place for 1-, 2- and 3-D
 * windows: {@code index[i, j] = (dd + Wd-1)(2Wh-1)(2Ww-1) + (dh + Wh-1)(2Ww-1) + (dw + Ww-1)} where
 * {@code (dd, dh, dw)} is the coordinate difference of tokens i and j in the module's full window.
 * For a clamped Video Swin window this is {@code relative_position_index[:N, :N]} of the full
 * window, as the official module slices it.
 */
public final class RelativePositionIndex {

  private RelativePositionIndex() {}

  /** The row of the bias table for query token {@code i} and key token {@code j}. */
  public static int of(Window full, int i, int j) {
    return offset(full, i) - offset(full, j) + centre(full);
  }

  /**
   * Per-token offset {@code base(t)} with {@code index[i, j] = base(i) - base(j) + centre}: the
   * index arithmetic folds into one offset per token.
   */
  public static int offset(Window full, int token) {
    int ww = full.width();
    int wh = full.height();
    int w = token % ww;
    int h = (token / ww) % wh;
    int d = token / (ww * wh);
    return (d * (2 * wh - 1) + h) * (2 * ww - 1) + w;
  }

  /** The index of a token with itself: the table row of relative offset (0, 0, 0). */
  public static int centre(Window full) {
    return offset(full, full.tokens() - 1);
  }

  /** The {@code (N, N)} index of {@code shape}, row-major, {@code N = shape.tokens()}. */
  public static int[] compute(AttentionShape shape) {
    Window full = shape.window();
    int n = shape.tokens();
    int[] base = new int[n];
    for (int t = 0; t < n; t++) {
      base[t] = offset(full, t);
    }
    int centre = centre(full);
    int[] index = new int[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        index[i * n + j] = base[i] - base[j] + centre;
      }
    }
    return index;
  }
}
