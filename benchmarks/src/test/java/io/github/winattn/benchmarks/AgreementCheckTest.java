package io.github.winattn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgreementCheckTest {

  @Test
  void acceptsRoundingDifferences() {
    float[] ref = {1f, -2f, 0f, 1000f};
    float[] act = {1f + 5e-5f, -2f - 1e-4f, 9e-5f, 1000.5f};
    assertDoesNotThrow(() -> AgreementCheck.require("k", act, ref, 2, 2));
  }

  @Test
  void namesTheFirstBadElementAsWindowTokenChannel() {
    // 2 windows x 2 tokens x 3 channels; element 9 = window 1, token 1, channel 0
    float[] ref = new float[12];
    float[] act = new float[12];
    act[9] = 0.5f;
    act[11] = 2f;
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> AgreementCheck.require("vector on s", act, ref, 2, 3));
    assertTrue(
        e.getMessage()
            .startsWith(
                "vector on s disagrees with the reference kernel at out[window 1, token 1, channel 0]:"
                    + " 0.5 vs 0.0 (largest |error| 2.0"),
        e.getMessage());
  }

  @Test
  void nanIsADisagreement() {
    float[] ref = {1f};
    float[] act = {Float.NaN};
    assertThrows(IllegalStateException.class, () -> AgreementCheck.require("k", act, ref, 1, 1));
  }

  @Test
  void lengthMismatchIsReported() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> AgreementCheck.require("k", new float[3], new float[4], 1, 1));
    assertTrue(e.getMessage().contains("output length 3 != reference length 4"), e.getMessage());
  }
}
