package io.github.winattn.generator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.winattn.generator.FeatureMapSpec;
import io.github.winattn.generator.KernelSpec;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Stage geometry of the presets against the official models' numbers. */
class ModelPresetsTest {

  private final ConfigLoader loader = new ConfigLoader(spec -> Optional.empty());

  /** The stages' specs without their feature maps (the shape tests); maps: {@link #maps}. */
  private List<KernelSpec> expand(String models) throws ConfigException {
    return withMaps(models).stream()
        .map(k -> new KernelSpec(k.shape(), k.masked(), k.className()))
        .toList();
  }

  private List<KernelSpec> withMaps(String models) throws ConfigException {
    return loader.parse("m.yaml", "package: a.b\nmodels:\n" + models, "").specs();
  }

  /** Each stage's feature maps as text, e.g. {@code [56x56 shift 0, 56x56 shift 3]}. */
  private List<List<String>> maps(String models) throws ConfigException {
    return withMaps(models).stream()
        .map(k -> k.featureMaps().stream().map(FeatureMapSpec::describe).toList())
        .toList();
  }

  @Test
  void swinStagesGetTheirResolutionWithShiftZeroAndHalfTheWindow() throws Exception {
    assertEquals(
        List.of(
            List.of("56x56 shift 0", "56x56 shift 3"),
            List.of("28x28 shift 0", "28x28 shift 3"),
            List.of("14x14 shift 0", "14x14 shift 3"),
            List.of("7x7 shift 0")),
        maps("  - swin_t: {image: 224}\n"));
    assertEquals(
        List.of(
            List.of("96x96 shift 0", "96x96 shift 6"),
            List.of("48x48 shift 0", "48x48 shift 6"),
            List.of("24x24 shift 0", "24x24 shift 6"),
            List.of("12x12 shift 0")),
        maps("  - swin_b: {image: 384, window: 12}\n"));
    // v2 at 256 with window 16: stage 3 equals the window (no shift), stage 4 clamps to 8x8
    assertEquals(
        List.of(
            List.of("64x64 shift 0", "64x64 shift 8"),
            List.of("32x32 shift 0", "32x32 shift 8"),
            List.of("16x16 shift 0"),
            List.of("8x8 shift 0")),
        maps("  - swinv2_t: {image: 256, window: 16}\n"));
  }

  @Test
  void videoSwinAndTemporalStagesGetTheirMaps() throws Exception {
    assertEquals(
        List.of(
            List.of("16x56x56 shift 0x0x0", "16x56x56 shift 4x3x3"),
            List.of("16x28x28 shift 0x0x0", "16x28x28 shift 4x3x3"),
            List.of("16x14x14 shift 0x0x0", "16x14x14 shift 4x3x3"),
            List.of("16x7x7 shift 0x0x0", "16x7x7 shift 4x3x3")),
        maps("  - video_swin_t: {frames: 32, image: 224}\n"));
    // 8 frames: depth 4 clamps the window to 4x7x7; the official shift 4x3x3 becomes 0x3x3
    KernelSpec stage1 = withMaps("  - video_swin_b: {frames: 8}\n").get(0);
    assertEquals(
        List.of("4x56x56 shift 0x0x0", "4x56x56 shift 4x3x3"),
        stage1.featureMaps().stream().map(FeatureMapSpec::describe).toList());
    assertEquals(
        List.of(0, 3, 3),
        java.util.Arrays.stream(stage1.featureMaps().get(1).geometry(stage1.shape()).shift())
            .boxed()
            .toList());
    // AIM: T frames of each of 1 + 14 * 14 tokens (ViT-B/16), 1 + 16 * 16 (ViT-L/14)
    assertEquals(List.of(List.of("197 tokens")), maps("  - aim_vit_b: {frames: 8}\n"));
    assertEquals(List.of(List.of("257 tokens")), maps("  - aim_vit_l: {frames: 16}\n"));
  }

  @Test
  void modelsSharingAShapeMergeTheirMaps() throws Exception {
    // swin_t and swin_s share every shape and map at 224; swin_t at 448 adds its own resolutions
    assertEquals(maps("  - swin_t: {}\n"), maps("  - swin_t: {}\n  - swin_s: {image: 224}\n"));
    assertEquals(
        List.of("56x56 shift 0", "56x56 shift 3", "112x112 shift 0", "112x112 shift 3"),
        maps("  - swin_t: {}\n  - swin_s: {image: 448}\n").get(0));
  }

  private static KernelSpec swin(Family f, int window, int dim, int heads, boolean masked) {
    return KernelSpec.of(
        AttentionShape.builder(f, Window.of2d(window, window), dim, heads).build(), masked);
  }

  private static KernelSpec video(Window full, Window used, int dim, int heads, boolean masked) {
    return KernelSpec.of(
        AttentionShape.builder(Family.VIDEO_SWIN, full, dim, heads).effectiveWindow(used).build(),
        masked);
  }

  @Test
  void swinTinyAt224ShiftsExceptInTheLastStage() throws Exception {
    // resolutions 56, 28, 14, 7: the last stage equals the window, so it neither shifts nor masks
    assertEquals(
        List.of(
            swin(Family.SWIN_V1, 7, 96, 3, true),
            swin(Family.SWIN_V1, 7, 192, 6, true),
            swin(Family.SWIN_V1, 7, 384, 12, true),
            swin(Family.SWIN_V1, 7, 768, 24, false)),
        expand("  - swin_t: {image: 224}\n"));
  }

