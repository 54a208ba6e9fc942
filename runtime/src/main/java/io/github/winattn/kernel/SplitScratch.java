package io.github.winattn.kernel;

import java.util.Arrays;

/** The shared scratch of split windows: one array per window, grown and then reused. */
public final class SplitScratch {

  private SplitScratch() {}

  /**
   * {@code scratch} if it has {@code windows} arrays of at least {@code floats} floats, else a
   * grown copy (existing arrays that are large enough are kept).
   */
  public static float[][] grow(float[][] scratch, int windows, int floats) {
    if (windows < 0 || floats < 0) {
      throw new IllegalArgumentException(
          "windows and floats must be >= 0 (got " + windows + ", " + floats + ")");
    }
    float[][] s = scratch.length >= windows ? scratch : Arrays.copyOf(scratch, windows);
    for (int w = 0; w < windows; w++) {
      if (s[w] == null || s[w].length < floats) {
        s[w] = new float[floats];
      }
    }
    return s;
  }
}
