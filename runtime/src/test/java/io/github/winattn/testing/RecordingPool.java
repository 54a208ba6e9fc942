package io.github.winattn.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * A {@link ForkJoinPool} that knows its worker threads, so a test can count the bytes allocated by
 * the calling thread and every worker ({@code com.sun.management.ThreadMXBean}).
 */
public final class RecordingPool implements AutoCloseable {
  private final List<Thread> workers = new CopyOnWriteArrayList<>();
  private final ForkJoinPool pool;
  private final long[] ids;

  public RecordingPool(int parallelism) {
    pool =
        new ForkJoinPool(
            parallelism,
            p -> {
              ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
              workers.add(t);
              return t;
            },
            null,
            false);
    ids = new long[parallelism + 1];
  }

  public ForkJoinPool pool() {
    return pool;
  }

  /**
   * Bytes allocated by the calling thread and the workers during {@code call}, minus what reading
   * the counters allocates; warms up (runs {@code call} repeatedly) until two calls in a row
   * allocate nothing or {@code seconds} have passed (the Vector API allocates until C2 compiles).
   */
  public long bytesPerWarmCall(
      com.sun.management.ThreadMXBean counter, Runnable call, int seconds) {
    return ThreadAllocation.bytesPerWarmPair(() -> sum(counter), call, 20, seconds);
  }

  private long sum(com.sun.management.ThreadMXBean counter) {
    ids[0] = Thread.currentThread().getId();
    int n = 1;
    for (Thread t : workers) {
      if (n < ids.length) {
        ids[n++] = t.getId();
      }
    }
    long s = 0;
    for (int i = 0; i < n; i++) {
      long b = counter.getThreadAllocatedBytes(ids[i]);
      s += Math.max(0, b);
    }
    return s;
  }

  @Override
  public void close() {
    pool.shutdown();
  }
}
