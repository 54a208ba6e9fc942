package io.github.winattn.shape;

import io.github.winattn.diagnostics.UntrustedText;

/**
 * An attention window of rank 1, 2 or 3. Unused leading axes are 1: a temporal window of T frames
 * is {@code (1, 1, T)}, a 2-D window {@code (1, Wh, Ww)}, a 3-D one {@code (Wd, Wh, Ww)}. Tokens
 * are flattened row-major, so token {@code i = (d*Wh + h)*Ww + w}.
 */
public record Window(int rank, int depth, int height, int width) {

  /** Largest token count a window may have; keeps N*N and index arithmetic far from overflow. */
  public static final int MAX_TOKENS = 4096;

  public Window {
    if (rank < 1 || rank > 3) {
      throw new IllegalArgumentException("window rank must be 1, 2 or 3 (got " + rank + ")");
    }
    if (depth < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "window sizes must be positive (got " + depth + "x" + height + "x" + width + ")");
    }
    if (rank < 3 && depth != 1 || rank < 2 && height != 1) {
      throw new IllegalArgumentException("unused window axes must be 1 for rank " + rank);
    }
    long tokens = (long) depth * height * width;
    if (tokens > MAX_TOKENS) {
      throw new IllegalArgumentException(
          "window "
              + depth
              + "x"
              + height
              + "x"
              + width
              + " has "
              + tokens
              + " tokens, more than the supported "
              + MAX_TOKENS);
    }
  }

  public static Window of1d(int tokens) {
    return new Window(1, 1, 1, tokens);
  }

  public static Window of2d(int height, int width) {
    return new Window(2, 1, height, width);
  }

  public static Window of3d(int depth, int height, int width) {
    return new Window(3, depth, height, width);
  }

  /**
   * Parses {@code "8"}, {@code "7x7"} or {@code "8x7x7"} (also {@code ","} as separator).
   *
   * @throws IllegalArgumentException naming the text when it is not 1 to 3 positive integers
   *     separated by single separators, with nothing before or after ({@code "3x5x"} and {@code
   *     "8x"} are refused)
   */
  public static Window parse(String text) {
    String[] parts = text.trim().split("[x,]", -1); // -1: "3x5x" keeps its empty last part
    if (parts.length < 1 || parts.length > 3) {
      throw new IllegalArgumentException(
          "window '" + UntrustedText.quote(text) + "' must be T, HxW or DxHxW");
    }
    int[] v = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      if (!part.matches("[0-9]{1,9}")) { // no empty part, sign or other text
        throw new IllegalArgumentException(
            "window '" + UntrustedText.quote(text) + "' must be T, HxW or DxHxW");
      }
      v[i] = Integer.parseInt(part);
    }
    return switch (v.length) {
      case 1 -> of1d(v[0]);
      case 2 -> of2d(v[0], v[1]);
      default -> of3d(v[0], v[1], v[2]);
    };
  }

  /** Number of tokens N. */
  public int tokens() {
    return depth * height * width;
  }

  /**
   * Rows of the relative position bias table: {@code (2Wd-1)(2Wh-1)(2Ww-1)} (unused axes give 1).
   */
  public int tableRows() {
    return (2 * depth - 1) * (2 * height - 1) * (2 * width - 1);
  }

  /** True if every axis of this window is at most the same axis of {@code other}. */
  public boolean fitsIn(Window other) {
    return rank == other.rank
        && depth <= other.depth
        && height <= other.height
        && width <= other.width;
  }

  /** Size along axis {@code a} of the used axes (0 = first used axis). */
  public int size(int a) {
    int[] all = {depth, height, width};
    return all[3 - rank + a];
  }

  /** {@code "8"}, {@code "7x7"} or {@code "8x7x7"}. */
  @Override
  public String toString() {
    return switch (rank) {
      case 1 -> Integer.toString(width);
      case 2 -> height + "x" + width;
      default -> depth + "x" + height + "x" + width;
    };
  }
}
