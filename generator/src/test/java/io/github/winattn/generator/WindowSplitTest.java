package io.github.winattn.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.featuremap.FeatureMapAttention;
import io.github.winattn.featuremap.FeatureMapAttentions;
import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.generator.testing.CompiledKernels;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.kernel.ParallelForward;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.testing.FeatureMapVectorCase;
import io.github.winattn.testing.Inputs;
import io.github.winattn.testing.VectorCase;
import io.github.winattn.weights.AttentionWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The window split of the generated vector kernels ({@code forwardSplit}, {@code
 * forwardWindowSplit}): bit-identical to the unsplit call for every part count (more parts than
 * heads or panels included), through {@link ParallelForward} and {@link FeatureMapAttention} when a
 * call has fewer windows than the parallelism, and within the PyTorch vectors' tolerance.
 */
class WindowSplitTest {

  private static final String PACKAGE = "split.generated";
  private static CompiledKernels compiled;
  private static ExecutorService pool;

  /** A packed-input shape (dim >= 256: x and the merged heads interleaved by MR rows). */
  private static final AttentionShape PACKED =
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 256, 8).build();

  private static final FeatureMapGeometry PACKED_MAP =
      FeatureMapGeometry.swin(Family.SWIN_V1, 14, 14, 7, 3);

  static List<VectorCase> cases() {
    return VectorCase.all();
  }

  static List<FeatureMapVectorCase> mapCases() {
    return FeatureMapVectorCase.all();
  }

  @BeforeAll
  static void generate() {
    Set<KernelSpec> specs = new LinkedHashSet<>();
    for (VectorCase c : cases()) {
      specs.add(KernelSpec.of(c.shape(), true));
    }
    Map<AttentionShape, KernelSpec> fused = new LinkedHashMap<>();
    for (FeatureMapVectorCase c : mapCases()) {
      fused.merge(
          c.shape(),
          new KernelSpec(
              c.shape(),
              true,
              KernelNaming.stem(c.shape(), true) + "_map",
              List.of(FeatureMapSpec.of(c.geometry()))),
          (a, b) -> a.withFeatureMaps(b.featureMaps()));
    }
    specs.add(
        new KernelSpec(
            PACKED,
            true,
            KernelNaming.stem(PACKED, true) + "_packed",
            List.of(FeatureMapSpec.of(PACKED_MAP))));
    List<KernelSpec> all = new ArrayList<>(specs);
    all.addAll(fused.values());
    compiled = CompiledKernels.compile(new KernelGenerator().generate(PACKAGE, all));
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void shutdown() throws InterruptedException {
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  private static AttentionKernel vector(String stem, AttentionWeights w) {
    return compiled.kernel(PACKAGE + "." + stem + KernelNaming.VECTOR, w);
  }

  /**
   * {@code split} equals {@code whole} bit for bit once the JIT state is stable: the interpreter,
   * C1 and C2 may compute {@code exp} and lane reductions differently (C2 uses the CPU's vector
   * math stubs), so while the methods are being compiled two runs of the same path may differ in
   * the last bit. Each round computes whole, split, whole; it passes when the two whole runs agree
   * with each other and with the split. A split that computes anything differently never passes.
   */
  private static void assertSameOnceWarm(
      Supplier<float[]> whole, Supplier<float[]> split, String message) {
    float[] a = null;
    float[] b = null;
    for (int round = 0; round < 200; round++) {
      a = whole.get();
      b = split.get();
      if (Arrays.equals(a, b) && Arrays.equals(a, whole.get())) {
        return;
      }
    }
    assertArrayEquals(a, b, message + " (200 rounds)");
  }

  /** Every window split into {@code parts} parts on the calling thread, phase after phase. */
  private static float[] splitByHand(
      AttentionKernel k, float[] x, Mask mask, int windows, int parts) {
    float[] out = new float[x.length];
    for (int b = 0; b < windows; b++) {
      float[] scratch = new float[k.splitScratchSize()];
      for (int phase = 0; phase < k.splitPhases(); phase++) {
        // parts in reverse order: nothing may depend on the order within a phase
        for (int part = parts - 1; part >= 0; part--) {
          k.forwardSplit(x, 0, out, 0, mask, b, phase, part, parts, scratch);
        }
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theSplitIsBitIdenticalAndMatchesPyTorch(VectorCase c) {
    AttentionKernel k = vector(KernelNaming.stem(c.shape(), true), c.weights());
    assertEquals(
        c.shape().withQkv() ? 3 : 0,
        k.splitPhases(),
        c.name() + ": a vector kernel with both projections splits windows");
    if (!c.shape().withQkv()) {
      return;
    }
    Supplier<float[]> whole =
        () -> {
          float[] y = new float[c.input().length];
          k.forward(c.input(), 0, y, 0, c.mask(), c.windows());
          return y;
        };
    for (int parts : new int[] {1, 2, 3, 5, 2 * c.shape().heads() + 1}) {
      assertSameOnceWarm(
          whole,
          () -> splitByHand(k, c.input(), c.mask(), c.windows(), parts),
          c.name() + ", " + parts + " parts");
    }
    // through ParallelForward: one window per call, more threads than windows
    assertSameOnceWarm(whole, () -> windowByWindow(k, c), c.name() + ": ParallelForward's split");
    float[] out = windowByWindow(k, c);
    double err = c.maxErrorVsF64(out);
    assertTrue(err <= c.toleranceVsF64(), c.name() + ": max |split - torch f64| = " + err);
    // the plain variant has no split: the same call runs it unsplit
    AttentionKernel plain =
        compiled.kernel(
            PACKAGE + "." + KernelNaming.stem(c.shape(), true) + KernelNaming.PLAIN, c.weights());
    assertEquals(0, plain.splitPhases());
    float[] plainOut = new float[out.length];
    plain.forwardParallel(c.input(), 0, plainOut, 0, c.mask(), c.windows(), pool, 2 * c.windows());
    assertTrue(c.maxErrorVsF64(plainOut) <= c.toleranceVsF64(), c.name() + " plain");
  }

  /** Each window of {@code c} as its own batch of one at parallelism 2: split into 2 parts. */
  private static float[] windowByWindow(AttentionKernel k, VectorCase c) {
    int size = c.shape().tokens() * c.shape().dim();
    float[] out = new float[c.input().length];
    for (int b = 0; b < c.windows(); b++) {
      float[] x = Arrays.copyOfRange(c.input(), b * size, (b + 1) * size);
      float[] y = new float[size];
      Mask one =
          c.mask().isPresent()
              ? Mask.of(
                  Arrays.copyOfRange(
                      c.mask().values(),
                      b % c.mask().windows() * c.shape().tokens() * c.shape().tokens(),
                      (b % c.mask().windows() + 1) * c.shape().tokens() * c.shape().tokens()),
                  1)
              : Mask.NONE;
      k.forwardParallel(x, 0, y, 0, one, 1, pool, 2);
      System.arraycopy(y, 0, out, b * size, size);
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mapCases")
  void theFusedSplitIsBitIdenticalAndMatchesTheOfficialBlocks(FeatureMapVectorCase c) {
    FeatureMapAttention fm =
        FeatureMapAttentions.of(
            vector(KernelNaming.stem(c.shape(), true) + "_map", c.weights()), c.geometry());
    assertTrue(fm.implementation().endsWith("(fused feature map)"), fm.implementation());
    Supplier<float[]> whole =
        () -> {
          float[] y = new float[c.input().length];
          fm.forward(c.input(), 0, y, 0, c.images());
          return y;
        };
    int windows = fm.windows(c.images());
    for (int parallelism : new int[] {windows + 1, 3 * windows}) {
      assertSameOnceWarm(
          whole,
          () -> {
            float[] y = new float[c.input().length];
            fm.forwardParallel(c.input(), 0, y, 0, c.images(), pool, parallelism);
            return y;
          },
          c.name() + " at parallelism " + parallelism);
    }
    float[] out = new float[c.input().length];
    fm.forwardParallel(c.input(), 0, out, 0, c.images(), pool, 2 * windows);
    double err = c.maxErrorVsF64(out);
    assertTrue(err <= c.toleranceVsF64(), c.name() + ": max |split - torch f64| = " + err);
  }

  @Test
  void packedInputsSplitBitIdenticallyOnWindowsAndMaps() {
    AttentionWeights w = Inputs.weights(PACKED, 11);
    AttentionKernel k = vector(KernelNaming.stem(PACKED, true) + "_packed", w);
    Random r = new Random(5);
    int windows = 3;
    float[] x = Inputs.uniform(r, windows * 49 * 256, 2f);
    Mask mask = Mask.of(Inputs.mask(2, 49, 7), 2);
    Supplier<float[]> whole =
        () -> {
          float[] y = new float[x.length];
          k.forward(x, 0, y, 0, mask, windows);
          return y;
        };
    for (int parts : new int[] {2, 3, 7, 17}) {
      assertSameOnceWarm(whole, () -> splitByHand(k, x, mask, windows, parts), parts + " parts");
    }
    assertSameOnceWarm(
        whole,
        () -> {
          float[] y = new float[x.length];
          k.forwardParallel(x, 0, y, 0, mask, windows, pool, 4);
          return y;
        },
        "ParallelForward, 3 windows at parallelism 4");
    FeatureMapAttention fm = FeatureMapAttentions.of(k, PACKED_MAP);
    float[] map = Inputs.uniform(r, 14 * 14 * 256, 2f);
    assertSameOnceWarm(
        () -> {
          float[] y = new float[map.length];
          fm.forward(map, 0, y, 0, 1);
          return y;
        },
        () -> {
          float[] y = new float[map.length];
          fm.forwardParallel(map, 0, y, 0, 1, pool, 8);
          return y;
        },
        "4 windows at parallelism 8");
  }

  @Test
  void aBadCallFailsBeforeAnyPartRuns() {
    AttentionWeights w = Inputs.weights(PACKED, 11);
    AttentionKernel k = vector(KernelNaming.stem(PACKED, true) + "_packed", w);
    float[] x = new float[49 * 256];
    float[] out = new float[x.length - 1];
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> k.forwardParallel(x, 0, out, 0, Mask.NONE, 1, pool, 2));
    assertTrue(e.getMessage().startsWith("out: expected"), e.getMessage());
    assertArrayEquals(new float[out.length], out, "a part wrote before the check");
  }
}
