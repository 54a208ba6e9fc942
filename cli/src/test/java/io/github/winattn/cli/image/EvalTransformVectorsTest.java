package io.github.winattn.cli.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java transform against Pillow and torchvision 0.14 on every case of {@code image-vectors}:
 * geometry, resized crop (exact bytes) and tensor (exact floats) on Pillow's decoded pixels, and
 * the whole pipeline from the file (exact for PNG, within the JPEG decoder's tolerance).
 */
class EvalTransformVectorsTest {

  /**
   * The largest difference, after normalisation, between the whole Java pipeline on a JPEG and
   * torchvision on Pillow's decoding of it: {@link ImageDecoderTest#JPEG_LEVELS} levels / 255 / the
   * smallest std (0.224), plus float rounding.
   */
  static final float JPEG_TENSOR_TOLERANCE = ImageDecoderTest.JPEG_LEVELS / 255f / 0.224f + 1e-6f;

  static List<ImageVectors.Case> cases() {
    return ImageVectors.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void geometryMatchesTorchvision(ImageVectors.Case c) {
    assertEquals(c.geometry(), c.transform().geometry(c.sourceWidth(), c.sourceHeight()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void cropOfPillowPixelsIsPillowsCropExactly(ImageVectors.Case c) {
    RgbImage crop = c.transform().crop(ImageVectors.pixels(c.image()));
    assertEquals("", ImageVectors.firstDifference(crop, c.crop()), c.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tensorOfPillowPixelsIsTorchvisionsExactly(ImageVectors.Case c) {
    float[] actual = c.transform().apply(ImageVectors.pixels(c.image()));
    float[] expected = c.expected().orElseGet(() -> tensorOf(c.crop()));
    assertArrayEquals(expected, actual, 0f, c.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void wholePipelineFromTheFile(ImageVectors.Case c) {
    float[] actual = c.transform().apply(ImageDecoder.read(c.imagePath()));
    float[] expected = c.expected().orElseGet(() -> tensorOf(c.crop()));
    float max = 0f;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(actual[i] - expected[i]));
    }
    System.out.printf("%s: whole pipeline max |java - torchvision| = %s%n", c.name(), max);
    if (c.isJpeg()) {
      assertTrue(max <= JPEG_TENSOR_TOLERANCE, c.name() + ": " + max);
    } else {
      assertArrayEquals(expected, actual, 0f, c.name());
    }
  }

  /** torchvision's tensor of a crop, for the cases too large to store it: see the script. */
  private static float[] tensorOf(RgbImage crop) {
    float[] out = new float[3 * crop.width() * crop.height()];
    ImageNetNormalization.toTensor(crop, out, 0);
    return out;
  }
}
