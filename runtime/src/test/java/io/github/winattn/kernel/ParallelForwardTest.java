package io.github.winattn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link AttentionKernel#forwardParallel} returns only when no chunk is running, on every path: bad
 * arguments, rejecting or idle executors, and a chunk that fails while others run.
 */
class ParallelForwardTest {

  private static final AttentionShape SHAPE =
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 2), 4, 1).build();
  private static final int SIZE = 4 * 4;

  /** out[i] = 2 x[i] + 1 per window, with the real argument checks; counts computed windows. */
  private static class DoublingKernel implements AttentionKernel {
    final AtomicInteger windowsComputed = new AtomicInteger();

    @Override
    public AttentionShape shape() {
      return SHAPE;
    }

    @Override
    public String implementation() {
      return "doubling";
    }

    @Override
    public void forward(float[] x, int xo, float[] out, int oo, Mask mask, int from, int to) {
      KernelArguments.check(SHAPE, x, xo, out, oo, mask, from, to, true);
      for (int b = from; b < to; b++) {
        chunkHook(from, to);
        for (int i = 0; i < SIZE; i++) {
          out[oo + b * SIZE + i] = 2 * x[xo + b * SIZE + i] + 1;
        }
        windowsComputed.incrementAndGet();
      }
    }

    void chunkHook(int from, int to) {}
  }

  /** Keeps submitted tasks without running them, for the test to run later. */
  private static final class DeferringExecutor implements java.util.concurrent.Executor {
    final List<Runnable> tasks = new ArrayList<>();
    final int accept;

    DeferringExecutor(int accept) {
      this.accept = accept;
    }

    @Override
    public synchronized void execute(Runnable r) {
      if (tasks.size() >= accept) {
        throw new RejectedExecutionException("full");
      }
      tasks.add(r);
    }

    void runAll() {
      tasks.forEach(Runnable::run);
    }
  }

  private static float[] input(int windows) {
    float[] x = new float[windows * SIZE];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 7 - 3;
    }
    return x;
  }

  private static float[] expected(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 2 * x[i] + 1;
    }
    return y;
  }

  @Test
  void aShortOutputFailsBeforeAnyChunkIsSubmitted() {
    DoublingKernel k = new DoublingKernel();
    DeferringExecutor executor = new DeferringExecutor(Integer.MAX_VALUE);
    float[] x = input(8);
    float[] out = new float[x.length - 1];
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> k.forwardParallel(x, 0, out, 0, Mask.NONE, 8, executor, 4));
    assertEquals(
        "out: expected (8, 4, 4) = 128 values from offset 0, array has 127", e.getMessage());
    assertEquals(0, executor.tasks.size(), "chunks submitted before the arguments were checked");
    executor.runAll();
    assertArrayEquals(new float[out.length], out, "a chunk wrote after the call threw");
    assertEquals(0, k.windowsComputed.get());
  }

  @Test
  void aBadMaskAndANegativeCountFailBeforeAnyChunkIsSubmitted() {
    DoublingKernel k = new DoublingKernel();
    DeferringExecutor executor = new DeferringExecutor(Integer.MAX_VALUE);
    float[] x = input(8);
    float[] out = new float[x.length];
    assertThrows(
        IllegalArgumentException.class,
        () -> k.forwardParallel(x, 0, out, 0, Mask.of(new float[15], 1), 8, executor, 4));
    assertThrows(
        IllegalArgumentException.class,
        () -> k.forwardParallel(x, 0, out, 0, Mask.NONE, -1, executor, 4));
    assertEquals(0, executor.tasks.size());
  }

  @Test
  void rejectedChunksRunOnTheCaller() {
    DoublingKernel k = new DoublingKernel();
    float[] x = input(9);
    float[] out = new float[x.length];
    k.forwardParallel(
        x,
        0,
        out,
        0,
        Mask.NONE,
        9,
        r -> {
          throw new RejectedExecutionException("shut down");
        },
        3);
    assertArrayEquals(expected(x), out);
    assertEquals(9, k.windowsComputed.get());
  }

  @Test
  void chunksTheExecutorHasNotStartedRunOnTheCallerAndNeverTwice() {
    DoublingKernel k = new DoublingKernel();
    DeferringExecutor executor = new DeferringExecutor(1); // accepts one chunk, rejects the next
    float[] x = input(9);
    float[] out = new float[x.length];
    k.forwardParallel(x, 0, out, 0, Mask.NONE, 9, executor, 3);
    assertArrayEquals(expected(x), out);
    assertEquals(9, k.windowsComputed.get(), "returned before every window was computed");
    executor.runAll(); // the executor finally runs the chunk the caller already took over
    assertEquals(9, k.windowsComputed.get(), "a chunk ran twice");
  }

  @Test
  void aFailingChunkIsRethrownOnlyAfterTheRunningChunksFinish() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    CountDownLatch workersStarted = new CountDownLatch(3);
    RuntimeException boom = new IllegalStateException("boom");
    DoublingKernel k =
        new DoublingKernel() {
          @Override
          public void forward(float[] x, int xo, float[] out, int oo, Mask mask, int from, int to) {
            if (from == to) {
              return;
            }
            if (to == 8) { // the caller's chunk: fail once every worker chunk is running
              await(workersStarted);
              throw boom;
            }
            running.incrementAndGet();
            workersStarted.countDown();
            sleep(150);
            super.forward(x, xo, out, oo, mask, from, to);
            running.decrementAndGet();
            finished.incrementAndGet();
          }
        };
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      float[] x = input(8);
      float[] out = new float[x.length];
      var e =
          assertThrows(
              IllegalStateException.class,
              () -> k.forwardParallel(x, 0, out, 0, Mask.NONE, 8, pool, 4));
      assertSame(boom, e);
      assertEquals(0, running.get(), "chunks still running when the exception reached the caller");
      assertEquals(3, finished.get());
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void afterAFailureChunksThatHaveNotStartedAreSkipped() {
    RuntimeException first = new IllegalStateException("first");
    DoublingKernel k =
        new DoublingKernel() {
          @Override
          public void forward(float[] x, int xo, float[] out, int oo, Mask mask, int from, int to) {
            if (from != to) {
              throw from == 6 ? first : new IllegalStateException("never");
            }
          }
        };
    DeferringExecutor executor = new DeferringExecutor(Integer.MAX_VALUE);
    float[] x = input(8);
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> k.forwardParallel(x, 0, new float[x.length], 0, Mask.NONE, 8, executor, 4));
    assertSame(first, e);
    assertEquals(0, e.getSuppressed().length, "a chunk ran after the first failure");
  }

  @Test
  void anInterruptedCallerStillWaitsForRunningChunksAndKeepsItsInterruptFlag() throws Exception {
    CountDownLatch workerStarted = new CountDownLatch(1);
    CountDownLatch releaseWorker = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger finishedWhenCallReturned = new AtomicInteger(-1);
    AtomicInteger interruptedAfterReturn = new AtomicInteger(-1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    // execute() returns once the worker has claimed and started chunk 0, so the caller cannot
    // take it over: it runs chunk 1, then has nothing left but to wait.
    Executor startedOnWorker =
        r -> {
          pool.execute(r);
          await(workerStarted);
        };
    Thread caller =
        new Thread(
            () -> {
              ParallelForward.runRanges(
                  2,
                  startedOnWorker,
                  2,
                  (from, to) -> {
                    if (from == 0) { // the worker's chunk: blocks until the test releases it
                      workerStarted.countDown();
                      awaitUninterruptibly(releaseWorker);
                    }
                    finished.incrementAndGet();
                  });
              finishedWhenCallReturned.set(finished.get());
              interruptedAfterReturn.set(Thread.currentThread().isInterrupted() ? 1 : 0);
            });
    try {
      caller.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (caller.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
        Thread.onSpinWait(); // the caller has run its own chunk and now waits for the worker
      }
      assertEquals(Thread.State.WAITING, caller.getState());
      caller.interrupt();
      caller.join(200);
      assertTrue(caller.isAlive(), "the interrupt made the call return while a chunk was running");
      releaseWorker.countDown();
      caller.join(10_000);
      assertEquals(2, finishedWhenCallReturned.get(), "returned before every chunk finished");
      assertEquals(1, interruptedAfterReturn.get(), "the caller's interrupt flag was lost");
    } finally {
      releaseWorker.countDown();
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean done = false;
    while (!done) {
      try {
        done = latch.await(10, TimeUnit.SECONDS);
        if (!done) {
          throw new AssertionError("the test never released the worker");
        }
      } catch (InterruptedException e) {
        // keep waiting: only the test's latch ends this chunk
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
