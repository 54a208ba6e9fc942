package io.github.winattn.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.generator.testing.CompiledKernels;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.testing.VectorCase;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated kernels, both variants, against the vectors of the real PyTorch modules ({@code
 * tools/reference/make_vectors.py}): every case's shape is generated, compiled and run on the
 * case's input and mask. Tolerance against the float64 run is the one the reference kernel meets
 * ({@link VectorCase#toleranceVsF64()}: 5e-6, Swin v2 5e-5).
 */
class PyTorchVectorsGeneratedTest {

  private static final String PACKAGE = "vectors.generated";
  private static CompiledKernels compiled;

  static List<VectorCase> cases() {
    return VectorCase.all();
  }

  @BeforeAll
  static void generateEveryCaseShape() {
    Set<KernelSpec> specs = new LinkedHashSet<>();
    for (VectorCase c : cases()) {
      specs.add(KernelSpec.of(c.shape(), true));
    }
    compiled =
        CompiledKernels.compile(new KernelGenerator().generate(PACKAGE, new ArrayList<>(specs)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bothVariantsMatchPyTorch(VectorCase c) {
    String stem = PACKAGE + "." + KernelNaming.stem(c.shape(), true);
    for (String variant : List.of(KernelNaming.PLAIN, KernelNaming.VECTOR)) {
      AttentionKernel kernel = compiled.kernel(stem + variant, c.weights());
      assertEquals(c.shape(), kernel.shape());
      float[] out = new float[c.input().length];
      // two ranges, so the mask window of the second one must use the global window index
      int split = c.windows() / 2 + 1;
      kernel.forward(c.input(), 0, out, 0, c.mask(), 0, Math.min(split, c.windows()));
      kernel.forward(c.input(), 0, out, 0, c.mask(), Math.min(split, c.windows()), c.windows());
      double err = c.maxErrorVsF64(out);
      assertTrue(
          err <= c.toleranceVsF64(),
          c.name()
              + variant
              + ": max |generated - torch f64| = "
              + err
              + " > "
              + c.toleranceVsF64());
    }
  }
}
