package io.github.winattn.kernel;

import io.github.winattn.shape.AttentionShape;

/**
 * Argument checks shared by every kernel's {@code forward}, so that the reference and generated
 * kernels reject bad calls with the same messages, before any output is written.
 */
public final class KernelArguments {

  private KernelArguments() {}

  /**
   * Checks a {@link AttentionKernel#forward} call for {@code shape}.
   *
   * @param maskSupported false for a kernel generated without mask support
   * @throws IllegalArgumentException naming the argument, the expected and the actual size
   */
  public static void check(
      AttentionShape shape,
      float[] x,
      int xOffset,
      float[] out,
      int outOffset,
      Mask mask,
      int fromWindow,
      int toWindow,
      boolean maskSupported) {
    if (x == null || out == null || mask == null) {
      throw new IllegalArgumentException("x, out and mask must not be null (use Mask.NONE)");
    }
    if (fromWindow < 0 || toWindow < fromWindow) {
      throw new IllegalArgumentException(
          "window range [" + fromWindow + ", " + toWindow + ") is not a valid range");
    }
    int n = shape.tokens();
    long windowSize = (long) n * shape.dim();
    checkArray("x", x.length, xOffset, toWindow * windowSize, toWindow, n, shape.dim());
    checkArray("out", out.length, outOffset, toWindow * windowSize, toWindow, n, shape.dim());
    if (mask.isPresent()) {
      if (!maskSupported) {
        throw new IllegalArgumentException(
            "this kernel was generated without mask support ("
                + shape.describe()
                + "); generate it with masked: true or use the reference kernel");
      }
      long need = (long) mask.windows() * n * n;
      if (mask.offset() + need > mask.values().length) {
        throw new IllegalArgumentException(
            "mask: expected ("
                + mask.windows()
                + ", "
                + n
                + ", "
                + n
                + ") = "
                + need
                + " values from offset "
                + mask.offset()
                + ", array has "
                + mask.values().length);
      }
    }
  }

  private static void checkArray(
      String name, int length, int offset, long need, int windows, int n, int c) {
    if (offset < 0) {
      throw new IllegalArgumentException(name + " offset must be >= 0 (got " + offset + ")");
    }
    if (offset + need > length) {
      throw new IllegalArgumentException(
          name
              + ": expected ("
              + windows
              + ", "
              + n
              + ", "
              + c
              + ") = "
              + need
              + " values from offset "
              + offset
              + ", array has "
              + length);
    }
  }
}
