package io.github.winattn.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.generator.emit.KernelSources;
import io.github.winattn.generator.plan.BiasEncoding;
import io.github.winattn.generator.plan.Buffer;
import io.github.winattn.generator.plan.Constant;
import io.github.winattn.generator.plan.IndexEncoding;
import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.generator.plan.Layout;
import io.github.winattn.generator.plan.ScoreScaling;
import io.github.winattn.generator.testing.TestShapes;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whole emitted files compared with goldens in {@code src/test/resources/golden/}; run with {@code
 * -Dwinattn.updateGoldens=true} to regenerate them after an intended change. The goldens also
 * compile (the correctness tests compile the same emitters' output).
 */
class GoldenSourcesTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden");

  /**
   * The smallest shape taking each emission path (the code is shape-independent, only constants
   * grow).
   */
  static List<KernelSpec> specs() {
    return List.of(
        // Swin v1: dense bias, literal offsets, q scale folded into the packed weights, masked
        KernelSpec.of(TestShapes.shape(Family.SWIN_V1, Window.of2d(2, 3), 16, 2), true),
        // temporal with_qkv=False: no projections, scale after the product, unmasked
        KernelSpec.of(
            AttentionShape.builder(Family.TEMPORAL, Window.of1d(4), 8, 2).withQkv(false).build(),
            false),
        // temporal with qkv (no qkv bias by default), masked; fused entry for (3, 5) maps
        new KernelSpec(
            TestShapes.shape(Family.TEMPORAL, Window.of1d(3), 8, 2),
            true,
            "",
            List.of(new FeatureMapSpec(List.of(5), List.of()))),
        // Swin v2: cosine scores, per-head logit scale, cpb bias folded at bind time; fused
        // feature-map entries for a 4x6 map unshifted and shifted by 1 (region softmax)
        new KernelSpec(
            TestShapes.shape(Family.SWIN_V2, Window.of2d(2, 2), 8, 2),
            true,
            "",
            List.of(
                new FeatureMapSpec(List.of(4, 6), List.of(0)),
                new FeatureMapSpec(List.of(4, 6), List.of(1)))),
        // C >= 256 (KernelPlanner.PACKED_INPUT_MIN_DIM): projections read MR-interleaved inputs
        KernelSpec.of(TestShapes.shape(Family.SWIN_V1, Window.of2d(1, 2), 256, 2), false),
        // the same with a fused entry: map rows packed by MR straight from a shifted 4x4 map
        new KernelSpec(
            TestShapes.shape(Family.SWIN_V1, Window.of2d(2, 2), 256, 2),
            true,
            "",
            List.of(new FeatureMapSpec(List.of(4, 4), List.of(1)))),
        // Video Swin clamped: depth 2 window on a depth-1 input, index [:N, :N] of the full window;
        // fused entry for a padded 1x3x4 map shifted by 1x1x1 (the depth shift clamps to 0)
        new KernelSpec(
            AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 2, 2), 8, 2)
                .effectiveWindow(Window.of3d(1, 2, 2))
                .build(),
            true,
            "",
            List.of(new FeatureMapSpec(List.of(1, 3, 4), List.of(1, 1, 1)))),
        // N = 272 > 256 tokens: packed-string offsets; dense bias 4 * 64 * 272 * 272 B = 18.1 MiB
        // > 16 MiB: gathered bias rows (the fewest bytes of constants that take both paths)
        KernelSpec.of(TestShapes.shape(Family.SWIN_V1, Window.of2d(17, 16), 64, 64), false));
  }

  @Test
  void emittedFilesMatchTheGoldens() throws IOException {
    List<GeneratedFile> files = new KernelGenerator().generate("golden", specs());
    boolean update = Boolean.getBoolean("winattn.updateGoldens");
    for (GeneratedFile f : files) {
      Path golden = GOLDEN.resolve(f.relativePath().replace('/', '_'));
      if (update) {
        Files.createDirectories(GOLDEN);
        Files.writeString(golden, f.content(), StandardCharsets.UTF_8);
        continue;
      }
      assertTrue(
          Files.exists(golden),
          "missing golden " + golden.toAbsolutePath() + " (run with -Dwinattn.updateGoldens=true)");
      assertEquals(
          Files.readString(golden, StandardCharsets.UTF_8),
          f.content(),
          "emitted "
              + f.relativePath()
              + " differs from "
              + golden
              + " (run with -Dwinattn.updateGoldens=true if the change is intended)");
    }
  }

  /** The MLP block kernels: one per family (the code is shape-independent, only constants grow). */
  static List<io.github.winattn.kernel.MlpShape> mlpShapes() {
    return List.of(
        new io.github.winattn.kernel.MlpShape(Family.SWIN_V1, 16, 64),
        new io.github.winattn.kernel.MlpShape(Family.SWIN_V2, 16, 64));
  }

  @Test
  void emittedMlpFilesMatchTheGoldensAndAreDeterministic() throws IOException {
    List<GeneratedFile> files = new KernelGenerator().generate("goldenmlp", List.of(), mlpShapes());
    List<GeneratedFile> again = new KernelGenerator().generate("goldenmlp", List.of(), mlpShapes());
    assertEquals(files, again);
    assertEquals(4, files.size(), "two kernels, the catalogue, the service file");
    assertEquals("goldenmlp.GoldenmlpKernelCatalog\n", files.get(3).content());
    boolean update = Boolean.getBoolean("winattn.updateGoldens");
    // the service file's golden belongs to emittedFilesMatchTheGoldens (checked above instead)
    for (GeneratedFile f : files.subList(0, 3)) {
      Path golden = GOLDEN.resolve(f.relativePath().replace('/', '_'));
      if (update) {
        Files.createDirectories(GOLDEN);
        Files.writeString(golden, f.content(), StandardCharsets.UTF_8);
        continue;
      }
      assertTrue(
          Files.exists(golden),
          "missing golden " + golden.toAbsolutePath() + " (run with -Dwinattn.updateGoldens=true)");
      assertEquals(
          Files.readString(golden, StandardCharsets.UTF_8),
          f.content(),
          "emitted "
              + f.relativePath()
              + " differs from "
              + golden
              + " (run with -Dwinattn.updateGoldens=true if the change is intended)");
    }
  }

  @Test
  void theGoldensTakeEveryEmissionPath() {
    KernelGenerator g = new KernelGenerator();
    List<KernelPlan> plans = specs().stream().map(g::plan).toList();
    assertTrue(
        plans.stream().anyMatch(p -> p.scoreScaling() == ScoreScaling.FOLDED_INTO_Q),
        "folded scale");
    assertTrue(
        plans.stream()
            .anyMatch(p -> p.scoreScaling() == ScoreScaling.AFTER_PRODUCT && p.shape().withQkv()),
        "temporal with qkv");
    assertTrue(plans.stream().anyMatch(p -> !p.shape().withQkv()), "with_qkv=False");
    assertTrue(
        plans.stream().anyMatch(p -> p.scoreScaling() == ScoreScaling.COSINE), "Swin v2 cosine");
    assertTrue(
        plans.stream().anyMatch(p -> p.tiling().packedProjectionInput()), "interleaved input");
    assertTrue(
        plans.stream().anyMatch(p -> !p.shape().effectiveWindow().equals(p.shape().window())),
        "Video Swin clamped");
    assertTrue(plans.stream().anyMatch(p -> p.biasEncoding() == BiasEncoding.DENSE), "dense bias");
    assertTrue(
        plans.stream().anyMatch(p -> p.biasEncoding() == BiasEncoding.GATHER), "gathered bias");
    assertTrue(
        plans.stream().anyMatch(p -> p.indexEncoding() == IndexEncoding.LITERAL),
        "literal offsets");
    assertTrue(
        plans.stream().anyMatch(p -> p.indexEncoding() == IndexEncoding.PACKED_STRING),
        "packed offsets");
    assertTrue(
        plans.stream().anyMatch(KernelPlan::masked) && plans.stream().anyMatch(p -> !p.masked()),
        "mask");
  }

  /** The emitters print exactly the plan's layout: each constant and buffer with its definition. */
  @Test
  void emittedClassesDeclareThePlansLayout() {
    KernelGenerator g = new KernelGenerator();
    for (KernelSpec spec : specs()) {
      KernelPlan p = g.plan(spec);
      String vector = KernelSources.vectorKernel("golden", p, KernelGenerator.VERSION);
      String plain = KernelSources.plainKernel("golden", p, KernelGenerator.VERSION);
      for (String[] c : new String[][] {{vector, "vector"}, {plain, "plain"}}) {
        Layout layout = c[1].equals("vector") ? p.vectorLayout() : p.plainLayout();
        for (Constant k : layout.constants()) {
          assertTrue(
              c[0].contains("static final int " + k.name() + " = "),
              c[1] + " " + p.classStem() + ": " + k);
        }
        for (Buffer b : layout.buffers()) {
          assertTrue(
              c[0].contains(" " + b.name() + " = new float["),
              c[1] + " " + p.classStem() + ": " + b);
        }
        String workspace = c[0].substring(c[0].indexOf("private static final class Workspace {"));
        assertEquals(
            layout.buffers().size(),
            workspace
                .lines()
                .filter(l -> l.matches("\\s+final float\\[](\\[])? \\w+ = new float\\[.*"))
                .count(),
            c[1] + " " + p.classStem() + ": the workspace declares exactly the plan's buffers");
      }
    }
  }

  /**
   * The README's excerpt of a generated kernel: its lines, "..." aside, appear in this order in the
   * golden.
   */
  @Test
  void readmeExcerptMatchesTheGolden() throws IOException {
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    String golden =
        Files.readString(
            GOLDEN.resolve("golden_SwinV1_w2x3_h2_d16_Vector.java"), StandardCharsets.UTF_8);
    int start = readme.indexOf("```java excerpt\n// Generated by the WinAttn generator");
    assertTrue(start >= 0, "README has no excerpt of a generated kernel");
    int end = readme.indexOf("```", start + 3);
    List<String> excerpt =
        readme.substring(start, end).lines().skip(1).filter(l -> !l.strip().equals("...")).toList();
    assertTrue(excerpt.size() > 10, "excerpt too short: " + excerpt);
    List<String> lines = golden.lines().toList();
    int at = 0;
    for (String line : excerpt) {
      int found = lines.subList(at, lines.size()).indexOf(line);
      assertTrue(
          found >= 0, "README excerpt line not in the golden (after line " + at + "): " + line);
      at += found + 1;
    }
  }

  @Test
  void generationIsDeterministic() {
    List<KernelSpec> specs = TestShapes.correctness();
    List<GeneratedFile> first = new KernelGenerator().generate("det", specs);
    List<GeneratedFile> second = new KernelGenerator().generate("det", specs);
    assertEquals(first.size(), second.size());
    for (int i = 0; i < first.size(); i++) {
      assertEquals(first.get(i).relativePath(), second.get(i).relativePath());
      assertTrue(
          java.util.Arrays.equals(
              first.get(i).content().getBytes(StandardCharsets.UTF_8),
              second.get(i).content().getBytes(StandardCharsets.UTF_8)),
          first.get(i).relativePath());
    }
  }

  @Test
  void filesHaveHeaderCommentsAndTheServiceEntry() {
    List<GeneratedFile> files = new KernelGenerator().generate("golden", specs());
    GeneratedFile vector = files.get(1);
    assertEquals("golden/SwinV1_w2x3_h2_d16_Vector.java", vector.relativePath());
    assertTrue(
        vector
            .content()
            .startsWith(
                "// Generated by the WinAttn generator "
                    + KernelGenerator.VERSION
                    + ". Do not edit"),
        vector.content());
    assertTrue(vector.content().contains("// attn = self.softmax(attn)"));
    assertTrue(vector.content().contains("static final int TOKENS = 6;"));
    GeneratedFile service = files.get(files.size() - 1);
    assertTrue(service.resource());
    assertEquals(KernelGenerator.SERVICE_FILE, service.relativePath());
    assertEquals("golden.GoldenKernelCatalog\n", service.content());
    GeneratedFile catalog = files.get(files.size() - 2);
    assertTrue(
        !catalog.content().contains("import jdk.incubator"),
        "catalogue must not need the incubator");
    assertTrue(
        catalog.content().contains("\"golden.SwinV1_w2x3_h2_d16_Vector\""), catalog.content());
  }

  @Test
  void duplicateClassNamesAndBadPackagesAreRejected() {
    KernelSpec a = KernelSpec.of(TestShapes.shape(Family.SWIN_V1, Window.of2d(2, 3), 16, 2), true);
    KernelSpec b =
        new KernelSpec(
            TestShapes.shape(Family.SWIN_V1, Window.of2d(3, 2), 16, 2), true, "SwinV1_w2x3_h2_d16");
    IllegalArgumentException dup =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> new KernelGenerator().generate("p", List.of(a, b)));
    assertTrue(dup.getMessage().contains("SwinV1_w2x3_h2_d16 is used twice"), dup.getMessage());
    IllegalArgumentException pkg =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> new KernelGenerator().generate("1bad.pkg", List.of(a)));
    assertTrue(
        pkg.getMessage().contains("'1bad.pkg' is not a valid Java package name"), pkg.getMessage());
  }
}
