package io.github.winattn.kernel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/** Splits a batch of windows into a few large contiguous chunks and runs them on an executor. */
public final class ParallelForward {

  private ParallelForward() {}

  /** The common pool and its parallelism: the default for {@link #run}. */
  public static void run(
      AttentionKernel kernel, float[] x, int xOffset, int windows, Mask mask, float[] out, int outOffset) {
    run(kernel, x, xOffset, windows, mask, out, outOffset, ForkJoinPool.commonPool(),
        ForkJoinPool.getCommonPoolParallelism());
  }

  /**
   * Runs {@code kernel} over windows {@code [0, windows)} in {@code min(parallelism, windows)}
   * chunks of near-equal size; the calling thread runs the last chunk itself.
   */
  public static void run(
      AttentionKernel kernel,
      float[] x,
      int xOffset,
      int windows,
      Mask mask,
      float[] out,
      int outOffset,
      Executor executor,
      int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1 (got " + parallelism + ")");
    }
    int chunks = Math.max(1, Math.min(parallelism, windows));
    if (chunks == 1) {
      kernel.forward(x, xOffset, out, outOffset, mask, 0, windows);
      return;
    }
    CompletableFuture<?>[] futures = new CompletableFuture<?>[chunks - 1];
    for (int c = 0; c < chunks - 1; c++) {
      int from = (int) ((long) windows * c / chunks);
      int to = (int) ((long) windows * (c + 1) / chunks);
      futures[c] = CompletableFuture.runAsync(
          () -> kernel.forward(x, xOffset, out, outOffset, mask, from, to), executor);
    }
    int lastFrom = (int) ((long) windows * (chunks - 1) / chunks);
    kernel.forward(x, xOffset, out, outOffset, mask, lastFrom, windows);
    try {
      CompletableFuture.allOf(futures).join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
