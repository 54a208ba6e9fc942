package io.github.winattn.generator;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.featuremap.FeatureMapAttention;
import io.github.winattn.featuremap.FeatureMapAttentions;
import io.github.winattn.generator.testing.CompiledKernels;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.testing.FeatureMapVectorCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both generated variants on whole feature maps ({@link FeatureMapAttentions}) against the official
 * blocks' attention path ({@code tools/reference/make_featuremap_vectors.py}): the fused
 * feature-map entry of kernels generated with the case's resolution and shift, and the gathered
 * path of the same shape generated without it.
 */
class PyTorchFeatureMapVectorsGeneratedTest {

  private static final String PACKAGE = "featuremap.generated";
  private static CompiledKernels compiled;

  static List<FeatureMapVectorCase> cases() {
    return FeatureMapVectorCase.all();
  }

  @BeforeAll
  static void generateEveryCaseShape() {
    Map<AttentionShape, KernelSpec> fused = new LinkedHashMap<>();
    Set<KernelSpec> specs = new LinkedHashSet<>();
    for (FeatureMapVectorCase c : cases()) {
      // cases of one shape share the class: its maps are every case's
      fused.merge(
          c.shape(),
          new KernelSpec(c.shape(), true, "", List.of(FeatureMapSpec.of(c.geometry()))),
          (a, b) -> a.withFeatureMaps(b.featureMaps()));
      specs.add(new KernelSpec(c.shape(), true, gatheredStem(c)));
      if (c.geometry().shifted()) {
        specs.add(KernelSpec.of(c.shape(), false));
      }
    }
    List<KernelSpec> all = new ArrayList<>(fused.values());
    all.addAll(specs);
    compiled = CompiledKernels.compile(new KernelGenerator().generate(PACKAGE, all));
  }

  private static String gatheredStem(FeatureMapVectorCase c) {
    return KernelNaming.stem(c.shape(), true) + "_gathered";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bothVariantsMatchTheOfficialBlocks(FeatureMapVectorCase c) {
    for (String stem :
        List.of(
            PACKAGE + "." + KernelNaming.stem(c.shape(), true), PACKAGE + "." + gatheredStem(c))) {
      for (String variant : List.of(KernelNaming.PLAIN, KernelNaming.VECTOR)) {
        check(c, stem + variant, !stem.endsWith("_gathered"));
      }
    }
    if (c.geometry().shifted()) {
      // a kernel generated without mask support is refused when wrapped, before any call
      AttentionKernel unmasked =
          compiled.kernel(
              PACKAGE + "." + KernelNaming.stem(c.shape(), false) + KernelNaming.VECTOR,
              c.weights());
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> FeatureMapAttentions.of(unmasked, c.geometry()));
      assertTrue(e.getMessage().contains("without mask support"), e.getMessage());
    }
  }

  private static void check(FeatureMapVectorCase c, String className, boolean fused) {
    AttentionKernel kernel = compiled.kernel(className, c.weights());
    FeatureMapAttention fm = FeatureMapAttentions.of(kernel, c.geometry());
    assertTrue(
        fm.implementation().endsWith(fused ? "(fused feature map)" : "(gathered)"),
        fm.implementation());
    float[] out = new float[c.input().length];
    fm.forwardParallel(c.input(), 0, out, 0, c.images(), ForkJoinPool.commonPool(), 2);
    double err = c.maxErrorVsF64(out);
    assertTrue(
        err <= c.toleranceVsF64(),
        c.name()
            + " "
            + className
            + " ("
            + fm.implementation()
            + "): max |generated - torch f64| = "
            + err
            + " > "
            + c.toleranceVsF64());
  }
}
