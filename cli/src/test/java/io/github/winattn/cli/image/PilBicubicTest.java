package io.github.winattn.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pillow's resampling arithmetic in pieces (the vectors check it whole): the kernel, the taps of
 * downscaling (antialiased, wider) and upscaling (plain), and the window of the output.
 */
class PilBicubicTest {

  @Test
  void keysKernelWithAMinusOneHalf() {
    assertEquals(1.0, PilBicubic.cubic(0.0));
    assertEquals(0.0, PilBicubic.cubic(1.0), 0.0);
    assertEquals(0.0, PilBicubic.cubic(2.0));
    assertEquals(0.5625, PilBicubic.cubic(0.5)); // 1.5 * 0.125 - 2.5 * 0.25 + 1
    assertEquals(-0.0625, PilBicubic.cubic(-1.5)); // ((1.5 - 5) * 1.5 + 8) * 1.5 - 4) * -0.5
  }

  @Test
  void upscalingUsesFourTapsAndDownscalingWidensTheSupport() {
    PilBicubic.Taps up = PilBicubic.taps(10, 27, 0, 27);
    PilBicubic.Taps down = PilBicubic.taps(272, 54, 0, 54);
    for (int i = 1; i < 26; i++) {
      assertTrue(up.taps()[i] <= 5, "upscale taps " + up.taps()[i]);
    }
    // scale 272 / 54 = 5.04: support 10.07, about 21 taps
    assertTrue(down.taps()[27] >= 20, "downscale taps " + down.taps()[27]);
    for (PilBicubic.Taps t : new PilBicubic.Taps[] {up, down}) {
      for (int i = 0; i < t.start().length; i++) {
        long sum = 0;
        for (int j = 0; j < t.taps()[i]; j++) {
          sum += t.weights()[i * t.stride() + j];
        }
        assertEquals(1 << 22, sum, t.taps()[i] / 2.0 + 1, "weights of output " + i);
      }
    }
  }

  @Test
  void tapsOfAWindowAreThoseOfTheWholeOutput() {
    PilBicubic.Taps whole = PilBicubic.taps(90, 341, 0, 341);
    PilBicubic.Taps window = PilBicubic.taps(90, 341, 58, 224);
    for (int i = 0; i < 224; i++) {
      assertEquals(whole.start()[58 + i], window.start()[i]);
      for (int j = 0; j < whole.taps()[58 + i]; j++) {
        assertEquals(
            whole.weights()[(58 + i) * whole.stride() + j],
            window.weights()[i * window.stride() + j]);
      }
    }
  }

  @Test
  void sameSizeIsTheIdentityAndAWindowIsACrop() {
    Random random = new Random(12);
    byte[] rgb = new byte[13 * 9 * 3];
    random.nextBytes(rgb);
    RgbImage image = RgbImage.of(13, 9, rgb);
    assertEquals(image, PilBicubic.resizeWindow(image, 13, 9, 0, 0, 13, 9));
    RgbImage whole = PilBicubic.resizeWindow(image, 31, 20, 0, 0, 31, 20);
    RgbImage window = PilBicubic.resizeWindow(image, 31, 20, 5, 3, 11, 7);
    for (int y = 0; y < 7; y++) {
      for (int x = 0; x < 11; x++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(whole.sample(5 + x, 3 + y, c), window.sample(x, y, c));
        }
      }
    }
  }

  @Test
  void windowOutsideTheResizedImageIsRefused() {
    RgbImage image = RgbImage.of(2, 2, new byte[12]);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PilBicubic.resizeWindow(image, 4, 4, 1, 0, 4, 4));
    assertEquals("window 4x4 at (1, 0) exceeds the resized image 4x4", e.getMessage());
  }

  @Test
  void clip8ShiftsAndClamps() {
    assertEquals(0, PilBicubic.clip8(-5));
    assertEquals(1, PilBicubic.clip8(1 << 22));
    assertEquals((byte) 255, PilBicubic.clip8(300 << 22));
  }
}