  @Test
  void modelsSharingShapesGiveEachShapeOnce() throws Exception {
    assertEquals(expand("  - swin_t:\n"), expand("  - swin_t: {}\n  - swin_s: {image: 224}\n"));
  }

  @Test
  void swinBaseAt384WithWindow12() throws Exception {
    assertEquals(
        List.of(
            swin(Family.SWIN_V1, 12, 128, 4, true),
            swin(Family.SWIN_V1, 12, 256, 8, true),
            swin(Family.SWIN_V1, 12, 512, 16, true),
            swin(Family.SWIN_V1, 12, 1024, 32, false)),
        expand("  - swin_b: {image: 384, window: 12}\n"));
  }

  @Test
  void swinV2ClampsTheWindowToSmallStages() throws Exception {
    // 256 / 4 = 64, 32, 16, 8 with window 16: stage 3 fits exactly, stage 4 shrinks to 8x8
    assertEquals(
        List.of(
            swin(Family.SWIN_V2, 16, 96, 3, true),
            swin(Family.SWIN_V2, 16, 192, 6, true),
            swin(Family.SWIN_V2, 16, 384, 12, false),
            swin(Family.SWIN_V2, 8, 768, 24, false)),
        expand("  - swinv2_t: {image: 256, window: 16}\n"));
  }

  @Test
  void swinV2PretrainedWindowPerStage() throws Exception {
    List<KernelSpec> specs =
        expand("  - swinv2_b: {image: 256, window: 16, pretrained_window: [12, 12, 12, 6]}\n");
    assertEquals(Window.of2d(12, 12), specs.get(0).shape().pretrainedWindow());
    assertEquals(Window.of2d(12, 12), specs.get(2).shape().pretrainedWindow());
    assertEquals(Window.of2d(6, 6), specs.get(3).shape().pretrainedWindow());
    assertEquals(Window.of2d(8, 8), specs.get(3).shape().window());
  }

  @Test
  void videoSwinShiftsInTimeEvenWhenSpaceFits() throws Exception {
    // 32 frames / 2 = depth 16 > 8, so the 7x7 last stage still shifts (along time) and masks
    Window w = Window.of3d(8, 7, 7);
    assertEquals(
        List.of(
            video(w, w, 96, 3, true),
            video(w, w, 192, 6, true),
            video(w, w, 384, 12, true),
            video(w, w, 768, 24, true)),
        expand("  - video_swin_t: {frames: 32, image: 224}\n"));
  }

  @Test
  void videoSwinClampsTheWindowPerAxis() throws Exception {
    // 8 frames / 2 = depth 4 < 8: every stage runs a 4x7x7 slice of the 8x7x7 index
    Window full = Window.of3d(8, 7, 7);
    Window used = Window.of3d(4, 7, 7);
    assertEquals(
        List.of(
            video(full, used, 128, 4, true),
            video(full, used, 256, 8, true),
            video(full, used, 512, 16, true),
            video(full, used, 1024, 32, false)),
        expand("  - video_swin_b: {frames: 8}\n"));
    Window w16 = Window.of3d(16, 7, 7);
    assertEquals(
        video(w16, w16, 1024, 32, false),
        expand("  - video_swin_b: {frames: 32, window: 16x7x7}\n").get(3));
  }

  @Test
  void presetShapesMergeIntoExplicitKernels() throws Exception {
    String text =
        """
        package: a.b
        kernels:
          - {family: swin_v1, window: 7x7, dim: 96, heads: 3, masked: false, class: Stage1}
        models:
          - swin_t: {image: 224}
        """;
    List<KernelSpec> specs = loader.parse("m.yaml", text, "").specs();
    assertEquals(4, specs.size());
    assertEquals(
        new KernelSpec(
            swin(Family.SWIN_V1, 7, 96, 3, true).shape(),
            true,
            "Stage1",
            List.of(
                new FeatureMapSpec(List.of(56, 56), List.of(0)),
                new FeatureMapSpec(List.of(56, 56), List.of(3)))),
        specs.get(0));
  }

  @Test
  void impossibleModelParameters() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                expand(
                    """
          - swin_t: {image: 224, window: 12, depth: 3}
          - aim_vit_b: {}
          - swinv2_t: {pretrained_window: [1, 2]}
          - video_swin_t: {window: 7x7}
          - swin_t: 3
        """));
    assertEquals(
        List.of(
            "m.yaml:3:34: swin_t stage 1: resolution 56x56 is not a multiple of window 12 (the"
                + " official model cannot run it)",
            "m.yaml:3:34: swin_t stage 2: resolution 28x28 is not a multiple of window 12 (the"
                + " official model cannot run it)",
            "m.yaml:3:34: swin_t stage 3: resolution 14x14 is not a multiple of window 12 (the"
                + " official model cannot run it)",
            "m.yaml:3:38: unknown key 'depth' in model swin_t (expected one of: image, window)",
            "m.yaml:4:16: model aim_vit_b needs 'frames'",
            "m.yaml:5:35: 'pretrained_window' needs one size per stage (4), got 2",
            "m.yaml:6:28: video swin needs a 3-D window like 8x7x7, got '7x7'",
            "m.yaml:7:13: model swin_t must be a mapping (key: value lines), got integer '3'"),
        e.diagnostics().stream().map(Diagnostic::toString).toList());
  }
}
