package io.github.winattn.cli.image;

import io.github.winattn.cli.error.CliException;
import io.github.winattn.io.IoMessages;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads a JPEG or PNG file into 8-bit RGB with {@code javax.imageio}, as Pillow's {@code
 * Image.open(path).convert("RGB")} gives it (what torchvision's and timm's loaders do).
 *
 * <ul>
 *   <li>The size is read from the header first: an image over the pixel limit is refused before any
 *       pixel is decoded.
 *   <li>Grayscale is replicated into the three channels; a palette image takes its palette's
 *       colours; an alpha channel is dropped (not composited), as {@code convert("RGB")} does;
 *       16-bit samples keep their high byte; 1-, 2- and 4-bit gray is scaled to 0-255.
 *   <li>Samples are taken as stored: no ICC profile or PNG gamma is applied (Pillow applies none
 *       either). EXIF orientation is ignored, as torchvision ignores it: a photo stored sideways
 *       with an orientation tag is classified sideways.
 *   <li>CMYK and YCCK JPEGs, and any colour space other than RGB or gray, are refused with a
 *       message naming the file. Any warning of the decoder (a truncated JPEG, for one) is an
 *       error: a half-decoded image would be classified silently otherwise.
 *   <li>JPEG decoding may differ from Pillow's libjpeg-turbo by a level or two per sample (the
 *       measured difference is in {@code docs/preprocessing.md}); PNG decoding is exact.
 * </ul>
 */
public final class ImageDecoder {

  /** The default limit on {@code width * height}: 100 megapixels. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  private ImageDecoder() {}

  /** {@link #read(Path, long)} with the default limit of 100 megapixels. */
  public static RgbImage read(Path path) {
    return read(path, DEFAULT_MAX_PIXELS);
  }

  /**
   * Decodes the image at {@code path}.
   *
   * @param maxPixels the largest {@code width * height} accepted, checked before decoding
   * @throws CliException naming the path: unreadable file, not a JPEG or PNG, too many pixels,
   *     unsupported colour space, corrupt or truncated data
   */
  public static RgbImage read(Path path, long maxPixels) {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("pixel limit must be at least 1, got " + maxPixels);
    }
    if (Files.isDirectory(path)) {
      throw new CliException(path + ": is a folder, not an image");
    }
    try (InputStream raw = Files.newInputStream(path);
        ImageInputStream in = new MemoryCacheImageInputStream(new BufferedInputStream(raw))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new CliException(path + ": not a JPEG or PNG image (unknown format)");
      }
      ImageReader reader = readers.next();
      try {
        return decode(path, reader, in, maxPixels);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new CliException("cannot read image " + path + ": " + IoMessages.reason(e), e);
    }
  }

  private static RgbImage decode(Path path, ImageReader reader, ImageInputStream in, long maxPixels)
      throws IOException {
    String format = reader.getFormatName().toUpperCase(Locale.ROOT);
    if (!format.equals("JPEG") && !format.equals("PNG")) {
      throw new CliException(path + ": a " + format + " image; only JPEG and PNG are read");
    }
    reader.setInput(in, true, true);
    int width;
    int height;
    try {
      width = reader.getWidth(0);
      height = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw new CliException(path + ": cannot read the " + format + " header: " + reason(e), e);
    }
    if (width < 1 || height < 1) {
      throw new CliException(path + ": " + format + " header gives size " + width + "x" + height);
    }
    long pixels = (long) width * height;
    if (pixels > maxPixels || 3 * pixels > RgbImage.MAX_SAMPLES) {
      throw new CliException(
          path
              + ": "
              + width
              + "x"
              + height
              + " = "
              + pixels
              + " pixels, over the limit of "
              + Math.min(maxPixels, RgbImage.MAX_SAMPLES / 3)
              + " pixels");
    }
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener(warningsInto(warnings));
    BufferedImage image;
    try {
      image = reader.read(0);
    } catch (IOException | RuntimeException e) {
      throw new CliException(path + ": cannot decode the " + format + " image: " + hint(e), e);
    }
    if (!warnings.isEmpty()) {
      throw new CliException(
          path + ": the " + format + " image is damaged: " + String.join("; ", warnings));
    }
    return toRgb(image, path);
  }

  private static IIOReadWarningListener warningsInto(List<String> warnings) {
    return (source, warning) -> warnings.add(warning);
  }

  private static String hint(Throwable e) {
    String reason = reason(e);
    if (reason.contains("Unsupported Image Type")) {
      return reason + " (CMYK and YCCK JPEGs are not supported: save the image as RGB)";
    }
    return reason;
  }

  private static String reason(Throwable e) {
    String m = e.getMessage();
    String own = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    Throwable cause = e.getCause();
    return cause == null || cause == e ? own : own + ": " + reason(cause);
  }

  /** The decoded image's samples as 8-bit RGB. */
  static RgbImage toRgb(BufferedImage image, Path path) {
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    int width = raster.getWidth();
    int height = raster.getHeight();
    byte[] rgb = new byte[width * height * 3];
    int[] row = new int[width];
    if (cm instanceof IndexColorModel palette) {
      for (int y = 0; y < height; y++) {
        raster.getSamples(0, y, width, 1, 0, row);
        for (int x = 0; x < width; x++) {
          int o = (y * width + x) * 3;
          rgb[o] = (byte) palette.getRed(row[x]);
          rgb[o + 1] = (byte) palette.getGreen(row[x]);
          rgb[o + 2] = (byte) palette.getBlue(row[x]);
        }
      }
      return RgbImage.wrap(width, height, rgb);
    }
    int[] bands = bandsOf(cm, path);
    for (int c = 0; c < 3; c++) {
      int bits = cm.getComponentSize(bands[c]);
      for (int y = 0; y < height; y++) {
        raster.getSamples(0, y, width, 1, bands[c], row);
        for (int x = 0; x < width; x++) {
          rgb[(y * width + x) * 3 + c] = (byte) to8Bits(row[x], bits);
        }
      }
    }
    return RgbImage.wrap(width, height, rgb);
  }

  /** The raster bands of red, green and blue: 0, 1, 2 for RGB, 0, 0, 0 for gray. */
  private static int[] bandsOf(ColorModel cm, Path path) {
    ColorSpace cs = cm.getColorSpace();
    int colours = cm.getNumColorComponents();
    if (cs.getType() == ColorSpace.TYPE_RGB && colours == 3) {
      return new int[] {0, 1, 2};
    }
    if (cs.getType() == ColorSpace.TYPE_GRAY && colours == 1) {
      return new int[] {0, 0, 0};
    }
    throw new CliException(
        path
            + ": unsupported colour space ("
            + colours
            + " colour components, "
            + spaceName(cs.getType())
            + "); save the image as RGB or grayscale");
  }

  private static String spaceName(int type) {
    return switch (type) {
      case ColorSpace.TYPE_CMYK -> "CMYK";
      case ColorSpace.TYPE_CMY -> "CMY";
      case ColorSpace.TYPE_YCbCr -> "YCbCr";
      case ColorSpace.TYPE_GRAY -> "gray";
      case ColorSpace.TYPE_RGB -> "RGB";
      default -> "java.awt.color.ColorSpace type " + type;
    };
  }

  /** A sample of {@code bits} bits as 0-255: high byte of 16 bits, scaled below 8 bits. */
  static int to8Bits(int sample, int bits) {
    if (bits == 8) {
      return sample;
    }
    if (bits > 8) {
      return sample >>> (bits - 8);
    }
    int max = (1 << bits) - 1;
    return (int) Math.round(sample * 255.0 / max);
  }
}
