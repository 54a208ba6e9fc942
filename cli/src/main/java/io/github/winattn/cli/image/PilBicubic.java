package io.github.winattn.cli.image;

/**
 * Pillow's {@code Image.resize(size, Image.BICUBIC)} on an 8-bit RGB image, integer for integer,
 * restricted to a window of the output (the centre crop), so that a 1-pixel-wide image resized to
 * 256 x 170,000 costs only the crop.
 *
 * <p>What Pillow 9 computes ({@code libImaging/Resample.c}), reproduced here: two separable passes,
 * horizontal first, each rounded and clamped to 8 bits; per output index {@code i} of a pass from
 * {@code in} to {@code out} samples, {@code scale = in / out}, {@code filterscale = max(scale, 1)}
 * (wider, antialiasing support when downscaling; the plain kernel when upscaling), {@code support =
 * 2 * filterscale}, {@code center = (i + 0.5) * scale}, taps {@code j} from {@code (int) (center -
 * support + 0.5)} (at least 0) to {@code (int) (center + support + 0.5)} (at most {@code in}),
 * weights {@code cubic((j - center + 0.5) / filterscale)} with the Keys kernel of {@code a = -0.5},
 * normalised to sum 1, then converted to fixed point with 22 fraction bits (rounded half away from
 * zero); each sample is {@code clamp((2^21 + sum(weight * sample)) >> 22, 0, 255)}. A pass whose
 * size does not change is skipped, as Pillow skips it.
 */
final class PilBicubic {

  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final double ONE = 1 << PRECISION_BITS;
  private static final int HALF = 1 << (PRECISION_BITS - 1);
  private static final double A = -0.5;
  private static final double SUPPORT = 2.0;

  private PilBicubic() {}

  /**
   * The taps of one pass for the output indices {@code first .. first + count - 1}: output {@code
   * i} reads input samples {@code start[i - first] .. start[i - first] + taps[i - first] - 1} with
   * the fixed-point weights at {@code weights[(i - first) * stride ..]}.
   */
  record Taps(int[] start, int[] taps, int[] weights, int stride) {

    /** The first input index any of these outputs reads. */
    int minInput() {
      return start[0];
    }

    /** One past the last input index any of these outputs reads. */
    int endInput() {
      int last = start.length - 1;
      return start[last] + taps[last];
    }
  }

  /** Pillow's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc}, for some outputs. */
  static Taps taps(int inSize, int outSize, int first, int count) {
    double scale = (double) inSize / outSize;
    double filterscale = Math.max(scale, 1.0);
    double support = SUPPORT * filterscale;
    int stride = (int) Math.ceil(support) * 2 + 1;
    int[] start = new int[count];
    int[] taps = new int[count];
    int[] weights = new int[count * stride];
    double[] k = new double[stride];
    double ss = 1.0 / filterscale;
    for (int n = 0; n < count; n++) {
      double center = (first + n + 0.5) * scale;
      int min = Math.max((int) (center - support + 0.5), 0);
      int size = Math.min((int) (center + support + 0.5), inSize) - min;
      double sum = 0.0;
      for (int x = 0; x < size; x++) {
        double w = cubic(((x + min) - center + 0.5) * ss);
        k[x] = w;
        sum += w;
      }
      for (int x = 0; x < size; x++) {
        double w = sum != 0.0 ? k[x] / sum : k[x];
        weights[n * stride + x] = w < 0 ? (int) (-0.5 + w * ONE) : (int) (0.5 + w * ONE);
      }
      start[n] = min;
      taps[n] = size;
    }
    return new Taps(start, taps, weights, stride);
  }

  /** Pillow's bicubic filter: Keys' cubic convolution kernel with {@code a = -0.5}. */
  static double cubic(double x) {
    if (x < 0.0) {
      x = -x;
    }
    if (x < 1.0) {
      return ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
      return (((x - 5) * x + 8) * x - 4) * A;
    }
    return 0.0;
  }

