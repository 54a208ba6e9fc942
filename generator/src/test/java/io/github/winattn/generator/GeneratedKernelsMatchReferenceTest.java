package io.github.winattn.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.generator.plan.BiasEncoding;
import io.github.winattn.generator.plan.Budgets;
import io.github.winattn.generator.plan.IndexEncoding;
import io.github.winattn.generator.testing.CompiledKernels;
import io.github.winattn.generator.testing.TestShapes;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.testing.Inputs;
import io.github.winattn.testing.Tolerance;
import io.github.winattn.weights.AttentionWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both generated variants of every test shape against {@link ReferenceKernel} on seeded random
 * inputs: masked batches of several images (mask window b % nW), computed in chunks with offsets.
 * Tolerance: {@code |a - b| <= 1e-5 + 1e-4 * |b|}.
 */
class GeneratedKernelsMatchReferenceTest {

  static final float ATOL = 1e-5f;
  static final float RTOL = 1e-4f;
  static final String PACKAGE = "test.kernels";
  static final String GATHER_PACKAGE = "test.gather";
  static final String GOLDEN_PACKAGE = "golden";

  private static CompiledKernels compiled;
  private static ExecutorService pool;

  /** Shapes also generated with a zero dense-bias budget and no literal tables. */
  static List<KernelSpec> gatherSpecs() {
    return List.of(
        KernelSpec.of(TestShapes.shape(Family.SWIN_V1, Window.of2d(3, 5), 40, 2), true),
        KernelSpec.of(
            AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 3, 4), 48, 2)
                .effectiveWindow(Window.of3d(2, 2, 4))
                .build(),
            true));
  }

  static Budgets gatherBudgets() {
    Budgets d = Budgets.DEFAULT;
    return new Budgets(0, d.workspaceBytes(), 0, d.maxLanes());
  }

  @BeforeAll
  static void compile() {
    KernelGenerator gather = new KernelGenerator(gatherBudgets());
    for (KernelSpec s : gatherSpecs()) {
      assertEquals(BiasEncoding.GATHER, gather.plan(s).biasEncoding());
      assertEquals(IndexEncoding.PACKED_STRING, gather.plan(s).indexEncoding());
    }
    compiled = compiled();
    pool = Executors.newFixedThreadPool(2);
  }

  /**
   * Both variants of {@link TestShapes#correctness()} in {@link #PACKAGE} and of {@link
   * #gatherSpecs()} in {@link #GATHER_PACKAGE}, compiled once per JVM (shared with {@code
   * NonFiniteValuesTest}).
   */
  static CompiledKernels compiled() {
    return CompiledKernels.shared(
        "GeneratedKernelsMatchReferenceTest",
        () -> {
          List<GeneratedFile> files =
              new ArrayList<>(new KernelGenerator().generate(PACKAGE, TestShapes.correctness()));
          files.addAll(
              new KernelGenerator(gatherBudgets())
                  .generate(GATHER_PACKAGE, gatherSpecs()).stream()
                      .filter(f -> !f.resource())
                      .toList());
          // the golden files' kernels (GoldenSourcesTest proves they are these sources byte for
          // byte)
          files.addAll(
              new KernelGenerator()
                  .generate(GOLDEN_PACKAGE, GoldenSourcesTest.specs()).stream()
                      .filter(f -> !f.resource())
                      .toList());
          return files;
        });
  }

  @AfterAll
  static void shutdown() {
    pool.shutdownNow();
  }

  static Stream<Arguments> cases() {
    List<Arguments> a = new ArrayList<>();
    for (KernelSpec s : TestShapes.correctness()) {
      for (String variant : List.of(KernelNaming.PLAIN, KernelNaming.VECTOR)) {
        a.add(Arguments.of(PACKAGE, s, variant));
      }
    }
    for (KernelSpec s : gatherSpecs()) {
      a.add(Arguments.of(GATHER_PACKAGE, s, KernelNaming.VECTOR));
    }
    // the golden of a 17x16 window is compiled, its paths are compared through gatherSpecs()
    for (KernelSpec s :
        GoldenSourcesTest.specs().stream().filter(g -> g.shape().tokens() <= 64).toList()) {
      for (String variant : List.of(KernelNaming.PLAIN, KernelNaming.VECTOR)) {
        a.add(Arguments.of(GOLDEN_PACKAGE, s, variant));
      }
    }
    return a.stream();
  }

  @ParameterizedTest(name = "{2} {1}")
  @MethodSource("cases")
  void agreesWithTheReference(String pkg, KernelSpec spec, String variant) {
    AttentionShape s = spec.shape();
    AttentionWeights w = Inputs.weights(s, 11);
    AttentionKernel k =
        compiled.kernel(pkg + "." + KernelNaming.stem(s, spec.masked()) + variant, w);
    assertEquals(s, k.shape());
    assertEquals(
        variant.equals(KernelNaming.VECTOR) ? "generated-vector" : "generated-plain",
        k.implementation());
    int n = s.tokens();
    int c = s.dim();
    int images = 3;
    int nW = 3;
    int windows = images * nW;
    int xOff = 5;
    int outOff = 3;
    float[] x = Inputs.uniform(new Random(21), xOff + windows * n * c, 2f);
    Mask mask = spec.masked() ? new Mask(prefix(Inputs.mask(nW, n, 31), 7), 7, nW) : Mask.NONE;
    float[] expected = new float[outOff + windows * n * c];
    new ReferenceKernel(w).forward(x, xOff, expected, outOff, mask, 0, windows);
    // chunks that do not align with images: the mask window must use the global b
    float[] actual = new float[expected.length];
    k.forward(x, xOff, actual, outOff, mask, 0, 2);
    k.forward(x, xOff, actual, outOff, mask, 2, 7);
    k.forward(x, xOff, actual, outOff, mask, 7, windows);
    assertNull(
        Tolerance.compare(strip(actual, outOff), strip(expected, outOff), ATOL, RTOL, n, c),
        "chunked forward of " + spec.shape().describe());
    float[] parallel = new float[expected.length];
    k.forwardParallel(x, xOff, parallel, outOff, mask, windows, pool, 2);
    assertNull(
        Tolerance.compare(strip(parallel, outOff), strip(expected, outOff), ATOL, RTOL, n, c),
        "parallel forward of " + spec.shape().describe());
    if (spec.masked()) {
      float[] unmasked = new float[expected.length];
      new ReferenceKernel(w).forward(x, xOff, unmasked, outOff, Mask.NONE, 0, windows);
      k.forward(x, xOff, actual, outOff, Mask.NONE, 0, windows);
      assertNull(
          Tolerance.compare(strip(actual, outOff), strip(unmasked, outOff), ATOL, RTOL, n, c),
          "masked kernel called without a mask");
    }
  }

  @Test
  void largeLogitsAndFullyMaskedRowsStayFinite() {
    AttentionShape s = TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 3);
    AttentionWeights w = Inputs.weights(s, 5);
    int n = s.tokens();
    float[] x = Inputs.uniform(new Random(3), 2 * n * s.dim(), 60f);
    float[] mask = new float[n * n];
    java.util.Arrays.fill(mask, -100f); // every key masked: softmax of equal shifts
    float[] expected = new float[x.length];
    new ReferenceKernel(w).forward(x, 0, expected, 0, Mask.of(mask, 1), 0, 2);
    for (String variant : List.of(KernelNaming.PLAIN, KernelNaming.VECTOR)) {
      AttentionKernel k = compiled.kernel(PACKAGE + "." + KernelNaming.stem(s, true) + variant, w);
      float[] actual = new float[x.length];
      k.forward(x, 0, actual, 0, Mask.of(mask, 1), 0, 2);
      for (float v : actual) {
        assertTrue(Float.isFinite(v), variant + " produced " + v);
      }
      // logits of order 1e3 amplify float32 rounding (the vector kernel folds the scale into the
      // weights): the outputs of order 1 agree to about 1e-3, not 1e-5
      assertNull(Tolerance.compare(actual, expected, 5e-3f, 1e-3f, n, s.dim()), variant);
    }
  }

  @Test
  void bindingRejectsWeightsOfAnotherShape() {
    AttentionShape s = TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 3);
    AttentionWeights other =
        Inputs.weights(TestShapes.shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 4), 1);
    for (String variant : List.of(KernelNaming.PLAIN, KernelNaming.VECTOR)) {
      String name = KernelNaming.stem(s, true) + variant;
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> compiled.kernel(PACKAGE + "." + name, other));
      assertTrue(
          e.getMessage().contains(name + " computes " + s.describe())
              && e.getMessage().contains("heads=4"),
          e.getMessage());
    }
  }

  @Test
  void unmaskedKernelRejectsAMaskAndShortArrays() {
    AttentionShape s = TestShapes.shape(Family.SWIN_V1, Window.of2d(12, 12), 64, 2);
    AttentionKernel k =
        compiled.kernel(
            PACKAGE + "." + KernelNaming.stem(s, false) + KernelNaming.VECTOR,
            Inputs.weights(s, 1));
    int size = s.tokens() * s.dim();
    float[] mask = new float[s.tokens() * s.tokens()];
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> k.forward(new float[size], 0, new float[size], 0, Mask.of(mask, 1), 0, 1));
    assertTrue(e.getMessage().contains("without mask support"), e.getMessage());
    IllegalArgumentException shortX =
        assertThrows(
            IllegalArgumentException.class,
            () -> k.forward(new float[size - 1], 0, new float[size], 0, Mask.NONE, 0, 1));
    assertTrue(shortX.getMessage().startsWith("x: expected"), shortX.getMessage());
  }

  private static float[] prefix(float[] values, int pad) {
    float[] p = new float[pad + values.length];
    System.arraycopy(values, 0, p, pad, values.length);
    java.util.Arrays.fill(p, 0, pad, Float.NaN); // must never be read
    return p;
  }

  private static float[] strip(float[] a, int offset) {
    return java.util.Arrays.copyOfRange(a, offset, a.length);
  }
}
