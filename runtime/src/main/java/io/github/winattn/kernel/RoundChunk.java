package io.github.winattn.kernel;

import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One contiguous range of a round, run exactly once per round by whichever thread claims it first
 * (a worker or the caller); skipped when another chunk of the round has already failed.
 *
 * <p>Reused round after round by one calling thread. A {@link ForkJoinTask}, so a {@link
 * java.util.concurrent.ForkJoinPool} takes it without wrapping it (no allocation per call); any
 * other executor runs it as a {@link Runnable}. An executor may still hold it from an earlier round
 * (the caller took it over): when that copy runs it finds the chunk claimed and returns, or, if a
 * later round has armed it again, claims and runs that round's range (the range and the work are
 * read after the claim).
 *
 * <p>As a {@code ForkJoinTask} it never completes ({@link #exec} returns false): a pool runs a task
 * only while it is not done, and a task that completed could be marked done after the next round
 * armed it again (the worker sets the status after {@code exec} returns, by which time the round's
 * last {@link RoundState#done} has let the caller start the next round). The pool then skipped the
 * chunk and the caller ran it itself, one round in three on Swin-T batch 1 at two threads: 20% of
 * the time.
 */
final class RoundChunk extends ForkJoinTask<Void> implements Runnable {
  private static final long serialVersionUID = 1L;

  private final transient RoundState state;
  private final AtomicBoolean claimed = new AtomicBoolean(true);
  private int from;
  private int to;

  RoundChunk(RoundState state) {
    this.state = state;
  }

  /** Sets the range and makes the chunk claimable; called between rounds only. */
  void arm(int from, int to) {
    this.from = from;
    this.to = to;
    claimed.set(false); // publishes the range to the thread that claims it
  }

  /** Runs the range unless another thread has claimed it. */
  void runClaimed() {
    if (!claimed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (!state.failed()) {
        state.work().run(from, to);
      }
    } catch (Throwable t) {
      state.fail(t);
    } finally {
      state.done();
    }
  }

  @Override
  public void run() {
    runClaimed();
  }

  /** Runs the range unless claimed; never completes the task, so the pool runs every submission. */
  @Override
  protected boolean exec() {
    runClaimed();
    return false;
  }

  @Override
  public Void getRawResult() {
    return null;
  }

  @Override
  protected void setRawResult(Void value) {}
}
