package io.github.winattn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CacheLinesTest {

  @Test
  void thePadMovesElementZeroToTheNextLine() {
    assertEquals(12, CacheLines.floatPad(16)); // HotSpot's usual header
    assertEquals(13, CacheLines.floatPad(12)); // compact object headers
    assertEquals(11, CacheLines.floatPad(20));
    assertEquals(10, CacheLines.floatPad(24));
    assertEquals(0, CacheLines.floatPad(0));
    assertEquals(0, CacheLines.floatPad(64));
    for (int offset = 0; offset < 256; offset += Float.BYTES) {
      int pad = CacheLines.floatPad(offset);
      assertTrue(pad >= 0 && pad < CacheLines.BYTES / Float.BYTES, "pad " + pad);
      assertEquals(0, (offset + pad * Float.BYTES) % CacheLines.BYTES, "offset " + offset);
    }
  }

  @Test
  void aBaseOffsetThatNoFloatArrayHasIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CacheLines.floatPad(18));
    assertTrue(e.getMessage().contains("18"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CacheLines.floatPad(-4));
  }

  @Test
  void thisJvmHasTheUsualHeaderUnlessToldOtherwise() {
    // the test JVM runs with HotSpot's defaults: compressed class pointers, no compact headers
    assertEquals(16, CacheLines.arrayBaseOffset());
    assertEquals(12, CacheLines.FLOAT_PAD);
  }

  @Test
  void thePropertyOverridesTheFlags() {
    String old = System.getProperty("winattn.arrayBaseOffset");
    try {
      System.setProperty("winattn.arrayBaseOffset", "24");
      assertEquals(24, CacheLines.arrayBaseOffset());
      System.setProperty("winattn.arrayBaseOffset", "sixteen");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, CacheLines::arrayBaseOffset);
      assertTrue(e.getMessage().contains("'sixteen'"), e.getMessage());
      System.setProperty("winattn.arrayBaseOffset", "18");
      e = assertThrows(IllegalArgumentException.class, CacheLines::arrayBaseOffset);
      assertTrue(e.getMessage().contains("-Dwinattn.arrayBaseOffset"), e.getMessage());
      assertTrue(e.getMessage().contains("'18'"), e.getMessage());
    } finally {
      if (old == null) {
        System.clearProperty("winattn.arrayBaseOffset");
      } else {
        System.setProperty("winattn.arrayBaseOffset", old);
      }
    }
  }
}
