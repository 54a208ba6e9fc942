package io.github.winattn.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WindowParseTest {

  @Test
  void readsOneToThreeSizes() {
    assertEquals(Window.of1d(8), Window.parse("8"));
    assertEquals(Window.of2d(7, 5), Window.parse("7x5"));
    assertEquals(Window.of3d(2, 7, 7), Window.parse("2x7x7"));
    assertEquals(Window.of2d(7, 7), Window.parse(" 7,7 "));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"3x5x", "8x", "x8", "7xx7", "2x7x7x", "+7x7", "7x-7", "", "7 7", "1x2x3x4"})
  void refusesEverythingElseNamingTheText(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Window.parse(text));
    assertEquals("window '" + text + "' must be T, HxW or DxHxW", e.getMessage());
  }
}
