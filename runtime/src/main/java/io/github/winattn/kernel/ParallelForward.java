package io.github.winattn.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Splits a batch of windows into a few large contiguous chunks and runs them on an executor.
 *
 * <p>Guarantees, on every path (exceptions included):
 *
 * <ul>
 *   <li>every argument is checked for the whole batch before any chunk is submitted, so a bad call
 *       throws without writing anything and without leaving work behind;
 *   <li>{@code run} returns or throws only when no chunk is running and none can start later: a
 *       chunk the executor rejects (or has not started yet) is run by the calling thread; after a
 *       failure, chunks that have not started are skipped and running ones are waited for;
 *   <li>the first failure is rethrown, later ones are attached to it as suppressed exceptions.
 * </ul>
 *
 * <p>Because the calling thread takes over chunks that the executor has not started, a saturated or
 * single-threaded executor (even the one the caller runs on) cannot deadlock the call.
 */
public final class ParallelForward {

  private ParallelForward() {}

  /** The common pool and its parallelism: the default for {@link #run}. */
  public static void run(
      AttentionKernel kernel,
      float[] x,
      int xOffset,
      float[] out,
      int outOffset,
      Mask mask,
      int windows) {
    run(
        kernel,
        x,
        xOffset,
        out,
        outOffset,
        mask,
        windows,
        ForkJoinPool.commonPool(),
        ForkJoinPool.getCommonPoolParallelism());
  }

  /**
   * Runs {@code kernel} over windows {@code [0, windows)} in {@code min(parallelism, windows)}
   * chunks of near-equal size; the calling thread runs the last chunk itself, then every chunk the
   * executor has not started, then waits for the rest.
   *
   * @throws IllegalArgumentException for a bad argument, before anything is submitted or written
   */
  public static void run(
      AttentionKernel kernel,
      float[] x,
      int xOffset,
      float[] out,
      int outOffset,
      Mask mask,
      int windows,
      Executor executor,
      int parallelism) {
    if (kernel == null || executor == null) {
      throw new IllegalArgumentException("kernel and executor must not be null");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1 (got " + parallelism + ")");
    }
    // An empty range at the end checks x, out and mask for the whole batch and writes nothing.
    kernel.forward(x, xOffset, out, outOffset, mask, windows, windows);
    int chunks = Math.max(1, Math.min(parallelism, windows));
    if (chunks == 1) {
      kernel.forward(x, xOffset, out, outOffset, mask, 0, windows);
      return;
    }
    runRanges(
        windows,
        executor,
        parallelism,
        (from, to) -> kernel.forward(x, xOffset, out, outOffset, mask, from, to));
  }

  /** A contiguous range {@code [from, to)} of independent work items, e.g. windows. */
  @FunctionalInterface
  public interface Range {
    void run(int from, int to);
  }

  /**
   * Runs {@code work} over items {@code [0, count)} in {@code min(parallelism, count)} contiguous
   * chunks with the same guarantees as {@link #run(AttentionKernel, float[], int, int, Mask,
   * float[], int, Executor, int)}; the caller checks its arguments before calling.
   */
  public static void runRanges(int count, Executor executor, int parallelism, Range work) {
    if (work == null || executor == null) {
      throw new IllegalArgumentException("work and executor must not be null");
    }
    if (parallelism < 1 || count < 0) {
      throw new IllegalArgumentException(
          "parallelism must be >= 1 and count >= 0 (got " + parallelism + ", " + count + ")");
    }
    int chunks = Math.max(1, Math.min(parallelism, count));
    if (chunks == 1) {
      work.run(0, count);
      return;
    }
    Batch batch = new Batch(chunks);
    Chunk[] all = new Chunk[chunks];
    for (int c = 0; c < chunks; c++) {
      int from = (int) ((long) count * c / chunks);
      int to = (int) ((long) count * (c + 1) / chunks);
      all[c] = new Chunk(batch, () -> work.run(from, to));
    }
    for (int c = 0; c < chunks - 1 && !batch.failed(); c++) {
      try {
        executor.execute(all[c]);
      } catch (RuntimeException rejected) {
        // the caller runs this chunk below
      }
    }
    all[chunks - 1].run();
    for (Chunk chunk : all) {
      chunk.run();
    }
    batch.awaitAll();
    batch.rethrow();
  }

  /** The shared state of one call: chunks left to finish and the failures so far. */
  private static final class Batch {
    private final CountDownLatch left;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Batch(int chunks) {
      left = new CountDownLatch(chunks);
    }

    boolean failed() {
      return failure.get() != null;
    }

    void fail(Throwable t) {
      if (!failure.compareAndSet(null, t)) {
        Throwable first = failure.get();
        synchronized (first) {
          first.addSuppressed(t);
        }
      }
    }

    void done() {
      left.countDown();
    }

    /** Waits for every chunk, uninterruptibly (the interrupt flag is restored), helping a pool. */
    void awaitAll() {
      boolean interrupted = false;
      while (left.getCount() > 0) {
        try {
          ForkJoinPool.managedBlock(
              new ForkJoinPool.ManagedBlocker() {
                @Override
                public boolean block() throws InterruptedException {
                  left.await();
                  return true;
                }

                @Override
                public boolean isReleasable() {
                  return left.getCount() == 0;
                }
              });
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    void rethrow() {
      Throwable t = failure.get();
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      if (t != null) {
        throw new IllegalStateException(t); // forward declares no checked exception
      }
    }
  }

  /**
   * One contiguous range of windows, run exactly once by whichever thread claims it first (a worker
   * or the caller); skipped when another chunk has already failed.
   */
  private static final class Chunk implements Runnable {
    private final Batch batch;
    private final Runnable work;
    private final AtomicBoolean claimed = new AtomicBoolean();

    Chunk(Batch batch, Runnable work) {
      this.batch = batch;
      this.work = work;
    }

    @Override
    public void run() {
      if (!claimed.compareAndSet(false, true)) {
        return;
      }
      try {
        if (!batch.failed()) {
          work.run();
        }
      } catch (Throwable t) {
        batch.fail(t);
      } finally {
        batch.done();
      }
    }
  }
}
