package io.github.winattn.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KernelChoiceTest {

  @Test
  void parsesEveryCommandLineSpelling() {
    for (KernelChoice c : KernelChoice.values()) {
      assertEquals(c, KernelChoice.fromId(c.id()));
      assertEquals(c, KernelChoice.fromId(" " + c.id().toUpperCase() + " "));
    }
    assertEquals(KernelChoice.REFERENCE, KernelChoice.fromId("generic"));
  }

  @Test
  void rejectsAnUnknownSpellingListingTheValidOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> KernelChoice.fromId("fast"));
    assertEquals(
        "unknown kernel 'fast' (expected one of auto, reference, generated, generated-vector,"
            + " generated-plain)",
        e.getMessage());
  }

  @Test
  void statsRejectNegativeCounters() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RegistryStats(0, -1, 0, 0));
    assertEquals("counters must be >= 0 (got 0, -1, 0, 0)", e.getMessage());
    assertEquals(10, new RegistryStats(1, 2, 3, 4).total());
  }
}
