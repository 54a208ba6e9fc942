package io.github.winattn.generator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.generator.KernelSpec;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  /** A stand-in for the generator's budgets: at most 256 tokens per window. */
  static Optional<String> fakeSupport(KernelSpec spec) {
    int n = spec.shape().tokens();
    return n > 256 ? Optional.of(n + " tokens exceed the test budget of 256") : Optional.empty();
  }

  private final ConfigLoader loader = new ConfigLoader(ConfigLoaderTest::fakeSupport);

  static String resource(String name) throws IOException {
    try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("/config/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private List<String> problems(String text) {
    ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("k.yaml", text, ""));
    return e.diagnostics().stream().map(Diagnostic::toString).toList();
  }

  @Test
  void readsEveryKindOfEntry() throws Exception {
    KernelsConfig config = loader.parse("valid.yaml", resource("valid.yaml"), "");
    assertEquals("com.example.attn", config.packageName());
    List<KernelSpec> specs = config.specs();
    assertEquals(6, specs.size());

    KernelSpec wide = specs.get(0);
    assertEquals(
        AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 5), 64, 4).build(), wide.shape());
    assertTrue(wide.masked(), "window kernels are masked unless told otherwise");
    assertEquals("WideSwin", wide.className());

    KernelSpec video = specs.get(1);
    assertEquals(Window.of3d(2, 3, 3), video.shape().effectiveWindow());
    assertEquals(Window.of3d(4, 3, 3), video.shape().window());
    assertFalse(video.masked());

    KernelSpec temporal = specs.get(2);
    assertEquals(Family.TEMPORAL, temporal.shape().family());
    assertEquals(8, temporal.shape().tokens());
    assertFalse(temporal.shape().withQkv());
    assertFalse(temporal.shape().qkvBias());
    assertFalse(temporal.masked(), "temporal attention has no mask");

    KernelSpec v2 = specs.get(3);
    assertEquals(Window.of2d(6, 6), v2.shape().pretrainedWindow());
    assertFalse(v2.shape().qkvBias());

    assertEquals(0.125f, specs.get(4).shape().qkScale());

    KernelSpec aim = specs.get(5);
    assertEquals(
        AttentionShape.builder(Family.TEMPORAL, Window.of1d(16), 768, 12).build(), aim.shape());
    assertEquals("model aim_vit_b temporal", config.kernels().get(5).source());
    assertEquals(new SourceLocation("valid.yaml", 32, 5), config.kernels().get(5).origin());
  }

  @Test
  void reportsEveryProblemWithItsLocation() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> loader.parse("invalid.yaml", resource("invalid.yaml"), ""));
    List<String> got = e.diagnostics().stream().map(Diagnostic::toString).toList();
    assertEquals(
        List.of(
            "invalid.yaml:1:10: package 'com.example.bad-name' is not a Java package name (dotted"
                + " ASCII identifiers, no keywords)",
            "invalid.yaml:2:1: unknown key 'colour' in the configuration (expected one of: package,"
                + " kernels, models)",
            "invalid.yaml:7:12: heads must divide dim (96 % 5 != 0)",
            "invalid.yaml:8:13: unknown family 'swin_v3' (expected one of swin_v1, swin_v2,"
                + " video_swin, temporal)",
            "invalid.yaml:13:13: video_swin needs a 3-D window like 8x7x7, got '7x7'",
            "invalid.yaml:14:10: 'dim' must be an integer, got string 'ninety'",
            "invalid.yaml:16:12: class name '9Lives' is not a Java identifier (ASCII letters,"
                + " digits, _ and $, not starting with a digit, not a keyword)",
            "invalid.yaml:21:13: 'masked' must be true or false, got string 'yes'",
            "invalid.yaml:23:5: unknown model 'swin_x' (expected one of: "
                + ModelPreset.ids()
                + ")",
            "invalid.yaml:24:21: image 200 must be a multiple of 32 (patch size 4, then 3 patch"
                + " mergings)"),
        got);
    assertTrue(
        e.getMessage().startsWith("10 problems in the kernels configuration:\n"), e.getMessage());
  }

  @Test
  void yamlSyntaxErrorIsLocated() {
    List<String> got = problems("package: a.b\nkernels:\n  - family: swin_v1\n   dim: [96\n");
    assertEquals(1, got.size(), got.toString());
    assertTrue(got.get(0).startsWith("k.yaml:"), got.get(0));
    assertTrue(got.get(0).contains("not valid YAML"), got.get(0));
  }

  @Test
  void emptyFileAndMissingPackage() {
    assertEquals(
        List.of("k.yaml:1:1: the file is empty: expected 'package' and 'kernels' or 'models'"),
        problems("# nothing\n"));
    assertEquals(
        List.of(
            "k.yaml:1:1: missing 'package': the Java package of the generated kernels, e.g."
                + " 'package: com.example.attention'"),
        problems("kernels:\n  - {family: temporal, frames: 8, dim: 16, heads: 2}\n"));
    assertEquals(
        List.of("k.yaml:1:1: no kernels: list shapes under 'kernels' or models under 'models'"),
        problems("package: a.b\n"));
  }

  @Test
  void packageOverrideWinsAndIsChecked() throws Exception {
    String text = "package: a.b\nkernels:\n  - {family: temporal, frames: 8, dim: 16, heads: 2}\n";
    assertEquals("c.d", loader.parse("k.yaml", text, "c.d").packageName());
    ConfigException e =
        assertThrows(ConfigException.class, () -> loader.parse("k.yaml", text, "c.class"));
    assertEquals(
        "k.yaml:1:1: the package given to the build, 'c.class', is not a Java package name",
        e.diagnostics().get(0).toString());
  }

  @Test
  void unsafeNamesNeverPass() {
    for (String bad : List.of("A\\u0022B", "A/*x*/", "int", "Ünïcode", "a b", "A\"+B")) {
      assertFalse(JavaNames.isIdentifier(bad), bad);
      assertFalse(JavaNames.isPackageName("com." + bad), bad);
    }
    assertTrue(JavaNames.isPackageName("com.example.attn_2"));
    assertFalse(JavaNames.isPackageName("com..example"));
    assertFalse(JavaNames.isPackageName("com.example."));
  }

  @Test
  void duplicatesAreReported() {
    String text =
        """
        package: a.b
        kernels:
          - {family: swin_v1, window: 7x7, dim: 96, heads: 3, class: K}
          - {family: swin_v1, window: 7x7, dim: 96, heads: 3, masked: false}
          - {family: swin_v1, window: 7x7, dim: 96, heads: 6, class: K}
          - family: temporal
            frames: 8
            frames: 16
            dim: 16
            heads: 2
        """;
    assertEquals(
        List.of(
            "k.yaml:4:5: duplicate kernel: swin_v1 window=7x7 dim=96 heads=3 qkv_bias=true is"
                + " already kernel #1 at k.yaml:3:5 (list a shape once; a masked kernel also runs"
                + " unmasked calls)",
            "k.yaml:5:62: duplicate class name 'K' (also used by the kernel at k.yaml:3:5)",
            "k.yaml:8:5: duplicate key 'frames' in kernel #4 (first at k.yaml:7:5)"),
        problems(text));
  }

  @Test
  void negativeZeroQkScaleIsADuplicateOfTheDefault() {
    String text =
        """
        package: a.b
        kernels:
          - {family: swin_v1, window: 7x7, dim: 96, heads: 3}
          - {family: swin_v1, window: 7x7, dim: 96, heads: 3, qk_scale: -0.0}
        """;
    assertEquals(
        List.of(
            "k.yaml:4:5: duplicate kernel: swin_v1 window=7x7 dim=96 heads=3 qkv_bias=true is"
                + " already kernel #1 at k.yaml:3:5 (list a shape once; a masked kernel also runs"
                + " unmasked calls)"),
        problems(text));
  }

  @Test
  void wrongTypesAndMisplacedOptions() {
    String text =
        """
        package: a.b
        kernels:
          - family: swin_v1
            window: 7x7x
            dim: 96.5
            heads: true
          - family: swin_v1
            window: 7x7
            dim: 96
            heads: 3
            with_qkv: false
            effective_window: 7x7
            qk_scale: abc
          - family: video_swin
            window: 2x7x7
            effective_window: 4x7x7
            dim: 96
            heads: 3
          - [1, 2]
        models: {swin_t: {}}
        """;
    assertEquals(
        List.of(
            "k.yaml:4:13: 'window' must be a window like 8 (frames), 7x7 or 8x7x7, got string"
                + " '7x7x'",
            "k.yaml:5:10: 'dim' must be an integer, got number '96.5'",
            "k.yaml:6:12: 'heads' must be an integer, got boolean 'true'",
            "k.yaml:11:15: 'with_qkv' only applies to temporal, not swin_v1",
            "k.yaml:12:23: 'effective_window' only applies to video_swin, not swin_v1",
            "k.yaml:13:15: 'qk_scale' must be a finite number, got string 'abc'",
            "k.yaml:14:5: effective window 4x7x7 must fit in window 2x7x7",
            "k.yaml:19:5: kernel #4 must be a mapping (key: value lines), got a list",
            "k.yaml:20:9: 'models' must be a list like '- swin_t: {image: 224}', got a mapping"),
        problems(text));
  }

  @Test
  void unsupportedShapesNameTheirOrigin() {
    String text =
        """
        package: a.b
        kernels:
          - {family: swin_v1, window: 16x17, dim: 32, heads: 2}
        models:
          - swinv2_b: {image: 384, window: 24, pretrained_window: [12, 12, 12, 6]}
        """;
    List<String> got = problems(text);
    assertEquals(
        List.of(
            "k.yaml:3:5: kernel #1: cannot generate swin_v1 window=16x17 dim=32 heads=2"
                + " qkv_bias=true: 272 tokens exceed the test budget of 256",
            "k.yaml:5:5: model swinv2_b stage 1: cannot generate swin_v2 window=24x24 dim=128"
                + " heads=4 qkv_bias=true pretrained=12x12: 576 tokens exceed the test budget of 256",
            "k.yaml:5:5: model swinv2_b stage 2: cannot generate swin_v2 window=24x24 dim=256"
                + " heads=8 qkv_bias=true pretrained=12x12: 576 tokens exceed the test budget of 256",
            "k.yaml:5:5: model swinv2_b stage 3: cannot generate swin_v2 window=24x24 dim=512"
                + " heads=16 qkv_bias=true pretrained=12x12: 576 tokens exceed the test budget of 256"),
        got);
  }

  @Test
  void quotedUserTextCannotForgeLogLines() {
    List<String> got =
        problems(
            "package: a.b\nkernels:\n  - {family: \"swin\\n[ERROR] fake\", window: 7x7, dim: 8, heads: 2}\n");
    assertEquals(
        List.of(
            "k.yaml:3:14: unknown family 'swin\\u000a[ERROR] fake' (expected one of swin_v1,"
                + " swin_v2, video_swin, temporal)"),
        got);
  }

  @Test
  void classNamesMayNotClashWithDefaultNamesOrTheCatalogue() {
    String text =
        """
        package: com.example.attn
        kernels:
          - {family: temporal, frames: 8, dim: 16, heads: 2}
          - {family: temporal, frames: 4, dim: 16, heads: 2, class: Temporal_w8_h2_d16_unmasked}
          - {family: temporal, frames: 2, dim: 16, heads: 2, class: AttnKernelCatalog}
        """;
    assertEquals(
        List.of(
            "k.yaml:4:5: kernel #2: class name 'Temporal_w8_h2_d16_unmasked' is already used by"
                + " kernel #1 at k.yaml:3:5",
            "k.yaml:5:5: kernel #3: class name 'AttnKernelCatalog' is the name of the catalogue"
                + " class of package com.example.attn"),
        problems(text));
  }
}
