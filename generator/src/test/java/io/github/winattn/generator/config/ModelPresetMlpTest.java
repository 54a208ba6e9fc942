package io.github.winattn.generator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.generator.KernelNaming;
import io.github.winattn.generator.plan.MlpPlan;
import io.github.winattn.generator.plan.MlpPlanner;
import io.github.winattn.kernel.MlpShape;
import io.github.winattn.shape.Family;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The MLP block kernels a configuration's model presets ask for, and their plans. */
class ModelPresetMlpTest {

  private final ConfigLoader loader = new ConfigLoader(spec -> Optional.empty());

  private List<MlpShape> mlps(String models) throws ConfigException {
    return loader.parse("m.yaml", "package: a.b\nmodels:\n" + models, "").mlps();
  }

  @Test
  void swinPresetsGiveOneMlpPerStageWithRatioFour() throws ConfigException {
    assertEquals(
        List.of(
            new MlpShape(Family.SWIN_V1, 96, 384),
            new MlpShape(Family.SWIN_V1, 192, 768),
            new MlpShape(Family.SWIN_V1, 384, 1536),
            new MlpShape(Family.SWIN_V1, 768, 3072)),
        mlps("  - swin_t: {image: 224}\n"));
    assertEquals(
        List.of(
            new MlpShape(Family.SWIN_V2, 128, 512),
            new MlpShape(Family.SWIN_V2, 256, 1024),
            new MlpShape(Family.SWIN_V2, 512, 2048),
            new MlpShape(Family.SWIN_V2, 1024, 4096)),
        mlps("  - swinv2_b: {image: 256, window: 8}\n"));
  }

  @Test
  void sharedShapesOnceVideoAndTemporalNone() throws ConfigException {
    // swin_t and swin_s share every stage's shape; at 384 too (the MLP does not see the image)
    assertEquals(
        4,
        mlps("  - swin_t: {image: 224}\n  - swin_s: {image: 224}\n  - swin_t: {image: 384, window: 12}\n")
            .size());
    assertEquals(List.of(), mlps("  - video_swin_t: {frames: 8}\n  - aim_vit_b: {frames: 8}\n"));
    assertEquals(
        List.of(),
        loader
            .parse(
                "k.yaml",
                "package: a.b\nkernels:\n  - {family: swin_v1, window: 7x7, dim: 96, heads: 3}\n",
                "")
            .mlps(),
        "explicit attention kernels ask for no MLP");
  }

  @Test
  void planHoldsTheStepsInTheFamilysOrder() {
    MlpShape v1 = new MlpShape(Family.SWIN_V1, 96, 384);
    MlpPlan p1 = MlpPlanner.plan(v1, KernelNaming.mlpClass(v1));
    assertEquals("SwinV1Mlp_d96_h384_Vector", p1.className());
    assertEquals(128, p1.tileRows());
    assertEquals(3, p1.vectorsPerTile());
    assertEquals("self.norm2(x)", p1.step(MlpPlan.Kind.MLP_INPUT));
    MlpShape v2 = new MlpShape(Family.SWIN_V2, 96, 384);
    MlpPlan p2 = MlpPlanner.plan(v2, KernelNaming.mlpClass(v2));
    assertTrue(p2.postNorm());
    assertEquals(
        "x = x + self.drop_path(self.norm2(self.mlp(x)))", p2.step(MlpPlan.Kind.MLP_RESIDUAL));
    assertTrue(p2.describe().contains("FC1_GELU: x = self.act(self.fc1(x))"), p2.describe());
  }
}
