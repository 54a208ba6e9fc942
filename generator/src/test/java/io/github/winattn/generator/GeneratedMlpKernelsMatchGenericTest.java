package io.github.winattn.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.featuremap.FeatureMapAttentions;
import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.generator.testing.CompiledKernels;
import io.github.winattn.generator.testing.TestShapes;
import io.github.winattn.kernel.KernelCatalog;
import io.github.winattn.kernel.MlpCatalogEntry;
import io.github.winattn.kernel.MlpKernel;
import io.github.winattn.kernel.MlpShape;
import io.github.winattn.kernel.MlpWeights;
import io.github.winattn.model.layers.LayerNorm;
import io.github.winattn.model.layers.MatMulKind;
import io.github.winattn.model.layers.Scratch;
import io.github.winattn.model.layers.SwinBlock;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.testing.Inputs;
import io.github.winattn.testing.ThreadAllocation;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated MLP block kernels against the generic runtime path ({@link SwinBlock#mlpRows} with the
 * Vector API {@code MatMul}) on seeded random data, both families, shapes with full and partial
 * weight panels: the products and GELU take the same floating-point operations in the same order
 * (bias-initialised accumulators, one fma per k), and both call {@code LayerNorm.row}, so the
 * results are asserted bit for bit.
 */
class GeneratedMlpKernelsMatchGenericTest {

  static final String PACKAGE = "mlp.generated";
  private static CompiledKernels compiled;

  static List<MlpShape> shapes() {
    return List.of(
        new MlpShape(Family.SWIN_V1, 40, 100), // partial panels in both products
        new MlpShape(Family.SWIN_V1, 96, 384), // swin_t stage 1
        new MlpShape(Family.SWIN_V1, 16, 32),
        new MlpShape(Family.SWIN_V2, 40, 100),
        new MlpShape(Family.SWIN_V2, 96, 384),
        new MlpShape(Family.SWIN_V2, 24, 96));
  }

  @BeforeAll
  static void generate() {
    compiled =
        CompiledKernels.compile(new KernelGenerator().generate(PACKAGE, List.of(), shapes()));
  }

  static KernelCatalog catalog() throws ReflectiveOperationException {
    return (KernelCatalog)
        Class.forName(PACKAGE + "." + KernelNaming.catalogClass(PACKAGE), true, compiled.loader())
            .getConstructor()
            .newInstance();
  }

  static MlpWeights weights(MlpShape s, long seed) {
    Random r = new Random(seed);
    int c = s.dim();
    int h = s.hidden();
    return new MlpWeights(
        s,
        gaussian(r, c, 0.5f, 1f),
        gaussian(r, c, 0.2f, 0f),
        gaussian(r, c, 0.5f, 1f),
        gaussian(r, c, 0.2f, 0f),
        gaussian(r, h * c, (float) (1 / Math.sqrt(c)), 0f),
        gaussian(r, h, 0.1f, 0f),
        gaussian(r, c * h, (float) (1 / Math.sqrt(h)), 0f),
        gaussian(r, c, 0.1f, 0f));
  }

  static float[] gaussian(Random r, int n, float scale, float mean) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = mean + scale * (float) r.nextGaussian();
    }
    return a;
  }

  /** The generic block of {@code w}'s shape, attention a reference kernel (never called). */
  static SwinBlock generic(MlpWeights w) {
    MlpShape s = w.shape();
    int heads = s.dim() % 8 == 0 ? 2 : 1;
    var shape = TestShapes.shape(s.family(), Window.of2d(2, 2), s.dim(), heads);
    var attention =
        FeatureMapAttentions.bind(
            Inputs.weights(shape, 1), FeatureMapGeometry.swin(s.family(), 2, 2, 2, 0));
    MatMulKind mm = MatMulKind.VECTOR;
    return new SwinBlock(
        s.family(),
        new LayerNorm(w.norm1Weight(), w.norm1Bias()),
        attention,
        new LayerNorm(w.norm2Weight(), w.norm2Bias()),
        mm.create(w.fc1Weight(), w.fc1Bias(), s.dim(), s.hidden()),
        mm.create(w.fc2Weight(), w.fc2Bias(), s.hidden(), s.dim()));
  }

  @Test
  void catalogueListsEveryShapeOnce() throws ReflectiveOperationException {
    List<MlpShape> listed = catalog().mlpEntries().stream().map(MlpCatalogEntry::shape).toList();
    assertEquals(shapes(), listed);
    assertEquals(List.of(), catalog().entries());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void generatedMatchesGenericBitForBit(MlpShape s) throws ReflectiveOperationException {
    MlpWeights w = weights(s, s.dim() * 31L + s.hidden());
    KernelRegistry registry =
        KernelRegistry.builder().catalogs(List.of(catalog())).vectorAvailable(true).build();
    MlpKernel kernel = registry.bindMlp(w).orElseThrow();
    assertEquals(s, kernel.shape());
    SwinBlock block = generic(w);
    int rows = 77; // two full tiles of 32 and a partial one of 13 (not a multiple of 4)
    Random r = new Random(7);
    float[] x = gaussian(r, rows * s.dim(), 1f, 0f);
    float[] y = gaussian(r, rows * s.dim(), 3f, 0.5f);
    x[5] = 1e4f; // a large activation: GELU's clamp and the norm's range
    float[] xg = x.clone();
    float[] yg = y.clone();
    Scratch scratch = new Scratch(Math.max(s.dim(), s.hidden()), 4 * s.dim(), s.hidden());
    // two ranges, the first not starting at 0 (rows before it stay untouched)
    block.mlpRows(x, y, 3, 50, scratch);
    block.mlpRows(x, y, 50, rows, scratch);
    kernel.rows(xg, yg, 3, 50);
    kernel.rows(xg, yg, 50, rows);
    for (int i = 0; i < x.length; i++) {
      assertEquals(x[i], xg[i], 0f, s.describe() + ": x[" + i + "]");
      assertEquals(y[i], yg[i], 0f, s.describe() + ": y[" + i + "]");
    }
  }

  @Test
  void rejectsWeightsOfAnotherShapeAndShortArrays() throws ReflectiveOperationException {
    MlpShape s = shapes().get(0);
    String name = PACKAGE + "." + KernelNaming.mlpClass(s);
    Class<?> type = Class.forName(name, true, compiled.loader());
    MlpWeights other = weights(new MlpShape(Family.SWIN_V1, 16, 32), 1);
    var e =
        assertThrows(
            java.lang.reflect.InvocationTargetException.class,
            () -> type.getConstructor(MlpWeights.class).newInstance(other));
    assertTrue(
        e.getCause().getMessage().contains("swin_v1 MLP dim 16 hidden 32"),
        e.getCause().getMessage());
    MlpKernel k = (MlpKernel) newKernel(type, weights(s, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> k.rows(new float[40], new float[80], 0, 2));
  }

  @Test
  void aWarmCallAllocatesNothing() throws ReflectiveOperationException {
    MlpShape s = shapes().get(1);
    MlpKernel k =
        (MlpKernel)
            newKernel(
                Class.forName(PACKAGE + "." + KernelNaming.mlpClass(s), true, compiled.loader()),
                weights(s, 3));
    float[] x = new float[45 * s.dim()];
    float[] y = new float[45 * s.dim()];
    // Vector API code allocates its vectors until C2 has compiled it: warm up until a pair of
    // calls allocates nothing, for at most 30 s
    long allocated =
        ThreadAllocation.bytesPerWarmPair(
            ThreadAllocation.counterOrSkip(), () -> k.rows(x, y, 0, 45), 200, 30);
    assertEquals(0, allocated, "bytes allocated per warm call");
  }

  private static Object newKernel(Class<?> type, MlpWeights w) throws ReflectiveOperationException {
    return type.getConstructor(MlpWeights.class).newInstance(w);
  }
}
