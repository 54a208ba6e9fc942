package io.github.winattn.shape;

import java.util.Arrays;

/**
 * The shifted-window (SW-MSA) attention mask and the window/shift clamp rules of the official
 * blocks. Axes are given in the window's order: {@code (H, W)} for Swin, {@code (D, H, W)} for
 * Video Swin.
 */
public final class ShiftedWindowMask {

  /** The value PyTorch's blocks put between tokens of different regions (not -inf). */
  public static final float MASKED = -100.0f;

  private ShiftedWindowMask() {}

  /**
   * A block's window and shift after clamping to its input.
   *
   * @param window window size per axis
   * @param shift shift per axis; all zero means no mask is used
   */
  public record Geometry(int[] window, int[] shift) {
    public Geometry {
      window = window.clone();
      shift = shift.clone();
    }

    @Override
    public int[] window() {
      return window.clone();
    }

    @Override
    public int[] shift() {
      return shift.clone();
    }

    /** True if any axis is shifted, i.e. the block runs SW-MSA with a mask. */
    public boolean shifted() {
      return Arrays.stream(shift).anyMatch(s -> s > 0);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Geometry g
          && Arrays.equals(window, g.window)
          && Arrays.equals(shift, g.shift);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(window) + Arrays.hashCode(shift);
    }

    @Override
    public String toString() {
      return "Geometry[window="
          + Arrays.toString(window)
          + ", shift="
          + Arrays.toString(shift)
          + "]";
    }
  }

  /**
   * Swin v1/v2 {@code SwinTransformerBlock}: if {@code min(input_resolution) <= window_size} the
   * window becomes {@code min(input_resolution)} and the shift 0.
   */
  public static Geometry swinBlock(int[] resolution, int windowSize, int shiftSize) {
    checkRank(resolution, 2, "resolution");
    int min = Math.min(resolution[0], resolution[1]);
    if (min <= windowSize) {
      return new Geometry(new int[] {min, min}, new int[] {0, 0});
    }
    if (shiftSize < 0 || shiftSize >= windowSize) {
      throw new IllegalArgumentException(
          "shift_size must be in 0..window_size-1 (got "
              + shiftSize
              + " for window "
              + windowSize
              + ")");
    }
    return new Geometry(new int[] {windowSize, windowSize}, new int[] {shiftSize, shiftSize});
  }

  /**
   * Video Swin {@code get_window_size}: per axis, if the input is not larger than the window, the
   * window becomes the input size and that axis's shift 0.
   */
  public static Geometry videoSwinBlock(int[] resolution, int[] window, int[] shift) {
    checkRank(resolution, 3, "resolution");
    checkRank(window, 3, "window");
    checkRank(shift, 3, "shift");
    int[] w = window.clone();
    int[] s = shift.clone();
    for (int a = 0; a < 3; a++) {
      if (resolution[a] <= window[a]) {
        w[a] = resolution[a];
        s[a] = 0;
      }
    }
    return new Geometry(w, s);
  }

  /** Number of windows nW over the input padded up to a multiple of the window. */
  public static int windows(int[] resolution, int[] window) {
    int count = 1;
    for (int a = 0; a < resolution.length; a++) {
      count *= ceilDiv(resolution[a], window[a]);
    }
    return count;
  }

  /**
   * Builds the mask {@code (nW, N, N)} as the official blocks do: label each axis of the (padded)
   * input in slices {@code [0, L-w)}, {@code [L-w, L-s)}, {@code [L-s, L)} (no split where the
   * shift is 0), combine the labels into region ids, partition into windows row-major, and put
   * {@link #MASKED} between tokens of different regions, 0 elsewhere.
   *
   * @param resolution input size per axis (padded up to a multiple of the window)
   * @param window window per axis, after clamping
   * @param shift shift per axis, after clamping; each {@code 0 <= s < w}
   */
  public static float[] build(int[] resolution, int[] window, int[] shift) {
    int rank = resolution.length;
    if (rank < 1 || window.length != rank || shift.length != rank) {
      throw new IllegalArgumentException(
          "resolution, window and shift must have the same rank (got "
              + Arrays.toString(resolution)
              + ", "
              + Arrays.toString(window)
              + ", "
              + Arrays.toString(shift)
              + ")");
    }
    int[] padded = new int[rank];
    int[] grid = new int[rank];
    int tokens = 1;
    for (int a = 0; a < rank; a++) {
      if (window[a] < 1 || resolution[a] < 1) {
        throw new IllegalArgumentException("window and resolution must be positive");
      }
      if (shift[a] < 0 || shift[a] >= window[a]) {
        throw new IllegalArgumentException(
            "shift " + shift[a] + " on axis " + a + " must be in 0.." + (window[a] - 1));
      }
      grid[a] = ceilDiv(resolution[a], window[a]);
      padded[a] = grid[a] * window[a];
      tokens *= window[a];
    }
    int nW = windows(resolution, window);
    long size = (long) nW * tokens * tokens;
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "mask of " + nW + " windows x " + tokens + "^2 is too large");
    }
    float[] mask = new float[(int) size];
    int[] region = new int[tokens];
    int[] coord = new int[rank];
    for (int win = 0; win < nW; win++) {
      // window coordinates on the grid, row-major
      int rest = win;
      int[] origin = new int[rank];
      for (int a = rank - 1; a >= 0; a--) {
        origin[a] = (rest % grid[a]) * window[a];
        rest /= grid[a];
      }
      for (int t = 0; t < tokens; t++) {
        int r = t;
        for (int a = rank - 1; a >= 0; a--) {
          coord[a] = origin[a] + r % window[a];
          r /= window[a];
        }
        int id = 0;
        for (int a = 0; a < rank; a++) {
          id = id * 3 + label(coord[a], padded[a], window[a], shift[a]);
        }
        region[t] = id;
      }
      int base = win * tokens * tokens;
      for (int i = 0; i < tokens; i++) {
        for (int j = 0; j < tokens; j++) {
          mask[base + i * tokens + j] = region[i] == region[j] ? 0f : MASKED;
        }
      }
    }
    return mask;
  }

  /** Slice label of coordinate {@code x} on an axis of length {@code len}. */
  private static int label(int x, int len, int window, int shift) {
    if (shift == 0) {
      return 0;
    }
    if (x < len - window) {
      return 0;
    }
    return x < len - shift ? 1 : 2;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static void checkRank(int[] v, int rank, String name) {
    if (v.length != rank) {
      throw new IllegalArgumentException(
          name + " must have " + rank + " axes (got " + Arrays.toString(v) + ")");
    }
  }
}
