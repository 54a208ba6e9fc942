package io.github.winattn.cli.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.winattn.cli.error.CliException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch entry point {@code winattn classify --image} calls. */
class ImageInputTest {

  private static final Path IMAGES = ImageVectors.ROOT.resolve("images");

  @Test
  void batchHoldsEachImageInOrder() {
    ImageVectors.Case photo = ImageVectors.named("photo_png_48");
    ImageVectors.Case gray = ImageVectors.named("gray_jpg_32");
    float[] batch =
        ImageInput.load(
            List.of(IMAGES.resolve("photo.png"), IMAGES.resolve("photo.png")), 48, 48, 0.875);
    float[] expected = photo.expected().orElseThrow();
    assertEquals(2 * 3 * 48 * 48, batch.length);
    assertArrayEquals(expected, Arrays.copyOfRange(batch, 0, expected.length));
    assertArrayEquals(expected, Arrays.copyOfRange(batch, expected.length, batch.length));
    float[] mixed =
        ImageInput.load(
            List.of(IMAGES.resolve("small.png"), IMAGES.resolve("gray.jpg")), 32, 32, 0.875);
    assertArrayEquals(
        new EvalTransform(32, 32, 0.875).apply(ImageDecoder.read(IMAGES.resolve("gray.jpg"))),
        Arrays.copyOfRange(mixed, 3 * 32 * 32, mixed.length));
    assertEquals(gray.transform(), new EvalTransform(32, 32, 0.875));
  }

  @Test
  void theFirstBadImageIsNamed() {
    Path missing = IMAGES.resolve("missing.png");
    CliException e =
        assertThrows(
            CliException.class,
            () -> ImageInput.load(List.of(IMAGES.resolve("small.png"), missing), 8, 8, 0.875));
    assertEquals("cannot read image " + missing + ": no such file or folder", e.getMessage());
  }

  @Test
  void emptyListIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ImageInput.load(List.of(), 8, 8, 0.875));
  }
}
