package io.github.winattn.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The allocation helper sees an allocation: the zero-byte tests that use it can fail. */
class ThreadAllocationTest {

  private static Object sink;

  @Test
  void anAllocationIsCounted() {
    var counter = ThreadAllocation.counterOrSkip();
    long one = ThreadAllocation.bytesOf(counter, () -> sink = new byte[4096]);
    assertTrue(one >= 4096, one + " bytes for a 4096-byte array");
    long pair = ThreadAllocation.bytesPerWarmPair(counter, () -> sink = new byte[4096], 3, 1);
    assertTrue(pair >= 2 * 4096, pair + " bytes for two 4096-byte arrays");
  }
}
