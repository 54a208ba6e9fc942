package io.github.winattn.featuremap;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where every token of every window of a feature map comes from, computed from the family, the map
 * size and the window and shift exactly as a user passes them to the official block.
 *
 * <ul>
 *   <li>Swin v1/v2 {@code (H, W, C)}: {@code SwinTransformerBlock} clamps a window of at least
 *       {@code min(H, W)} to {@code min(H, W)} with shift 0; there is no padding, so both axes must
 *       then be multiples of the window.
 *   <li>Video Swin {@code (D, H, W, C)}: {@code get_window_size} clamps each axis not larger than
 *       the window to the input with shift 0; the map is padded with zero tokens at the end of D,
 *       H, W to whole windows (the padded tokens take part in attention), the mask regions are
 *       those of the padded size, and the output is cropped.
 *   <li>Temporal {@code (T, N, C)}: one window of the T frames per spatial token, no shift.
 * </ul>
 *
 * <p>Window {@code w} of an image holds tokens {@code t} whose map row is {@link #row(int, int)}
 * (in units of C floats from the image start; -1 for a padding token). For shifted maps the window
 * is taken from the map rolled by {@code -shift}, so output row {@code row(w, t)} is also where the
 * reverse and the roll back put the result. Region ids ({@link #regions}) are the labels of {@code
 * compute_mask}; two tokens of a window attend to each other only when they share one.
 */
public final class FeatureMapGeometry {

  private final Family family;
  private final int[] size; // map size per axis: (H, W), (D, H, W) or (T, N)
  private final int[] requestedWindow;
  private final int[] requestedShift;
  private final int[] window; // after the clamp; temporal: {T}
  private final int[] shift;
  private final int[] padded;
  private final int[] grid;
  private final int windows;
  private final int tokens;
  private final List<String> notes;

  private FeatureMapGeometry(
      Family family,
      int[] size,
      int[] requestedWindow,
      int[] requestedShift,
      int[] window,
      int[] shift,
      int[] padded,
      List<String> notes) {
    this.family = family;
    this.size = size;
    this.requestedWindow = requestedWindow;
    this.requestedShift = requestedShift;
    this.window = window;
    this.shift = shift;
    this.padded = padded;
    this.notes = List.copyOf(notes);
    this.grid = new int[window.length];
    long nW = 1;
    long n = 1;
    for (int a = 0; a < window.length; a++) {
      grid[a] = padded[a] / window[a];
      nW *= grid[a];
      n *= window[a];
    }
    if (family == Family.TEMPORAL) {
      nW = size[1];
    }
    if (nW * n * 1L > Integer.MAX_VALUE / 8) {
      throw new IllegalArgumentException("feature map " + Arrays.toString(size) + " is too large");
    }
    this.windows = (int) nW;
    this.tokens = (int) n;
  }

  /**
   * A Swin v1 or v2 block on an {@code (H, W)} map with {@code window_size} and {@code shift_size}
   * as given to {@code SwinTransformerBlock}.
   *
   * @throws IllegalArgumentException if the shift is outside {@code 0..window-1} after the clamp,
   *     or the map is not a whole number of windows (the official block has no padding)
   */
  public static FeatureMapGeometry swin(
      Family family, int height, int width, int windowSize, int shiftSize) {
    if (family != Family.SWIN_V1 && family != Family.SWIN_V2) {
      throw new IllegalArgumentException(
          "swin feature maps are swin_v1 or swin_v2 (got " + family + ")");
    }
    positive("feature map", height, width);
    positive("window", windowSize);
    int w = windowSize;
    int s = shiftSize;
    List<String> notes = new ArrayList<>();
    int min = Math.min(height, width);
    if (min <= windowSize && (min != windowSize || shiftSize != 0)) {
      // if min(self.input_resolution) <= self.window_size: shift_size = 0; window_size = min(...)
      w = min;
      s = 0;
      notes.add(
          "window "
              + windowSize
              + " clamped to "
              + min
              + " = min("
              + height
              + ", "
              + width
              + ")"
              + (shiftSize != 0 ? ", shift " + shiftSize + " set to 0" : ""));
    }
    if (s < 0 || s >= w) {
      throw new IllegalArgumentException(
          "shift_size must be in 0.." + (w - 1) + " for window " + w + " (got " + shiftSize + ")");
    }
    if (height % w != 0 || width % w != 0) {
      throw new IllegalArgumentException(
          family
              + " feature map "
              + height
              + "x"
              + width
              + " is not a whole number of "
              + w
              + "x"
              + w
              + " windows (SwinTransformerBlock does not pad; use a multiple of the window)");
    }
    int[] size = {height, width};
    return new FeatureMapGeometry(
        family,
        size,
        new int[] {windowSize, windowSize},
        new int[] {shiftSize, shiftSize},
        new int[] {w, w},
        new int[] {s, s},
        size.clone(),
        notes);
  }

  /**
   * A Video Swin block on a {@code (D, H, W)} map with {@code window_size} and {@code shift_size}
   * as given to {@code SwinTransformerBlock3D}.
   *
   * @throws IllegalArgumentException if a shift is outside {@code 0..window-1}
   */
  public static FeatureMapGeometry videoSwin(int[] size, int[] window, int[] shift) {
    rank3(size, "feature map");
    rank3(window, "window");
    rank3(shift, "shift");
    positive("feature map", size);
    positive("window", window);
    List<String> notes = new ArrayList<>();
    int[] w = window.clone();
    int[] s = shift.clone();
    int[] padded = new int[3];
    String[] axis = {"D", "H", "W"};
    for (int a = 0; a < 3; a++) {
      if (shift[a] < 0 || shift[a] >= window[a]) {
        throw new IllegalArgumentException(
            "shift "
                + Arrays.toString(shift)
                + " on axis "
                + axis[a]
                + " must be in 0.."
                + (window[a] - 1)
                + " for window "
                + Arrays.toString(window));
      }
      if (size[a] <= window[a]) {
        // get_window_size: use_window_size[i] = x_size[i]; use_shift_size[i] = 0
        w[a] = size[a];
        s[a] = 0;
        if (size[a] < window[a] || shift[a] != 0) {
          notes.add(
              "window "
                  + axis[a]
                  + " "
                  + window[a]
                  + " clamped to "
                  + size[a]
                  + (shift[a] != 0 ? ", shift " + shift[a] + " set to 0" : ""));
        }
      }
      padded[a] = (size[a] + w[a] - 1) / w[a] * w[a];
      if (padded[a] != size[a]) {
        notes.add("padded " + axis[a] + " " + size[a] + " to " + padded[a] + " (cropped after)");
      }
    }
    return new FeatureMapGeometry(
        Family.VIDEO_SWIN, size.clone(), window.clone(), shift.clone(), w, s, padded, notes);
  }

  /**
   * Temporal attention over the {@code frames} of {@code (T, N, C)}: one window per spatial token.
   */
  public static FeatureMapGeometry temporal(int frames, int spatialTokens) {
    positive("frames and tokens", frames, spatialTokens);
    return new FeatureMapGeometry(
        Family.TEMPORAL,
        new int[] {frames, spatialTokens},
        new int[] {frames},
        new int[] {0},
        new int[] {frames},
        new int[] {0},
        new int[] {frames},
        List.of());
  }

  public Family family() {
    return family;
  }

  /** Map size per axis: {@code (H, W)}, {@code (D, H, W)} or {@code (T, N)}. */
  public int[] size() {
    return size.clone();
  }

  /** The window as passed to the block. */
  public int[] requestedWindow() {
    return requestedWindow.clone();
  }

  /** The shift as passed to the block. */
  public int[] requestedShift() {
    return requestedShift.clone();
  }

  /** The window after the clamp (the tokens each window holds). */
  public int[] window() {
    return window.clone();
  }

  /** The shift after the clamp. */
  public int[] shift() {
    return shift.clone();
  }

  /**
   * A builder of the window module's shape the block runs on this map: the clamped window (Swin,
   * temporal), or the full window with the clamped one as effective window (Video Swin).
   */
  public AttentionShape.Builder shapeBuilder(int dim, int heads) {
    return switch (family) {
      case TEMPORAL -> AttentionShape.builder(family, Window.of1d(window[0]), dim, heads);
      case VIDEO_SWIN ->
          AttentionShape.builder(
                  family,
                  Window.of3d(requestedWindow[0], requestedWindow[1], requestedWindow[2]),
                  dim,
                  heads)
              .effectiveWindow(Window.of3d(window[0], window[1], window[2]));
      default -> AttentionShape.builder(family, Window.of2d(window[0], window[1]), dim, heads);
    };
  }

  /** The map size padded to whole windows. */
  public int[] padded() {
    return padded.clone();
  }

  /** True if any axis is shifted (the block runs SW-MSA). */
  public boolean shifted() {
    return Arrays.stream(shift).anyMatch(s -> s > 0);
  }

  /** True if the map is padded. */
  public boolean isPadded() {
    return family != Family.TEMPORAL && !Arrays.equals(size, padded);
  }

  /** Windows per image nW. */
  public int windows() {
    return windows;
  }

  /** Tokens per window N. */
  public int tokens() {
    return tokens;
  }

  /** Tokens of one image of the map: {@code H*W}, {@code D*H*W} or {@code T*N}. */
  public int rowsPerImage() {
    int r = 1;
    for (int v : size) {
      r *= v;
    }
    return r;
  }

  /** What the clamps and padding changed, for {@code -v}; empty when nothing did. */
  public List<String> notes() {
    return notes;
  }

  /**
   * Row of token {@code t} of window {@code w} in the image, in units of C floats, or -1 for a
   * padding token: window {@code w} (row-major on the window grid) of the map rolled by {@code
   * -shift} and padded at the end.
   */
  public int row(int w, int t) {
    if (family == Family.TEMPORAL) {
      // rearrange('b t n c -> (b n) t c'): frame t of spatial token w
      return t * size[1] + w;
    }
    int rank = window.length;
    int rowIndex = 0;
    int restW = w;
    int restT = t;
    int[] coord = new int[rank];
    for (int a = rank - 1; a >= 0; a--) {
      coord[a] = (restW % grid[a]) * window[a] + restT % window[a];
      restW /= grid[a];
      restT /= window[a];
    }
    for (int a = 0; a < rank; a++) {
      // torch.roll(x, shifts=-shift): position p of the rolled map holds x[(p + shift) % L]
      int source = (coord[a] + shift[a]) % padded[a];
      if (source >= size[a]) {
        return -1; // F.pad(x, ...) zeros, cropped by x[:, :D, :H, :W] after
      }
      rowIndex = rowIndex * size[a] + source;
    }
    return rowIndex;
  }

  /**
   * The window class of {@code w}: bit {@code a} (axis {@code a}, first axis highest) is set when
   * the window is the last on a shifted axis. Windows of one class have the same region ids; class
   * 0 (interior) has a single region.
   */
  public int windowClass(int w) {
    int rank = window.length;
    int cls = 0;
    int rest = w;
    for (int a = rank - 1; a >= 0; a--) {
      int g = rest % grid[a];
      rest /= grid[a];
      if (shift[a] > 0 && g == grid[a] - 1) {
        cls |= 1 << (rank - 1 - a);
      }
    }
    return family == Family.TEMPORAL ? 0 : cls;
  }

  /** Number of window classes: {@code 2^rank} (the interior class 0 needs no mask). */
  public int windowClasses() {
    return family == Family.TEMPORAL ? 1 : 1 << window.length;
  }

  /** A window of class {@code cls}, or -1 if the map has none. */
  public int windowOfClass(int cls) {
    for (int w = 0; w < windows; w++) {
      if (windowClass(w) == cls) {
        return w;
      }
    }
    return -1;
  }

  /**
   * Writes the region id of every token of window {@code w} into {@code out[0, N)}: the slice
   * labels of {@code compute_mask} on the padded size, {@code [0, L-w)}, {@code [L-w, L-s)}, {@code
   * [L-s, L)} per shifted axis, combined row-major.
   */
  public void regions(int w, int[] out) {
    if (family == Family.TEMPORAL) {
      Arrays.fill(out, 0, tokens, 0);
      return;
    }
    int rank = window.length;
    int[] origin = new int[rank];
    int rest = w;
    for (int a = rank - 1; a >= 0; a--) {
      origin[a] = (rest % grid[a]) * window[a];
      rest /= grid[a];
    }
    for (int t = 0; t < tokens; t++) {
      int r = t;
      int id = 0;
      int[] coord = new int[rank];
      for (int a = rank - 1; a >= 0; a--) {
        coord[a] = origin[a] + r % window[a];
        r /= window[a];
      }
      for (int a = 0; a < rank; a++) {
        id = id * 3 + label(coord[a], padded[a], window[a], shift[a]);
      }
      out[t] = id;
    }
  }

  private static int label(int x, int len, int window, int shift) {
    if (shift == 0 || x < len - window) {
      return 0;
    }
    return x < len - shift ? 1 : 2;
  }

  @Override
  public String toString() {
    return family
        + " map "
        + Arrays.toString(size)
        + " window "
        + Arrays.toString(window)
        + " shift "
        + Arrays.toString(shift)
        + (isPadded() ? " padded " + Arrays.toString(padded) : "");
  }

  private static void rank3(int[] v, String name) {
    if (v == null || v.length != 3) {
      throw new IllegalArgumentException(
          name + " must have 3 axes D, H, W (got " + Arrays.toString(v) + ")");
    }
  }

  private static void positive(String name, int... v) {
    for (int x : v) {
      if (x < 1) {
        throw new IllegalArgumentException(
            name + " sizes must be positive (got " + Arrays.toString(v) + ")");
      }
    }
  }
}