  /**
   * The window {@code (left, top, cropWidth, cropHeight)} of {@code source} resized to {@code
   * outWidth x outHeight}; the window must lie inside the resized image.
   */
  static RgbImage resizeWindow(
      RgbImage source,
      int outWidth,
      int outHeight,
      int left,
      int top,
      int cropWidth,
      int cropHeight) {
    if (left < 0 || top < 0 || cropWidth < 1 || cropHeight < 1) {
      throw new IllegalArgumentException(
          "window " + cropWidth + "x" + cropHeight + " at (" + left + ", " + top + ") is empty");
    }
    if ((long) left + cropWidth > outWidth || (long) top + cropHeight > outHeight) {
      throw new IllegalArgumentException(
          "window "
              + cropWidth
              + "x"
              + cropHeight
              + " at ("
              + left
              + ", "
              + top
              + ") exceeds the resized image "
              + outWidth
              + "x"
              + outHeight);
    }
    int inWidth = source.width();
    int inHeight = source.height();
    // Rows of the source the vertical pass reads: [rowBegin, rowEnd).
    Taps vertical = outHeight == inHeight ? null : taps(inHeight, outHeight, top, cropHeight);
    int rowBegin = vertical == null ? top : vertical.minInput();
    int rowEnd = vertical == null ? top + cropHeight : vertical.endInput();
    byte[] rows; // (rowEnd - rowBegin, cropWidth, 3): the horizontal pass over those rows
    if (outWidth == inWidth) {
      rows = copyColumns(source, rowBegin, rowEnd, left, cropWidth);
    } else {
      rows = horizontal(source, rowBegin, rowEnd, taps(inWidth, outWidth, left, cropWidth));
    }
    if (vertical == null) {
      return RgbImage.wrap(cropWidth, cropHeight, rows);
    }
    return RgbImage.wrap(cropWidth, cropHeight, vertical(rows, rowBegin, cropWidth, vertical));
  }

  private static byte[] copyColumns(
      RgbImage source, int rowBegin, int rowEnd, int left, int width) {
    byte[] in = source.samples();
    byte[] out = new byte[(rowEnd - rowBegin) * width * 3];
    for (int y = rowBegin; y < rowEnd; y++) {
      System.arraycopy(
          in, (y * source.width() + left) * 3, out, (y - rowBegin) * width * 3, width * 3);
    }
    return out;
  }

  // Pillow's ImagingResampleHorizontal_8bpc over source rows [rowBegin, rowEnd).
  private static byte[] horizontal(RgbImage source, int rowBegin, int rowEnd, Taps t) {
    byte[] in = source.samples();
    int outWidth = t.start().length;
    byte[] out = new byte[(rowEnd - rowBegin) * outWidth * 3];
    for (int y = rowBegin; y < rowEnd; y++) {
      int rowIn = y * source.width() * 3;
      int rowOut = (y - rowBegin) * outWidth * 3;
      for (int x = 0; x < outWidth; x++) {
        int base = rowIn + t.start()[x] * 3;
        int w0 = x * t.stride();
        int r = HALF;
        int g = HALF;
        int b = HALF;
        for (int j = 0; j < t.taps()[x]; j++) {
          int w = t.weights()[w0 + j];
          int p = base + j * 3;
          r += (in[p] & 0xFF) * w;
          g += (in[p + 1] & 0xFF) * w;
          b += (in[p + 2] & 0xFF) * w;
        }
        out[rowOut + x * 3] = clip8(r);
        out[rowOut + x * 3 + 1] = clip8(g);
        out[rowOut + x * 3 + 2] = clip8(b);
      }
    }
    return out;
  }

  // Pillow's ImagingResampleVertical_8bpc; rows holds source rows from rowBegin on.
  private static byte[] vertical(byte[] rows, int rowBegin, int width, Taps t) {
    int outHeight = t.start().length;
    byte[] out = new byte[outHeight * width * 3];
    for (int y = 0; y < outHeight; y++) {
      int w0 = y * t.stride();
      int first = t.start()[y] - rowBegin;
      for (int x = 0; x < width; x++) {
        int r = HALF;
        int g = HALF;
        int b = HALF;
        for (int j = 0; j < t.taps()[y]; j++) {
          int w = t.weights()[w0 + j];
          int p = ((first + j) * width + x) * 3;
          r += (rows[p] & 0xFF) * w;
          g += (rows[p + 1] & 0xFF) * w;
          b += (rows[p + 2] & 0xFF) * w;
        }
        int o = (y * width + x) * 3;
        out[o] = clip8(r);
        out[o + 1] = clip8(g);
        out[o + 2] = clip8(b);
      }
    }
    return out;
  }

  /** Pillow's {@code clip8}: the fixed-point sum shifted down and clamped to 0-255. */
  static byte clip8(int sum) {
    int v = sum >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }
}
