package io.github.winattn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.kernel.Mask;
import io.github.winattn.shape.ShiftedWindowMask;
import org.junit.jupiter.api.Test;

class BenchShapeTest {

  @Test
  void stageOneIsSixtyFourMaskedWindowsOfSwinTiny() {
    BenchShape s = BenchShape.SWIN_T_STAGE1_SW_MSA;
    assertEquals(64, s.windows());
    assertEquals(96, s.shape().dim());
    assertEquals(3, s.shape().heads());
    assertEquals(49, s.shape().tokens());
    assertTrue(s.masked());
    Mask m = s.mask();
    assertEquals(64, m.windows());
    assertEquals(64 * 49 * 49, m.values().length);
    // Window 0 lies inside one region: nothing masked. The last window straddles the shift on
    // both axes: four regions, so it has masked pairs.
    int last = 63 * 49 * 49;
    float sumFirst = 0;
    int maskedLast = 0;
    for (int i = 0; i < 49 * 49; i++) {
      sumFirst += m.values()[i];
      maskedLast += m.values()[last + i] == ShiftedWindowMask.MASKED ? 1 : 0;
    }
    assertEquals(0f, sumFirst);
    // regions of 4x4, 4x3, 3x4 and 3x3 tokens: 49^2 - (16^2 + 12^2 + 12^2 + 9^2) masked pairs
    assertEquals(49 * 49 - (256 + 144 + 144 + 81), maskedLast);
  }

  @Test
  void stageThreeIsSixteenUnmaskedWindowsOfBatchFour() {
    BenchShape s = BenchShape.SWIN_T_STAGE3_W_MSA;
    assertEquals(4, s.windowsPerImage());
    assertEquals(4, s.batch());
    assertEquals(16, s.windows());
    assertEquals(384, s.shape().dim());
    assertEquals(12, s.shape().heads());
    assertFalse(s.masked());
    assertSame(Mask.NONE, s.mask());
    assertEquals(16 * 49 * 384, s.activationLength());
  }

  @Test
  void flopsCountProjectionsAndCore() {
    // stage 1: qkv 2*49*96*288, proj 2*49*96*96, q@k^T and attn@v 2*2*49*49*96
    long perWindow = 2L * 49 * 96 * 288 + 2L * 49 * 96 * 96 + 4L * 49 * 49 * 96;
    assertEquals(perWindow * 64, BenchShape.SWIN_T_STAGE1_SW_MSA.flopsPerCall());
  }

  @Test
  void idsRoundTripAndUnknownIdsListTheValidOnes() {
    for (BenchShape s : BenchShape.values()) {
      assertSame(s, BenchShape.fromId(s.id()));
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BenchShape.fromId("stage9"));
    assertEquals(
        "unknown benchmark shape 'stage9' (expected one of [swin_t_stage1_sw_msa, swin_t_stage3_w_msa])",
        e.getMessage());
    IllegalArgumentException v =
        assertThrows(IllegalArgumentException.class, () -> KernelVariant.fromId("simd"));
    assertEquals(
        "unknown kernel variant 'simd' (expected one of [reference, plain, vector])",
        v.getMessage());
  }
}
