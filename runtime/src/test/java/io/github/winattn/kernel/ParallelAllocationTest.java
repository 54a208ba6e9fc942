package io.github.winattn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.testing.RecordingPool;
import io.github.winattn.testing.ThreadAllocation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link ParallelForward} at two threads: a warm call allocates nothing on the caller or the
 * workers (window chunks, split windows, a reused range), and concurrent callers on one kernel and
 * one pool each get their own exact result.
 */
class ParallelAllocationTest {

  private static final AttentionShape SHAPE =
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 2), 4, 2).build();
  private static final int SIZE = 4 * 4;

  /**
   * out = 3 x + window index, computed unsplit or in 2 phases: phase 0 writes x + b into the
   * window's scratch (columns of this part), phase 1 writes 2 x + scratch into out.
   */
  static final class SplittingKernel implements AttentionKernel {
    @Override
    public AttentionShape shape() {
      return SHAPE;
    }

    @Override
    public String implementation() {
      return "splitting";
    }

    @Override
    public void forward(float[] x, int xo, float[] out, int oo, Mask mask, int from, int to) {
      KernelArguments.check(SHAPE, x, xo, out, oo, mask, from, to, true);
      for (int b = from; b < to; b++) {
        for (int i = 0; i < SIZE; i++) {
          out[oo + b * SIZE + i] = 3 * x[xo + b * SIZE + i] + b;
        }
      }
    }

    @Override
    public int splitPhases() {
      return 2;
    }

    @Override
    public int splitScratchSize() {
      return SIZE;
    }

    @Override
    public void forwardSplit(
        float[] x,
        int xo,
        float[] out,
        int oo,
        Mask mask,
        int b,
        int phase,
        int part,
        int parts,
        float[] scratch) {
      for (int i = SIZE * part / parts; i < SIZE * (part + 1) / parts; i++) {
        // phase 1 reads the scratch of the whole window: every part of phase 0 must be done
        int j = SIZE - 1 - i;
        if (phase == 0) {
          scratch[i] = x[xo + b * SIZE + i] + b;
        } else {
          out[oo + b * SIZE + j] = 2 * x[xo + b * SIZE + j] + scratch[j];
        }
      }
    }
  }

  private static float[] input(int windows, int seed) {
    float[] x = new float[windows * SIZE];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i * 7 + seed) % 11 - 5;
    }
    return x;
  }

  private static float[] expected(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 3 * x[i] + i / SIZE;
    }
    return y;
  }

  @Test
  void warmCallsAtTwoThreadsAllocateNothing() {
    var counter = ThreadAllocation.counterOrSkip();
    SplittingKernel k = new SplittingKernel();
    try (RecordingPool p = new RecordingPool(2)) {
      ForkJoinPool pool = p.pool();
      for (int windows : new int[] {8, 1}) { // window chunks, then a split window
        float[] x = input(windows, 1);
        float[] out = new float[x.length];
        long bytes =
            p.bytesPerWarmCall(
                counter, () -> k.forwardParallel(x, 0, out, 0, Mask.NONE, windows, pool, 2), 20);
        assertEquals(0, bytes, windows + " window(s) at 2 threads: bytes per call");
        assertArrayEquals(expected(x), out);
      }
      float[] sums = new float[64];
      ParallelForward.Range range = (from, to) -> sums[from] += to - from;
      long bytes =
          p.bytesPerWarmCall(counter, () -> ParallelForward.runRanges(64, pool, 2, range), 20);
      assertEquals(0, bytes, "runRanges with a reused range at 2 threads: bytes per call");
    }
  }

  @Test
  void concurrentCallersOnOneKernelAndPoolGetTheirOwnResults() throws Exception {
    SplittingKernel k = new SplittingKernel();
    ExecutorService callers = Executors.newFixedThreadPool(3);
    try (RecordingPool p = new RecordingPool(2)) {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        int seed = c;
        done.add(
            callers.submit(
                () -> {
                  for (int round = 0; round < 300; round++) {
                    int windows = round % 3; // 0, 1 (split) and 2 windows
                    float[] x = input(Math.max(windows, 1), seed + round);
                    float[] out = new float[x.length];
                    k.forwardParallel(x, 0, out, 0, Mask.NONE, windows, p.pool(), 2 + seed);
                    float[] want = expected(x);
                    if (windows == 0) {
                      want = new float[x.length];
                    }
                    assertArrayEquals(want, out, "caller " + seed + " round " + round);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      callers.shutdown();
    }
  }

  @Test
  void aNestedCallOnTheSameThreadGetsItsOwnState() {
    SplittingKernel k = new SplittingKernel();
    float[] x = input(4, 3);
    float[] out = new float[x.length];
    float[] inner = input(1, 4);
    float[] innerOut = new float[inner.length];
    // every chunk runs on the caller (the executor rejects), and each one makes a nested call
    ParallelForward.runRanges(
        4,
        r -> {
          throw new java.util.concurrent.RejectedExecutionException("full");
        },
        4,
        (from, to) -> {
          k.forwardParallel(inner, 0, innerOut, 0, Mask.NONE, 1, ForkJoinPool.commonPool(), 2);
          k.forward(x, 0, out, 0, Mask.NONE, from, to);
        });
    assertArrayEquals(expected(x), out);
    assertArrayEquals(expected(inner), innerOut);
  }
}
