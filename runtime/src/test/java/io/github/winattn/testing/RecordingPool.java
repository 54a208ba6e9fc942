package io.github.winattn.testing;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.LongSupplier;

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

  /** The per-thread allocation counter, or null where the JVM has none. */
  public static com.sun.management.ThreadMXBean counter() {
    var bean = ManagementFactory.getThreadMXBean();
    if (bean instanceof com.sun.management.ThreadMXBean c
        && c.isThreadAllocatedMemorySupported()
        && c.isThreadAllocatedMemoryEnabled()) {
      return c;
    }
    return null;
  }

  /**
   * Bytes allocated by the calling thread and the workers during {@code call}, minus what reading
   * the counters allocates; warms up (runs {@code call} repeatedly) until two calls in a row
   * allocate nothing or {@code seconds} have passed (the Vector API allocates until C2 compiles).
   */
  public long bytesPerWarmCall(
      com.sun.management.ThreadMXBean counter, Runnable call, int seconds) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long allocated;
    do {
      for (int i = 0; i < 20; i++) {
        call.run();
      }
      LongSupplier total = () -> sum(counter);
      long before = total.getAsLong();
      call.run();
      call.run();
      long after = total.getAsLong();
      long calibrate = total.getAsLong() - after;
      allocated = Math.max(0, after - before - calibrate);
    } while (allocated != 0 && System.nanoTime() < deadline);
    return allocated;
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
