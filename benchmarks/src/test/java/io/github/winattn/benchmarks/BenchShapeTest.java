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
    BenchShape s = BenchShape.SWIN_T_S1;
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
  void stageFourIsOneUnshiftedWindow() {
    BenchShape s = BenchShape.SWIN_T_S4;
    assertEquals(1, s.windows());
    assertEquals(768, s.shape().dim());
    assertEquals(24, s.shape().heads());
    assertFalse(s.masked());
    assertSame(Mask.NONE, s.mask());
    assertEquals(49 * 768, s.activationLength());
  }

  @Test
  void windowCountsAndTokensOfTheOtherFamilies() {
    assertEquals(64, BenchShape.SWIN_B384_S1.windows());
    assertEquals(144, BenchShape.SWIN_B384_S1.shape().tokens());
    assertEquals(16, BenchShape.SWINV2_W16.windows());
    assertEquals(256, BenchShape.SWINV2_W16.shape().tokens());
    assertEquals(128, BenchShape.VIDEO_SWIN_8X7X7.windows());
    assertEquals(392, BenchShape.VIDEO_SWIN_8X7X7.shape().tokens());
    BenchShape clamped = BenchShape.VIDEO_SWIN_4X7X7;
    assertEquals(64, clamped.windows());
    assertEquals(196, clamped.shape().tokens());
    assertEquals("8x7x7", clamped.shape().window().toString());
    assertTrue(clamped.masked());
    assertEquals(64 * 196 * 196, clamped.mask().values().length);
    for (BenchShape t : new BenchShape[] {BenchShape.TEMPORAL_T8, BenchShape.TEMPORAL_T16}) {
      assertEquals(1568, t.windows());
      assertFalse(t.masked());
      assertEquals(0, t.resolution().length);
    }
    assertEquals(16, BenchShape.TEMPORAL_T16.shape().tokens());
  }

  @Test
  void theShippedCatalogueHasEveryShape() {
    for (BenchShape s : BenchShape.values()) {
      assertTrue(
          GeneratedKernels.find(s.shape(), s.masked()).isPresent(),
          s.id()
              + ": no generated kernel for "
              + s.shape().describe()
              + (s.masked() ? " (masked)" : ""));
    }
  }

  @Test
  void flopsCountProjectionsAndCore() {
    // stage 1: qkv 2*49*96*288, proj 2*49*96*96, q@k^T and attn@v 2*2*49*49*96
    long perWindow = 2L * 49 * 96 * 288 + 2L * 49 * 96 * 96 + 4L * 49 * 49 * 96;
    assertEquals(perWindow * 64, BenchShape.SWIN_T_S1.flopsPerCall());
  }

  @Test
  void idsRoundTripAndUnknownIdsListTheValidOnes() {
    for (BenchShape s : BenchShape.values()) {
      assertSame(s, BenchShape.fromId(s.id()));
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BenchShape.fromId("stage9"));
    assertEquals(
        "unknown benchmark shape 'stage9' (expected one of [swin_t_s1, swin_t_s2, swin_t_s3, swin_t_s4,"
            + " swin_b384_s1, swinv2_w16, video_swin_8x7x7, video_swin_4x7x7, temporal_t8, temporal_t16])",
        e.getMessage());
    IllegalArgumentException v =
        assertThrows(IllegalArgumentException.class, () -> Implementation.fromId("simd"));
    assertEquals(
        "unknown implementation 'simd' (expected one of [generated-vector, generated-plain, reference,"
            + " onnxruntime])",
        v.getMessage());
  }
}
