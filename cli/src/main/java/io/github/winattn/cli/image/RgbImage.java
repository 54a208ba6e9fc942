package io.github.winattn.cli.image;

import java.util.Arrays;

/**
 * An image of 8-bit red, green and blue samples, row-major and interleaved: the sample of channel
 * {@code c} (0 red, 1 green, 2 blue) at column {@code x}, row {@code y} is byte {@code (y * width +
 * x) * 3 + c}, read as unsigned. Immutable: the public factory copies the array it is given.
 */
public final class RgbImage {

  /** The largest number of samples ({@code width * height * 3}) an image may hold. */
  public static final int MAX_SAMPLES = Integer.MAX_VALUE - 8;

  private final int width;
  private final int height;
  private final byte[] rgb;

  private RgbImage(int width, int height, byte[] rgb) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "image size must be at least 1x1, got " + width + "x" + height);
    }
    long samples = 3L * width * height;
    if (samples > MAX_SAMPLES) {
      throw new IllegalArgumentException(
          "image "
              + width
              + "x"
              + height
              + " has "
              + samples
              + " samples, more than "
              + MAX_SAMPLES);
    }
    if (rgb.length != samples) {
      throw new IllegalArgumentException(
          "image "
              + width
              + "x"
              + height
              + " needs "
              + samples
              + " RGB samples, got "
              + rgb.length);
    }
    this.width = width;
    this.height = height;
    this.rgb = rgb;
  }

  /**
   * An image of the given interleaved RGB bytes (copied).
   *
   * @throws IllegalArgumentException if a size is below 1 or {@code rgb.length != width * height *
   *     3}
   */
  public static RgbImage of(int width, int height, byte[] rgb) {
    return new RgbImage(width, height, rgb.clone());
  }

  /** Wraps {@code rgb} without copying: for this package's own freshly filled arrays. */
  static RgbImage wrap(int width, int height, byte[] rgb) {
    return new RgbImage(width, height, rgb);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The sample of {@code channel} (0 red, 1 green, 2 blue) at ({@code x}, {@code y}), 0-255. */
  public int sample(int x, int y, int channel) {
    if (x < 0 || x >= width || y < 0 || y >= height || channel < 0 || channel > 2) {
      throw new IndexOutOfBoundsException(
          "("
              + x
              + ", "
              + y
              + ", channel "
              + channel
              + ") outside the "
              + width
              + "x"
              + height
              + " RGB image");
    }
    return rgb[(y * width + x) * 3 + channel] & 0xFF;
  }

  /** A copy of the interleaved samples. */
  public byte[] toBytes() {
    return rgb.clone();
  }

  /** The samples themselves, not copied: callers in this package only read them. */
  byte[] samples() {
    return rgb;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other
        && width == other.width
        && height == other.height
        && Arrays.equals(rgb, other.rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
