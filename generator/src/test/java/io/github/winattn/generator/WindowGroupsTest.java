package io.github.winattn.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.generator.plan.Budgets;
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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector kernel projects GROUP consecutive windows at once; any {@code [from, to)} range must
 * still give the reference kernel's result for exactly those windows: ranges that start and end
 * inside a group, single windows, a partial last group after a full one (stale rows of the larger
 * group still in the workspace) and {@code forwardParallel}'s chunks. Budgets of about 24 rows per
 * group make GROUP 3 to 6 on small shapes, so a batch of 13 windows has every kind of range.
 */
class WindowGroupsTest {

  static final String PACKAGE = "test.groups";
  static final float ATOL = 1e-5f;
  static final float RTOL = 1e-4f;
  static final int WINDOWS = 13;
  static final int MASK_WINDOWS = 4; // not a multiple of any GROUP here: mask window (b + g) % nW
  static final int X_OFF = 3;
  static final int OUT_OFF = 2;

  /** Budgets with groups of about 24 rows and no qkv limit. */
  static final Budgets SMALL_GROUPS = Budgets.DEFAULT.withGroups(24, Long.MAX_VALUE);

  private static CompiledKernels compiled;
  private static ExecutorService pool;

  static List<KernelSpec> specs() {
    return List.of(
        // N = 9, MR = 5: ROWS = 10 with a padding row per window; C = 256: MR-interleaved inputs
        KernelSpec.of(TestShapes.shape(Family.SWIN_V1, Window.of2d(3, 3), 256, 4), true),
        // temporal: scale after the product, no qkv bias; ROWS = 8
        KernelSpec.of(TestShapes.shape(Family.TEMPORAL, Window.of1d(8), 64, 8), true),
        // Swin v2: q and k normalised per window of the group; ROWS = 4
        KernelSpec.of(TestShapes.shape(Family.SWIN_V2, Window.of2d(2, 2), 16, 2), true),
        // unmasked, non-square, N = 15 = ROWS: GROUP 2
        KernelSpec.of(TestShapes.shape(Family.SWIN_V1, Window.of2d(3, 5), 40, 2), false));
  }

  @BeforeAll
  static void compile() {
    KernelGenerator g = new KernelGenerator(SMALL_GROUPS);
    compiled =
        CompiledKernels.compile(
            g.generate(PACKAGE, specs()).stream().filter(f -> !f.resource()).toList());
    pool = Executors.newFixedThreadPool(3);
  }

  @AfterAll
  static void shutdown() {
    pool.shutdownNow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void everyRangeAgreesWithTheReference(KernelSpec spec) {
    int group = new KernelGenerator(SMALL_GROUPS).plan(spec).tiling().groupWindows();
    assertTrue(group >= 2 && group <= 6, "GROUP " + group + " of " + spec.shape().describe());
    AttentionShape s = spec.shape();
    AttentionWeights w = Inputs.weights(s, 3);
    AttentionKernel k =
        compiled.kernel(
            PACKAGE + "." + KernelNaming.stem(s, spec.masked()) + KernelNaming.VECTOR, w);
    int n = s.tokens();
    int c = s.dim();
    int xOff = X_OFF;
    int outOff = OUT_OFF;
    float[] x = Inputs.uniform(new Random(17), xOff + WINDOWS * n * c, 2f);
    Mask mask = spec.masked() ? Mask.of(Inputs.mask(MASK_WINDOWS, n, 29), MASK_WINDOWS) : Mask.NONE;
    float[] expected = new float[outOff + WINDOWS * n * c];
    new ReferenceKernel(w).forward(x, xOff, expected, outOff, mask, 0, WINDOWS);

    // the whole batch first, so later partial groups find a full group's rows in the workspace
    float[] all = new float[expected.length];
    k.forward(x, xOff, all, outOff, mask, 0, WINDOWS);
    assertAgrees(all, 0f, expected, 0, WINDOWS, n, c, "[0, " + WINDOWS + ")");

    // every range [from, to): starts and ends inside groups, single windows, empty ranges
    for (int from = 0; from <= WINDOWS; from++) {
      for (int to = from; to <= WINDOWS; to++) {
        float[] out = new float[expected.length];
        Arrays.fill(out, Float.NaN);
        k.forward(x, xOff, out, outOff, mask, from, to);
        assertAgrees(out, Float.NaN, expected, from, to, n, c, "[" + from + ", " + to + ")");
      }
    }

    // forwardParallel: chunks of 13 windows in 2 and 3 parts end inside groups
    for (int parallelism : new int[] {2, 3, 5}) {
      Executor executor = pool;
      float[] out = new float[expected.length];
      k.forwardParallel(x, xOff, out, outOff, mask, WINDOWS, executor, parallelism);
      assertAgrees(out, 0f, expected, 0, WINDOWS, n, c, "forwardParallel x" + parallelism);
    }
  }

  /**
   * Windows {@code [from, to)} of {@code actual} agree with {@code expected}; every other value of
   * {@code actual} still holds {@code fill}, what the buffer held before the call.
   */
  private static void assertAgrees(
      float[] actual, float fill, float[] expected, int from, int to, int n, int c, String what) {
    int lo = OUT_OFF + from * n * c;
    int hi = OUT_OFF + to * n * c;
    assertNull(
        Tolerance.compare(
            Arrays.copyOfRange(actual, lo, hi),
            Arrays.copyOfRange(expected, lo, hi),
            ATOL,
            RTOL,
            n,
            c),
        what);
    for (int i = 0; i < actual.length; i++) {
      if (i < lo || i >= hi) {
        assertEquals(0, Float.compare(fill, actual[i]), what + ": wrote " + actual[i] + " at " + i);
      }
    }
  }
}
