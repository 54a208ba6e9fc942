package io.github.winattn.generator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.winattn.generator.FeatureMapSpec;
import io.github.winattn.generator.KernelGenerator;
import io.github.winattn.generator.KernelSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code resolution} and {@code shift} of a kernel entry: parsing, clamps, diagnostics. */
class ConfigFeatureMapsTest {

  private final ConfigLoader loader = new ConfigLoader(spec -> Optional.empty());

  private List<KernelSpec> specs(String kernels) throws ConfigException {
    return loader.parse("k.yaml", "package: a.b\nkernels:\n" + kernels, "").specs();
  }

  private List<String> problems(String kernels) {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> loader.parse("k.yaml", "package: a.b\nkernels:\n" + kernels, ""));
    return e.diagnostics().stream().map(Diagnostic::toString).toList();
  }

  private static List<String> described(KernelSpec spec) {
    return spec.featureMaps().stream().map(FeatureMapSpec::describe).toList();
  }

  @Test
  void readsResolutionAndOneShiftOrAList() throws Exception {
    List<KernelSpec> s =
        specs(
            """
              - {family: swin_v1, window: 7x7, dim: 96, heads: 3, resolution: 56x56, shift: [0, 3]}
              - {family: swin_v2, window: 8x8, dim: 64, heads: 2, resolution: 16x24, shift: 4}
              - {family: swin_v1, window: 7x7, dim: 192, heads: 6, resolution: 28x28}
              - family: video_swin
                window: 8x7x7
                effective_window: 4x7x7
                dim: 96
                heads: 3
                resolution: 4x56x56
                shift: [0x0x0, 4x3x3]
              - {family: temporal, frames: 8, dim: 768, heads: 12, resolution: 197}
            """);
    assertEquals(List.of("56x56 shift 0", "56x56 shift 3"), described(s.get(0)));
    assertEquals(List.of("16x24 shift 4"), described(s.get(1)));
    assertEquals(List.of("28x28 shift 0"), described(s.get(2)), "shift defaults to 0");
    assertEquals(List.of("4x56x56 shift 0x0x0", "4x56x56 shift 4x3x3"), described(s.get(3)));
    assertEquals(List.of("197 tokens"), described(s.get(4)));
    // the runtime's clamp: depth 4 <= window 8 sets the depth shift to 0
    int[] shift = s.get(3).featureMaps().get(1).geometry(s.get(3).shape()).shift();
    assertEquals(List.of(0, 3, 3), java.util.Arrays.stream(shift).boxed().toList());
  }

  @Test
  void entriesOfOneShapeWithFeatureMapsMerge() throws Exception {
    List<KernelSpec> s =
        specs(
            """
              - {family: swin_v1, window: 4x4, dim: 16, heads: 2, resolution: 8x12, shift: 2}
              - {family: swin_v1, window: 4x4, dim: 16, heads: 2, resolution: 12x8}
              - {family: swin_v1, window: 4x4, dim: 16, heads: 2, resolution: 8x12, shift: 2}
            """);
    assertEquals(1, s.size());
    assertEquals(List.of("8x12 shift 2", "12x8 shift 0"), described(s.get(0)));
    // without maps a repeated shape stays an error
    assertEquals(
        List.of(
            "k.yaml:4:5: duplicate kernel: swin_v1 window=4x4 dim=16 heads=2 qkv_bias=true is"
                + " already kernel #1 at k.yaml:3:5 (list a shape once; a masked kernel also runs"
                + " unmasked calls)"),
        problems(
            """
              - {family: swin_v1, window: 4x4, dim: 16, heads: 2, resolution: 8x12, shift: 2}
              - {family: swin_v1, window: 4x4, dim: 16, heads: 2}
            """));
  }

  @Test
  void reportsEveryFeatureMapProblemAtItsKey() {
    assertEquals(
        List.of(
            "k.yaml:3:67: feature map 50x56 shift 3: swin_v1 feature map 50x56 is not a whole number"
                + " of 7x7 windows (SwinTransformerBlock does not pad; use a multiple of the window)",
            "k.yaml:4:81: feature map 56x56 shift 9: shift_size must be in 0..6 for window 7 (got"
                + " 9)",
            "k.yaml:5:81: feature map 56x56 shift 3 is shifted: the kernel needs 'masked: true' (or"
                + " shift 0)",
            "k.yaml:6:67: feature map 5x5 shift 0: resolution 5x5 runs the block with window 5x5,"
                + " this kernel's window is 7x7",
            "k.yaml:7:67: 'resolution' must be like 56x56 (H x W), got string 'big'",
            "k.yaml:8:67: feature map 56 shift 0: swin_v1 needs a resolution of 2 axes (HxW like"
                + " 56x56), got 56",
            "k.yaml:9:78: temporal attention has no shift",
            "k.yaml:10:62: 'shift' needs a 'resolution' (the feature map size)",
            "k.yaml:11:90: 'shift' must be like 1x3x3 (D x H x W), or a list of them, got"
                + " a list",
            "k.yaml:12:73: feature map 4x56x56 shift 0x0x0: resolution 4x56x56 runs the block with"
                + " window 4x7x7, this kernel's window is 8x7x7 (set effective_window)",
            "k.yaml:13:83: feature map 197 tokens: a feature map needs the qkv and proj"
                + " projections (with_qkv: false has none)"),
        problems(
            """
              - {family: swin_v1, window: 7x7, dim: 96, heads: 3, resolution: 50x56, shift: 3}
              - {family: swin_v1, window: 7x7, dim: 96, heads: 4, resolution: 56x56, shift: 9}
              - {family: swin_v1, window: 7x7, dim: 96, heads: 6, resolution: 56x56, shift: 3, masked: false}
              - {family: swin_v1, window: 7x7, dim: 48, heads: 3, resolution: 5x5}
              - {family: swin_v1, window: 7x7, dim: 48, heads: 4, resolution: big}
              - {family: swin_v1, window: 7x7, dim: 48, heads: 6, resolution: 56}
              - {family: temporal, frames: 8, dim: 64, heads: 2, resolution: 197, shift: 0}
              - {family: swin_v1, window: 7x7, dim: 48, heads: 2, shift: 3}
              - {family: video_swin, window: 8x7x7, dim: 96, heads: 3, resolution: 16x56x56, shift: [[1]]}
              - {family: video_swin, window: 8x7x7, dim: 192, heads: 3, resolution: 4x56x56}
              - {family: temporal, frames: 8, dim: 64, heads: 4, with_qkv: false, resolution: 197}
            """));
  }

  @Test
  void generationIsDeterministicWithFeatureMaps() throws Exception {
    List<KernelSpec> s =
        specs(
            """
              - {family: swin_v1, window: 4x4, dim: 16, heads: 2, resolution: 8x12, shift: [2, 0]}
              - {family: video_swin, window: 2x4x4, dim: 16, heads: 2, resolution: 3x6x7, shift: 1x2x2}
            """);
    KernelGenerator g = new KernelGenerator();
    assertEquals(g.generate("a.b", s), g.generate("a.b", s));
  }
}
