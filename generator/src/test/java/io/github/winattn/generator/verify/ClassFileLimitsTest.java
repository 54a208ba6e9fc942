package io.github.winattn.generator.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.generator.FeatureMapSpec;
import io.github.winattn.generator.GeneratedFile;
import io.github.winattn.generator.KernelGenerator;
import io.github.winattn.generator.KernelSpec;
import io.github.winattn.generator.testing.CompiledKernels;
import io.github.winattn.generator.testing.TestShapes;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compiles kernels up to the largest supported shapes and reads their class files: every method
 * stays under HotSpot's 8000-byte JIT limit and static initialisers far below javac's 64 KB.
 */
class ClassFileLimitsTest {

  static final int JIT_LIMIT = 8000;

  @Test
  void everyMethodOfLargeKernelsIsJitCompilable() throws IOException {
    List<KernelSpec> specs =
        List.of(
            // feature-map entries on every path: dense and gathered bias, packed projection input
            new KernelSpec(
                TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 3),
                true,
                "",
                maps(List.of(56, 56), List.of(0), List.of(3))),
            new KernelSpec(
                TestShapes.shape(Family.SWIN_V1, Window.of2d(16, 16), 1536, 48),
                true,
                "",
                maps(List.of(32, 32), List.of(8))),
            new KernelSpec(
                TestShapes.shape(Family.SWIN_V2, Window.of2d(24, 24), 1536, 48),
                true,
                "",
                maps(List.of(48, 48), List.of(12))),
            new KernelSpec(
                TestShapes.shape(Family.VIDEO_SWIN, Window.of3d(8, 7, 7), 768, 24),
                true,
                "",
                maps(List.of(16, 56, 56), List.of(0, 0, 0), List.of(4, 3, 3))),
            new KernelSpec(
                TestShapes.shape(Family.VIDEO_SWIN, Window.of3d(16, 7, 7), 768, 24),
                true,
                "",
                maps(List.of(32, 14, 14), List.of(8, 3, 3))),
            new KernelSpec(
                TestShapes.shape(Family.TEMPORAL, Window.of1d(32), 768, 12),
                false,
                "",
                List.of(new FeatureMapSpec(List.of(197), List.of()))),
            KernelSpec.of(
                AttentionShape.builder(Family.TEMPORAL, Window.of1d(32), 768, 12)
                    .withQkv(false)
                    .build(),
                false),
            KernelSpec.of(TestShapes.shape(Family.SWIN_V1, Window.of2d(1, 1), 8, 1), true),
            // window groups: 14 windows of 8 rows per projection pass
            KernelSpec.of(TestShapes.shape(Family.TEMPORAL, Window.of1d(8), 768, 12), true));
    List<GeneratedFile> files = new KernelGenerator().generate("test.limits", specs);
    CompiledKernels compiled = CompiledKernels.compile(files);
    List<MethodSize> sizes = ClassFileMethods.readTree(compiled.classes());
    assertTrue(sizes.size() > 100, "expected the methods of 17 classes, read " + sizes.size());
    int largest = 0;
    for (MethodSize m : sizes) {
      assertTrue(m.codeLength() < JIT_LIMIT, "over the JIT limit: " + m);
      if (m.method().startsWith("<clinit>")) {
        assertTrue(m.codeLength() < 16_000, "static initialiser not far below 64 KB: " + m);
      }
      largest = Math.max(largest, m.codeLength());
    }
    assertTrue(largest > 200, "the reader found no real code (largest " + largest + ")");
    for (String method :
        List.of(
            "forwardWindow(",
            "mapWindow(",
            "mapHead(",
            "regionTable(",
            "linearRows(",
            "softmaxRowsRegions(",
            "softmaxRowRegions(",
            "softmaxRowUnmasked(",
            "packMapRows(")) {
      assertTrue(
          sizes.stream().anyMatch(m -> m.method().startsWith(method)),
          "the feature-map method " + method + ") was not read");
    }
  }

  private static List<FeatureMapSpec> maps(List<Integer> resolution, List<Integer>... shifts) {
    return java.util.Arrays.stream(shifts).map(s -> new FeatureMapSpec(resolution, s)).toList();
  }

  @Test
  void readerReportsTheCodeLengthOfAKnownMethod() throws IOException {
    byte[] bytes;
    try (var in = ClassFileMethods.class.getResourceAsStream("MethodSize.class")) {
      bytes = in.readAllBytes();
    }
    List<MethodSize> sizes = ClassFileMethods.read(bytes, "MethodSize.class");
    assertTrue(
        sizes.stream().anyMatch(m -> m.method().startsWith("codeLength()I") && m.codeLength() == 5),
        sizes.toString()); // aload_0, getfield, ireturn
    assertThrows(IOException.class, () -> ClassFileMethods.read(new byte[] {1, 2, 3, 4}, "junk"));
  }

  @Test
  void unsupportedShapesAreRejectedNotEmitted() {
    KernelGenerator g = new KernelGenerator();
    KernelSpec huge =
        KernelSpec.of(TestShapes.shape(Family.SWIN_V1, Window.of2d(64, 64), 128, 4), true);
    String reason = g.unsupportedReason(huge).orElseThrow();
    assertTrue(reason.contains("scratch per thread"), reason);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> g.generate("test.limits", List.of(huge)));
    assertTrue(
        e.getMessage().contains("window=64x64") && e.getMessage().contains(reason), e.getMessage());
    assertTrue(g.describePlan(huge).startsWith("unsupported: "), g.describePlan(huge));
    assertFalse(
        g.unsupportedReason(
                KernelSpec.of(
                    TestShapes.shape(Family.VIDEO_SWIN, Window.of3d(16, 7, 7), 768, 24), true))
            .isPresent());
  }
}
