package io.github.winattn.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.cli.error.CliException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding against Pillow's {@code convert("RGB")}, and the refusals, each naming the file. */
class ImageDecoderTest {

  /**
   * The largest difference per sample allowed between the JDK's JPEG decoder (IJG libjpeg 6b) and
   * Pillow 9.4's (libjpeg-turbo 2.1) on the test JPEGs (baseline, 4:2:0 and gray), in levels of
   * 255: none, as measured. Both use the accurate integer IDCT and fancy upsampling; other JPEGs
   * (progressive, other subsampling, ICC profiles) may differ by a level or two.
   */
  static final int JPEG_LEVELS = 0;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "photo.png",
        "gray.png",
        "palette.png",
        "rgba.png",
        "gray_alpha.png",
        "thin.png",
        "small.png"
      })
  void pngDecodesExactlyAsPillow(String image) {
    RgbImage decoded = ImageDecoder.read(ImageVectors.ROOT.resolve("images").resolve(image));
    assertEquals("", ImageVectors.firstDifference(decoded, ImageVectors.pixels(image)), image);
  }

  @ParameterizedTest
  @ValueSource(strings = {"photo.jpg", "gray.jpg"})
  void jpegDecodesAsPillowOnTheTestImages(String image) {
    RgbImage decoded = ImageDecoder.read(ImageVectors.ROOT.resolve("images").resolve(image));
    RgbImage pillow = ImageVectors.pixels(image);
    int max = ImageVectors.maxLevelDifference(decoded, pillow);
    System.out.printf("%s: max |ImageIO - Pillow| = %d levels%n", image, max);
    assertTrue(max <= JPEG_LEVELS, image + ": " + max + " levels");
  }

  @Test
  void cmykJpegIsRefusedNamingTheFile() {
    Path cmyk = ImageVectors.ROOT.resolve("images").resolve("cmyk.jpg");
    CliException e = assertThrows(CliException.class, () -> ImageDecoder.read(cmyk));
    assertTrue(e.getMessage().startsWith(cmyk + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("CMYK"), e.getMessage());
  }

  @Test
  void missingFileNamesThePath() {
    Path missing = dir.resolve("missing.jpg");
    CliException e = assertThrows(CliException.class, () -> ImageDecoder.read(missing));
    assertEquals("cannot read image " + missing + ": no such file or folder", e.getMessage());
  }

  @Test
  void folderIsRefused() {
    CliException e = assertThrows(CliException.class, () -> ImageDecoder.read(dir));
    assertEquals(dir + ": is a folder, not an image", e.getMessage());
  }

  @Test
  void textFileIsNotAnImage() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.jpg"), "not an image\n");
    CliException e = assertThrows(CliException.class, () -> ImageDecoder.read(text));
    assertEquals(text + ": not a JPEG or PNG image (unknown format)", e.getMessage());
  }

  @Test
  void otherFormatsAreRefused() throws IOException {
    Path bmp = dir.resolve("tiny.bmp");
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);
    assertTrue(javax.imageio.ImageIO.write(image, "bmp", bmp.toFile()));
    CliException e = assertThrows(CliException.class, () -> ImageDecoder.read(bmp));
    assertEquals(bmp + ": a BMP image; only JPEG and PNG are read", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"photo.jpg", "photo.png"})
  void truncatedFileIsAnErrorNamingThePath(String image) throws IOException {
    byte[] whole = Files.readAllBytes(ImageVectors.ROOT.resolve("images").resolve(image));
    Path cut = Files.write(dir.resolve("cut-" + image), Arrays.copyOf(whole, whole.length / 2));
    CliException e = assertThrows(CliException.class, () -> ImageDecoder.read(cut));
    assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
  }

  @Test
  void hugeImageIsRefusedFromItsHeaderBeforeDecoding() throws IOException {
    // A PNG header claiming 20000 x 20000 RGB and no pixel data at all: only the size is read.
    Path huge = Files.write(dir.resolve("huge.png"), pngHeaderOnly(20_000, 20_000));
    CliException e = assertThrows(CliException.class, () -> ImageDecoder.read(huge));
    assertEquals(
        huge + ": 20000x20000 = 400000000 pixels, over the limit of 100000000 pixels",
        e.getMessage());
  }

  @Test
  void pixelLimitIsTheCallers() {
    Path photo = ImageVectors.ROOT.resolve("images").resolve("photo.png"); // 120 x 90
    assertEquals(120, ImageDecoder.read(photo, 120 * 90).width());
    CliException e = assertThrows(CliException.class, () -> ImageDecoder.read(photo, 120 * 90 - 1));
    assertEquals(photo + ": 120x90 = 10800 pixels, over the limit of 10799 pixels", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ImageDecoder.read(photo, 0));
  }

  @Test
  void sixteenBitPngKeepsTheHighByte() throws IOException {
    java.awt.image.BufferedImage gray =
        new java.awt.image.BufferedImage(3, 1, java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
    gray.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0x0000, 0xABCD, 0xFFFF});
    Path png = dir.resolve("gray16.png");
    assertTrue(javax.imageio.ImageIO.write(gray, "png", png.toFile()));
    RgbImage decoded = ImageDecoder.read(png);
    for (int c = 0; c < 3; c++) {
      assertEquals(0x00, decoded.sample(0, 0, c));
      assertEquals(0xAB, decoded.sample(1, 0, c));
      assertEquals(0xFF, decoded.sample(2, 0, c));
    }
  }

  @Test
  void sixteenBitSamplesKeepTheirHighByte() {
    assertEquals(0xAB, ImageDecoder.to8Bits(0xABCD, 16));
    assertEquals(255, ImageDecoder.to8Bits(1, 1));
    assertEquals(85, ImageDecoder.to8Bits(1, 2));
    assertEquals(17, ImageDecoder.to8Bits(1, 4));
    assertEquals(200, ImageDecoder.to8Bits(200, 8));
  }

  /** The PNG signature, an IHDR chunk (8-bit RGB) and IEND: a valid header, no image data. */
  private static byte[] pngHeaderOnly(int width, int height) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    DataOutputStream h = new DataOutputStream(ihdr);
    h.writeInt(width);
    h.writeInt(height);
    h.write(new byte[] {8, 2, 0, 0, 0}); // bit depth 8, colour type RGB, deflate, no filter, no
    // interlace
    chunk(out, "IHDR", ihdr.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return bytes.toByteArray();
  }

  private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    out.writeInt(data.length);
    out.write(name);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }
}
