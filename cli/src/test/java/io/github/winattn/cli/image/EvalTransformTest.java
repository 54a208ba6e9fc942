package io.github.winattn.cli.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The transform's arithmetic: resize targets, covering size, crop offsets, validation. */
class EvalTransformTest {

  @Test
  void standardTransformResizesTheShorterSideTo256() {
    EvalTransform t = EvalTransform.standard(224);
    assertEquals(256, t.targetHeight());
    // torchvision: long side int(256 * 500 / 375) = 341; offsets round(117 / 2) = 58 (half to even)
    assertEquals(new EvalTransform.Geometry(256, 341, 16, 58), t.geometry(500, 375));
    assertEquals(new EvalTransform.Geometry(341, 256, 58, 16), t.geometry(375, 500));
    assertEquals(new EvalTransform.Geometry(256, 256, 16, 16), t.geometry(1000, 1000));
  }

  @Test
  void cropOffsetsRoundHalvesToEvenAsPythonDoes() {
    EvalTransform t = new EvalTransform(10, 10, 1.0);
    assertEquals(2, t.geometry(15, 10).left()); // (15 - 10) / 2 = 2.5 -> 2
    assertEquals(4, t.geometry(17, 10).left()); // 3.5 -> 4
    assertEquals(3, t.geometry(16, 10).left());
  }

  @Test
  void resizeTargetTruncatesAsTheOfficialCode() {
    // int(384 / 0.875) = 438 (438.857...), timm's floor and Swin's int((256 / 224) * 384) agree
    assertEquals(438, EvalTransform.standard(384).targetHeight());
    EvalTransform nonSquare = new EvalTransform(24, 48, 0.875);
    assertEquals(27, nonSquare.targetHeight()); // 27.43
    assertEquals(54, nonSquare.targetWidth()); // 54.86
  }

  @Test
  void nonSquareTargetsCoverBothSides() {
    EvalTransform t = new EvalTransform(24, 40, 0.875); // targets 27 x 45
    // 120 x 90: 45 / 120 > 27 / 90, the width constrains: 45 x int(45 * 90 / 120) = 45 x 33
    assertEquals(new EvalTransform.Geometry(33, 45, 4, 2), t.geometry(120, 90));
    // 60 x 90: 27 / 90 < 45 / 60 still the width: 45 x 67
    assertEquals(new EvalTransform.Geometry(67, 45, 22, 2), t.geometry(60, 90));
    // 300 x 90: the height constrains: int(27 * 300 / 90) = 90 x 27
    assertEquals(new EvalTransform.Geometry(27, 90, 2, 25), t.geometry(300, 90));
  }

  @Test
  void invalidTransformsAreRefusedWithTheValue() {
    assertEquals(
        "crop fraction must be in (0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class, () -> new EvalTransform(8, 8, 1.5))
            .getMessage());
    assertEquals(
        "crop fraction must be in (0, 1], got NaN",
        assertThrows(IllegalArgumentException.class, () -> new EvalTransform(8, 8, Double.NaN))
            .getMessage());
    assertEquals(
        "image size must be at least 1x1, got 0x8",
        assertThrows(IllegalArgumentException.class, () -> new EvalTransform(0, 8, 0.5))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> new EvalTransform(224, 224, 1e-9));
  }

  @Test
  void aThinImageWhoseResizeWouldBeAbsurdIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EvalTransform.standard(224).geometry(1, 10_000_000));
    assertEquals(
        "a 1x10000000 image would be resized to 256x2560000000 to cover 256x256, more than"
            + " 1073741824 on a side",
        e.getMessage());
  }

  @Test
  void onePixelWideImageBecomesItsColourEverywhere() {
    // 1 x 5 of one colour: every output pixel is that colour (weights sum to one)
    byte[] rgb = new byte[15];
    for (int i = 0; i < 5; i++) {
      rgb[3 * i] = (byte) 200;
      rgb[3 * i + 1] = 100;
      rgb[3 * i + 2] = 7;
    }
    RgbImage crop = new EvalTransform(4, 4, 0.875).crop(RgbImage.of(1, 5, rgb));
    assertEquals(4, crop.width());
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertArrayEquals(
            new int[] {200, 100, 7},
            new int[] {crop.sample(x, y, 0), crop.sample(x, y, 1), crop.sample(x, y, 2)});
      }
    }
  }

  @Test
  void applyWritesAtTheOffsetAndChecksRoom() {
    RgbImage image = ImageVectors.pixels("small.png");
    EvalTransform t = new EvalTransform(8, 8, 0.875);
    float[] alone = t.apply(image);
    float[] batch = new float[5 + alone.length];
    t.apply(image, batch, 5);
    assertArrayEquals(alone, java.util.Arrays.copyOfRange(batch, 5, batch.length));
    assertThrows(IllegalArgumentException.class, () -> t.apply(image, batch, 6));
  }
}
