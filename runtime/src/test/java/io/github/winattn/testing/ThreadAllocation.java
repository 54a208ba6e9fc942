package io.github.winattn.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Heap bytes allocated during a call, from the JVM's per-thread allocation counter ({@code
 * com.sun.management.ThreadMXBean}), net of what reading the counter allocates.
 */
public final class ThreadAllocation {

  private ThreadAllocation() {}

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

  /** The per-thread allocation counter; skips the calling test where the JVM has none. */
  public static com.sun.management.ThreadMXBean counterOrSkip() {
    com.sun.management.ThreadMXBean c = counter();
    assumeTrue(c != null, "no per-thread allocation counter");
    return c;
  }

  /** Bytes the calling thread allocates during {@code call}. */
  public static long bytesOf(com.sun.management.ThreadMXBean counter, Runnable call) {
    long tid = Thread.currentThread().getId();
    return net(() -> counter.getThreadAllocatedBytes(tid), call);
  }

  /**
   * What {@code total} grows by during {@code call}, minus what reading it allocates (one more read
   * right after), never negative.
   */
  public static long net(LongSupplier total, Runnable call) {
    long before = total.getAsLong();
    call.run();
    long after = total.getAsLong();
    long calibrate = total.getAsLong() - after;
    return Math.max(0, after - before - calibrate);
  }

  /**
   * What {@code total} grows by during two calls in a row, after {@code warmCalls} calls; repeated
   * until a pair allocates nothing or {@code seconds} have passed (Vector API code allocates its
   * vectors until C2 has compiled it).
   */
  public static long bytesPerWarmPair(
      LongSupplier total, Runnable call, int warmCalls, int seconds) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    Runnable pair =
        () -> {
          call.run();
          call.run();
        };
    long allocated;
    do {
      for (int i = 0; i < warmCalls; i++) {
        call.run();
      }
      allocated = net(total, pair);
    } while (allocated != 0 && System.nanoTime() < deadline);
    return allocated;
  }

  /** {@link #bytesPerWarmPair} for the calling thread. */
  public static long bytesPerWarmPair(
      com.sun.management.ThreadMXBean counter, Runnable call, int warmCalls, int seconds) {
    long tid = Thread.currentThread().getId();
    return bytesPerWarmPair(() -> counter.getThreadAllocatedBytes(tid), call, warmCalls, seconds);
  }
}
