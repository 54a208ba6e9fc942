package io.github.winattn.benchmarks;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Java heap bytes the calling thread allocates inside the timed calls, reported by JMH as the
 * secondary metrics {@code allocatedBytes} and {@code calls} of each iteration. Unlike {@code -prof
 * gc}'s {@code gc.alloc.rate.norm}, which spreads JMH's own few kilobytes per iteration over the
 * calls (hundreds of bytes per call for a 50 ms call), this counts only the calls: {@code
 * allocatedBytes / calls} is exact for one thread. Worker threads and native memory (ONNX
 * Runtime's) are not counted.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class AllocationCounter {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Bytes allocated by the benchmark thread inside the calls of this iteration. */
  public long allocatedBytes;

  /** Calls of this iteration. */
  public long calls;

  /** Zeroes the counters at the start of each iteration. */
  @Setup(Level.Iteration)
  public void reset() {
    allocatedBytes = 0;
    calls = 0;
  }

  /** Bytes the current thread has allocated so far. */
  static long now() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /** Adds one call that started when the thread had allocated {@code before} bytes. */
  void add(long before) {
    allocatedBytes += now() - before;
    calls++;
  }
}
