package io.github.winattn.featuremap;

import io.github.winattn.kernel.AttentionKernel;
import java.util.List;

/**
 * A window kernel with fused feature-map entries: a generated class whose configuration gave the
 * map {@code resolution} and {@code shift}. For those maps it reads each window's tokens straight
 * from the map and writes its output rows straight into the output map (no gather copy), and its
 * softmax skips the pairs that lie in different regions of the window's class (no {@code (N, N)}
 * mask exists). {@link FeatureMapAttentions} prefers this entry when the kernel has the map.
 */
public interface FeatureMapKernel extends AttentionKernel {

  /**
   * The index of the configured map with this geometry (map size, clamped window and shift), or -1
   * when this kernel was not generated for it.
   */
  int featureMap(FeatureMapGeometry geometry);

  /** The configured maps, e.g. {@code 56x56 shift 3x3}, in index order. */
  List<String> featureMaps();

  /**
   * Computes one window of configured map {@code map}: token {@code t} is row {@code rows[ro + t]}
   * of the input image at {@code xBase} (in units of C floats; a negative row is a zero padding
   * token), and its output goes to the same row of the output image at {@code outBase} (nothing is
   * written for a padding token). {@code windowClass} is {@link
   * FeatureMapGeometry#windowClass(int)} of the window: class 0 has one region, any other class has
   * its cross-region pairs skipped.
   *
   * <p>Only array bounds are checked here (by the JVM): {@link FeatureMapAttentions} checks the
   * whole batch once and builds {@code rows} from the geometry.
   */
  void forwardWindow(
      float[] x, int xBase, float[] out, int outBase, int[] rows, int ro, int map, int windowClass);

  /** Ints per window in the {@code windows} table of {@link #forwardWindows}. */
  int WINDOW_INTS = 4;

  /**
   * Computes {@code count} windows of configured map {@code map}, exactly as {@link #forwardWindow}
   * would one by one: window {@code i} is described by {@code windows[(first + i) * WINDOW_INTS
   * ...]}, the four ints {@code xBase, outBase, ro, windowClass}. A kernel may compute several
   * windows in one pass (its projections then read each weight panel once per {@link
   * #windowGroup()} windows); the default computes them one by one.
   */
  default void forwardWindows(
      float[] x, float[] out, int[] rows, int map, int[] windows, int first, int count) {
    for (int i = first; i < first + count; i++) {
      int w = i * WINDOW_INTS;
      forwardWindow(x, windows[w], out, windows[w + 1], rows, windows[w + 2], map, windows[w + 3]);
    }
  }

  /**
   * Windows that {@link #forwardWindows} computes in one pass: callers hand it this many at a time
   * where they can (any count is correct).
   */
  default int windowGroup() {
    return 1;
  }

  /**
   * Part {@code part} of {@code parts} of phase {@code phase} of one window of configured map
   * {@code map}, addressed as in {@link #forwardWindow}: the split of {@link
   * AttentionKernel#forwardSplit} on the fused entry, bit-identical to {@code forwardWindow}. The
   * window's state between phases lives in {@code scratch} (see there).
   *
   * @throws UnsupportedOperationException if {@link #splitPhases()} is 0
   */
  default void forwardWindowSplit(
      float[] x,
      int xBase,
      float[] out,
      int outBase,
      int[] rows,
      int ro,
      int map,
      int windowClass,
      int phase,
      int part,
      int parts,
      float[] scratch) {
    throw new UnsupportedOperationException(implementation() + " does not split windows");
  }
}
