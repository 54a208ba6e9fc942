package io.github.winattn.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttentionShapeTest {

  @Test
  void defaultsFollowTheOfficialModules() {
    AttentionShape v1 = AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3).build();
    assertTrue(v1.qkvBias());
    assertEquals(49, v1.tokens());
    assertEquals(169, v1.tableRows());
    assertEquals((float) Math.pow(32, -0.5), v1.scale());
    AttentionShape t = AttentionShape.builder(Family.TEMPORAL, Window.of1d(8), 64, 8).build();
    assertEquals(false, t.qkvBias());
    assertEquals(15, t.tableRows());
  }

  @Test
  void qkScaleZeroMeansDefaultLikePythonOr() {
    AttentionShape s =
        AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 3), 16, 4).qkScale(0f).build();
    assertEquals((float) Math.pow(4, -0.5), s.scale());
    AttentionShape o =
        AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 3), 16, 4).qkScale(0.3f).build();
    assertEquals(0.3f, o.scale());
  }

  @Test
  void negativeZeroQkScaleIsTheSameShapeAsTheDefault() {
    AttentionShape plain = AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3).build();
    AttentionShape negZero =
        AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3).qkScale(-0.0f).build();
    assertEquals(plain, negZero);
    assertEquals(plain.hashCode(), negZero.hashCode());
    assertEquals(plain.describe(), negZero.describe());
    assertEquals(0, Float.compare(0f, negZero.qkScale()), "qk_scale not normalised to +0.0");
    assertEquals(plain.scale(), negZero.scale());
  }

  @Test
  void qkScaleMustBeFiniteAndAbsentForSwinV2() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3)
                      .qkScale(bad)
                      .build());
      assertEquals("qk_scale must be finite (got " + bad + ")", e.getMessage());
    }
    var v2 =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AttentionShape.builder(Family.SWIN_V2, Window.of2d(8, 8), 96, 3)
                    .qkScale(0.5f)
                    .build());
    assertEquals("swin_v2 has no qk_scale (cosine attention; got 0.5)", v2.getMessage());
    AttentionShape v2Default =
        AttentionShape.builder(Family.SWIN_V2, Window.of2d(8, 8), 96, 3).qkScale(-0.0f).build();
    assertEquals(
        AttentionShape.builder(Family.SWIN_V2, Window.of2d(8, 8), 96, 3).build(), v2Default);
    // PyTorch multiplies by a negative qk_scale as given; so do we.
    assertEquals(
        -0.5f,
        AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3)
            .qkScale(-0.5f)
            .build()
            .scale());
  }

  @Test
  void rejectsHeadsNotDividingDimWithTheValues() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 5).build());
    assertEquals("heads must divide dim (96 % 5 != 0)", e.getMessage());
  }

  @Test
  void rejectsBadSizesAndRanks() {
    assertThrows(IllegalArgumentException.class, () -> Window.of2d(0, 7));
    assertThrows(IllegalArgumentException.class, () -> Window.of3d(64, 64, 64));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AttentionShape.builder(Family.SWIN_V1, Window.of3d(2, 7, 7), 96, 3).build());
    assertTrue(e.getMessage().contains("rank 2"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 0, 1).build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3)
                .withQkv(false)
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3)
                .effectiveWindow(Window.of2d(3, 7))
                .build());
    var big =
        assertThrows(
            IllegalArgumentException.class,
            () -> AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 9000, 3).build());
    assertTrue(big.getMessage().contains("9000"), big.getMessage());
  }

  @Test
  void effectiveWindowOnlyForVideoSwinAndMustFit() {
    AttentionShape s =
        AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(8, 7, 7), 96, 3)
            .effectiveWindow(Window.of3d(1, 7, 7))
            .build();
    assertEquals(49, s.tokens());
    assertEquals(15 * 13 * 13, s.tableRows());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 7, 7), 96, 3)
                .effectiveWindow(Window.of3d(3, 7, 7))
                .build());
  }

  @Test
  void windowParsesAndPrints() {
    assertEquals(Window.of2d(7, 5), Window.parse("7x5"));
    assertEquals(Window.of3d(8, 7, 7), Window.parse("8x7x7"));
    assertEquals(Window.of1d(16), Window.parse("16"));
    assertEquals("8x7x7", Window.of3d(8, 7, 7).toString());
    var e = assertThrows(IllegalArgumentException.class, () -> Window.parse("7xa"));
    assertTrue(e.getMessage().contains("7xa"));
  }

  @Test
  void v2WindowOfOneIsRejectedBecauseOfDivisionByZero() {
    assertThrows(
        IllegalArgumentException.class,
        () -> AttentionShape.builder(Family.SWIN_V2, Window.of2d(1, 4), 8, 2).build());
  }
}
