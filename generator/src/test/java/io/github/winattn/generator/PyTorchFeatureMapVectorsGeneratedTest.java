package io.github.winattn.generator;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.featuremap.FeatureMapAttention;
import io.github.winattn.featuremap.FeatureMapAttentions;
import io.github.winattn.generator.testing.CompiledKernels;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.testing.FeatureMapVectorCase;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both generated variants on whole feature maps ({@link FeatureMapAttentions}) against the official
 * blocks' attention path ({@code tools/reference/make_featuremap_vectors.py}).
 */
class PyTorchFeatureMapVectorsGeneratedTest {

  private static final String PACKAGE = "featuremap.generated";
  private static CompiledKernels compiled;

  static List<FeatureMapVectorCase> cases() {
    return FeatureMapVectorCase.all();
  }

  @BeforeAll
  static void generateEveryCaseShape() {
    Set<KernelSpec> specs = new LinkedHashSet<>();
    for (FeatureMapVectorCase c : cases()) {
      specs.add(KernelSpec.of(c.shape(), true));
      if (c.geometry().shifted()) {
        specs.add(KernelSpec.of(c.shape(), false));
      }
    }
    compiled =
        CompiledKernels.compile(new KernelGenerator().generate(PACKAGE, new ArrayList<>(specs)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bothVariantsMatchTheOfficialBlocks(FeatureMapVectorCase c) {
    String stem = PACKAGE + "." + KernelNaming.stem(c.shape(), true);
    for (String variant : List.of(KernelNaming.PLAIN, KernelNaming.VECTOR)) {
      AttentionKernel kernel = compiled.kernel(stem + variant, c.weights());
      FeatureMapAttention fm = FeatureMapAttentions.of(kernel, c.geometry());
      float[] out = new float[c.input().length];
      fm.forwardParallel(c.input(), 0, out, 0, c.images(), ForkJoinPool.commonPool(), 2);
      double err = c.maxErrorVsF64(out);
      assertTrue(
          err <= c.toleranceVsF64(),
          c.name()
              + variant
              + " ("
              + fm.implementation()
              + "): max |generated - torch f64| = "
              + err
              + " > "
              + c.toleranceVsF64());
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
}
