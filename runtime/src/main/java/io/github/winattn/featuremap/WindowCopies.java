package io.github.winattn.featuremap;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.shape.ShiftedWindowMask;

/**
 * The unfused path a user writes by hand around a window-batch kernel, as the official blocks do
 * it: a copy of the rolled, padded map partitioned into windows, the kernel with the dense {@code
 * (nW, N, N)} mask, and a copy back through {@code window_reverse}, the roll back and the crop. The
 * baseline of the feature-map benchmark and an independent oracle in tests.
 */
public final class WindowCopies {

  private WindowCopies() {}

  /** {@code window_partition(torch.roll(F.pad(x), -shift))}: {@code (B*nW, N, C)} from B maps. */
  public static void partition(
      FeatureMapGeometry g, float[] x, int images, int c, float[] windows) {
    int n = g.tokens();
    int nW = g.windows();
    int imageSize = g.rowsPerImage() * c;
    for (int b = 0; b < images; b++) {
      for (int w = 0; w < nW; w++) {
        for (int t = 0; t < n; t++) {
          int r = g.row(w, t);
          int dst = ((b * nW + w) * n + t) * c;
          if (r < 0) {
            java.util.Arrays.fill(windows, dst, dst + c, 0f);
          } else {
            System.arraycopy(x, b * imageSize + r * c, windows, dst, c);
          }
        }
      }
    }
  }

  /** {@code window_reverse}, {@code torch.roll(+shift)} and the crop: B maps from windows. */
  public static void reverse(
      FeatureMapGeometry g, float[] windows, int images, int c, float[] out) {
    int n = g.tokens();
    int nW = g.windows();
    int imageSize = g.rowsPerImage() * c;
    for (int b = 0; b < images; b++) {
      for (int w = 0; w < nW; w++) {
        for (int t = 0; t < n; t++) {
          int r = g.row(w, t);
          if (r >= 0) {
            System.arraycopy(windows, ((b * nW + w) * n + t) * c, out, b * imageSize + r * c, c);
          }
        }
      }
    }
  }

  /** The dense mask of the block: {@code compute_mask} on the padded size, or {@link Mask#NONE}. */
  public static Mask mask(FeatureMapGeometry g) {
    if (!g.shifted()) {
      return Mask.NONE;
    }
    return Mask.of(ShiftedWindowMask.build(g.padded(), g.window(), g.shift()), g.windows());
  }

  /** The whole unfused path: partition copy, the kernel over {@code B*nW} windows, reverse copy. */
  public static void forward(
      AttentionKernel kernel,
      FeatureMapGeometry g,
      Mask mask,
      float[] x,
      int images,
      float[] windowsIn,
      float[] windowsOut,
      float[] out) {
    int c = kernel.shape().dim();
    partition(g, x, images, c, windowsIn);
    kernel.forward(windowsIn, 0, windowsOut, 0, mask, 0, images * g.windows());
    reverse(g, windowsOut, images, c, out);
  }
}
