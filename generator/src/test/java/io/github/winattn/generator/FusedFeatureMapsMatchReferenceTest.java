package io.github.winattn.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.featuremap.FeatureMapAttention;
import io.github.winattn.featuremap.FeatureMapAttentions;
import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.featuremap.FeatureMapKernel;
import io.github.winattn.generator.plan.BiasEncoding;
import io.github.winattn.generator.testing.CompiledKernels;
import io.github.winattn.generator.testing.TestShapes;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.testing.Inputs;
import io.github.winattn.weights.AttentionWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated fused feature-map entries of both variants against the reference feature-map path
 * on seeded random maps, on every emission path the PyTorch vectors do not reach: projections on
 * MR-interleaved inputs (C >= 256), gathered bias rows and packed offsets, padded and shifted Video
 * Swin, several maps in one class, and the goldens' maps. Tolerance {@code |a - b| <= 1e-5 + 1e-4 *
 * |b|}, as for the window kernels.
 */
class FusedFeatureMapsMatchReferenceTest {

  private static final String PACKAGE = "test.fused";
  private static final String GATHER_PACKAGE = "test.fused.gather";
  private static CompiledKernels compiled;

  private static FeatureMapSpec map(List<Integer> resolution, List<Integer> shift) {
    return new FeatureMapSpec(resolution, shift);
  }

  static List<KernelSpec> specs() {
    return List.of(
        new KernelSpec(
            TestShapes.shape(Family.SWIN_V1, Window.of2d(2, 2), 256, 4),
            true,
            "",
            List.of(map(List.of(4, 6), List.of(1)), map(List.of(6, 4), List.of(0)))),
        new KernelSpec(
            TestShapes.shape(Family.SWIN_V1, Window.of2d(3, 3), 24, 3),
            true,
            "",
            List.of(map(List.of(9, 6), List.of(1)), map(List.of(9, 6), List.of(2)))),
        new KernelSpec(
            AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 3, 3), 16, 2).build(),
            true,
            "",
            List.of(map(List.of(3, 5, 7), List.of(1, 1, 2)))),
        new KernelSpec(
            TestShapes.shape(Family.SWIN_V2, Window.of2d(3, 3), 16, 2),
            true,
            "",
            List.of(map(List.of(6, 9), List.of(1)))));
  }

  @BeforeAll
  static void compile() {
    KernelGenerator gather =
        new KernelGenerator(GeneratedKernelsMatchReferenceTest.gatherBudgets());
    for (KernelSpec s : specs()) {
      assertEquals(BiasEncoding.GATHER, gather.plan(s).biasEncoding());
    }
    List<GeneratedFile> files = new ArrayList<>(new KernelGenerator().generate(PACKAGE, specs()));
    files.addAll(
        gather.generate(GATHER_PACKAGE, specs()).stream().filter(f -> !f.resource()).toList());
    files.addAll(
        new KernelGenerator()
            .generate("golden", GoldenSourcesTest.specs()).stream()
                .filter(f -> !f.resource())
                .toList());
    compiled = CompiledKernels.compile(files);
  }

  static Stream<Arguments> cases() {
    List<Arguments> a = new ArrayList<>();
    List<KernelSpec> golden =
        GoldenSourcesTest.specs().stream().filter(s -> !s.featureMaps().isEmpty()).toList();
    for (String pkg : List.of(PACKAGE, GATHER_PACKAGE, "golden")) {
      for (KernelSpec s : pkg.equals("golden") ? golden : specs()) {
        for (FeatureMapSpec m : s.featureMaps()) {
          for (String variant : List.of(KernelNaming.PLAIN, KernelNaming.VECTOR)) {
            a.add(Arguments.of(pkg, s, m, variant));
          }
        }
      }
    }
    return a.stream();
  }

  @ParameterizedTest(name = "{0} {3} {1} {2}")
  @MethodSource("cases")
  void fusedEntryAgreesWithTheReferencePath(
      String pkg, KernelSpec spec, FeatureMapSpec map, String variant) {
    AttentionShape shape = spec.shape();
    AttentionWeights w = Inputs.weights(shape, 5);
    AttentionKernel k =
        compiled.kernel(pkg + "." + KernelNaming.stem(shape, spec.masked()) + variant, w);
    FeatureMapGeometry g = map.geometry(shape);
    assertTrue(((FeatureMapKernel) k).featureMap(g) >= 0, "the class has " + map.describe());
    FeatureMapAttention fused = FeatureMapAttentions.of(k, g);
    assertTrue(fused.implementation().endsWith("(fused feature map)"), fused.implementation());
    FeatureMapAttention reference = FeatureMapAttentions.of(new ReferenceKernel(w), g);
    int images = 2;
    int size = g.rowsPerImage() * shape.dim();
    float[] x = Inputs.uniform(new Random(17), 3 + images * size, 2f);
    float[] got = new float[images * size + 5];
    float[] want = new float[images * size + 5];
    fused.forward(x, 3, got, 5, images);
    reference.forward(x, 3, want, 5, images);
    for (int i = 0; i < got.length; i++) {
      assertTrue(
          Math.abs(got[i] - want[i]) <= 1e-5f + 1e-4f * Math.abs(want[i]),
          pkg
              + " "
              + variant
              + " "
              + map.describe()
              + " ["
              + i
              + "]: "
              + got[i]
              + " vs "
              + want[i]);
    }
  }
}
