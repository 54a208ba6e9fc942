package io.github.winattn.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The shared state of one round of {@link ParallelForward}, reused round after round by one calling
 * thread: the work, the chunks left to finish, the failures so far and the waiting caller.
 */
final class RoundState implements ForkJoinPool.ManagedBlocker {

  /**
   * Spins (up to about 0.2 ms of {@code onSpinWait}) before parking: the chunks of a round often
   * end within microseconds of each other, and a park and unpark cost tens of microseconds.
   */
  private static final int SPINS = Integer.getInteger("winattn.parallel.spins", 1 << 12);

  private final AtomicInteger left = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile Thread waiter;
  private volatile ParallelForward.Range work;
  private boolean interrupted;

  /** Arms a round of {@code chunks} chunks of {@code work} for the calling thread. */
  void start(int chunks, ParallelForward.Range work) {
    failure.set(null);
    this.work = work;
    waiter = Thread.currentThread();
    left.set(chunks);
  }

  /** After the round: no chunk is running, drop the references. */
  void finish() {
    work = null;
    waiter = null;
  }

  ParallelForward.Range work() {
    return work;
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

  /** One chunk is done (run, skipped or failed); the last one wakes the caller. */
  void done() {
    if (left.decrementAndGet() == 0) {
      Thread w = waiter;
      if (w != null) {
        LockSupport.unpark(w);
      }
    }
  }

  /** Waits for every chunk, uninterruptibly (the interrupt flag is restored), helping a pool. */
  void awaitAll() {
    for (int i = 0; i < SPINS && left.get() > 0; i++) {
      Thread.onSpinWait();
    }
    interrupted = false;
    while (left.get() > 0) {
      try {
        ForkJoinPool.managedBlock(this);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean block() {
    while (left.get() > 0) {
      LockSupport.park(this);
      if (Thread.interrupted()) {
        interrupted = true; // restored by awaitAll once every chunk is done
      }
    }
    return true;
  }

  @Override
  public boolean isReleasable() {
    return left.get() == 0;
  }

  void rethrow() {
    Throwable t = failure.getAndSet(null);
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
