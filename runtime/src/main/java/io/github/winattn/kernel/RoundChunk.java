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
    reinitialize();
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

  @Override
  protected boolean exec() {
    runClaimed();
    return true;
  }

  @Override
  public Void getRawResult() {
    return null;
  }

  @Override
  protected void setRawResult(Void value) {}
}
