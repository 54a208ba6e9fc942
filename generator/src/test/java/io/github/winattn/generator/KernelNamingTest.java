package io.github.winattn.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.winattn.generator.testing.TestShapes;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelNamingTest {

  @Test
  void defaultsGiveTheShortName() {
    assertEquals(
        "SwinV1_w7x7_h3_d96",
        KernelNaming.stem(TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 3), true));
    assertEquals(
        "Temporal_w8_h8_d64",
        KernelNaming.stem(TestShapes.shape(Family.TEMPORAL, Window.of1d(8), 64, 8), true));
  }

  @Test
  void everyNonDefaultOptionIsInTheName() {
    AttentionShape v =
        AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(8, 7, 7), 768, 24)
            .effectiveWindow(Window.of3d(1, 7, 7))
            .qkvBias(false)
            .qkScale(0.125f)
            .build();
    assertEquals(
        "VideoSwin_w8x7x7_e1x7x7_h24_d768_noqkvbias_s0p125_unmasked", KernelNaming.stem(v, false));
    AttentionShape v2 =
        AttentionShape.builder(Family.SWIN_V2, Window.of2d(16, 16), 128, 4)
            .pretrainedWindow(Window.of2d(8, 8))
            .build();
    assertEquals("SwinV2_w16x16_p8x8_h4_d128", KernelNaming.stem(v2, true));
    AttentionShape t =
        AttentionShape.builder(Family.TEMPORAL, Window.of1d(8), 64, 8).withQkv(false).build();
    assertEquals("Temporal_w8_h8_d64_noqkv", KernelNaming.stem(t, true));
    assertEquals(
        "Temporal_w8_h8_d64_qkvbias",
        KernelNaming.stem(
            AttentionShape.builder(Family.TEMPORAL, Window.of1d(8), 64, 8).qkvBias(true).build(),
            true));
  }

  @Test
  void differentShapesNeverCollide() {
    Set<String> names = new HashSet<>();
    int count = 0;
    for (KernelSpec s : TestShapes.correctness()) {
      for (boolean masked : new boolean[] {true, false}) {
        names.add(KernelNaming.stem(s.shape(), masked));
        count++;
      }
    }
    assertEquals(count, names.size());
    assertNotEquals(
        KernelNaming.stem(
            AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3).qkScale(0.1f).build(),
            true),
        KernelNaming.stem(
            AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3)
                .qkScale(0.10000001f)
                .build(),
            true));
  }

  @Test
  void catalogueClassComesFromThePackage() {
    assertEquals(
        "GeneratedKernelCatalog", KernelNaming.catalogClass("io.github.winattn.generated"));
    assertEquals("WinattnKernelCatalog", KernelNaming.catalogClass("winattn"));
  }
}
