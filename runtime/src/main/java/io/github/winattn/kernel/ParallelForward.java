package io.github.winattn.kernel;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Splits a batch of windows into a few large contiguous chunks and runs them on an executor; when
 * the batch has fewer windows than the parallelism and the kernel can split a window ({@link
 * AttentionKernel#splitPhases()}), each window's work is split into parts instead, one round per
 * phase.
 *
 * <p>Guarantees, on every path (exceptions included):
 *
 * <ul>
 *   <li>every argument is checked for the whole batch before any chunk is submitted, so a bad call
 *       throws without writing anything and without leaving work behind;
 *   <li>{@code run} returns or throws only when no chunk is running and none can start later: a
 *       chunk the executor rejects (or has not started yet) is run by the calling thread; after a
 *       failure, chunks that have not started are skipped and running ones are waited for;
 *   <li>the first failure is rethrown, later ones are attached to it as suppressed exceptions;
 *   <li>a phase of a split window starts only when every part of the previous phase is done: each
 *       phase is its own round with these guarantees, never a barrier inside a task.
 * </ul>
 *
 * <p>Because the calling thread takes over chunks that the executor has not started, a saturated or
 * single-threaded executor (even the one the caller runs on) cannot deadlock the call.
 *
 * <p>A warm call allocates nothing: the chunks, the round's state and the split's shared scratch
 * are reused per calling thread ({@link Rounds}); a nested call on a thread whose state is in use
 * gets a fresh one.
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
   * executor has not started, then waits for the rest. With fewer windows than {@code parallelism}
   * and a kernel that splits windows, every window is split into {@link #splitParts} parts per
   * phase instead (bit-identical output).
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
    int parts = splitParts(windows, parallelism, kernel.splitPhases());
    if (chunks == 1 && parts == 1) {
      kernel.forward(x, xOffset, out, outOffset, mask, 0, windows);
      return;
    }
    Rounds rounds = Rounds.acquire();
    try {
      if (parts > 1) {
        rounds.split.bind(kernel, x, xOffset, out, outOffset, mask, windows, parts, rounds);
        rounds.runPhases(
            windows * parts, kernel.splitPhases(), executor, parallelism, rounds.split);
      } else {
        rounds.windows.bind(kernel, x, xOffset, out, outOffset, mask);
        rounds.round(windows, chunks, executor, rounds.windows);
      }
    } finally {
      rounds.split.clear();
      rounds.windows.clear();
      rounds.release();
    }
  }

  /**
   * Parts per window for a batch of {@code windows} at {@code parallelism}: 1 (no split) when the
   * windows alone fill the parallelism or the work has no phases, else {@code ceil(parallelism /
   * windows)}.
   */
  public static int splitParts(int windows, int parallelism, int phases) {
    if (phases <= 0 || windows <= 0 || windows >= parallelism) {
      return 1;
    }
    return (parallelism + windows - 1) / windows;
  }

  /** A contiguous range {@code [from, to)} of independent work items, e.g. windows. */
  @FunctionalInterface
  public interface Range {
    void run(int from, int to);
  }

  /** Work in phases: items {@code [from, to)} of {@code phase}; phases run one after another. */
  @FunctionalInterface
  public interface PhasedRange {
    void run(int phase, int from, int to);
  }

  /**
   * Runs {@code work} over items {@code [0, count)} in {@code min(parallelism, count)} contiguous
   * chunks with the same guarantees as {@link #run(AttentionKernel, float[], int, float[], int,
   * Mask, int, Executor, int)}; the caller checks its arguments before calling. Allocates nothing
   * when warm (a lambda that captures arguments is the caller's allocation).
   */
  public static void runRanges(int count, Executor executor, int parallelism, Range work) {
    checkRanges(count, executor, parallelism, work);
    int chunks = Math.max(1, Math.min(parallelism, count));
    if (chunks == 1) {
      work.run(0, count);
      return;
    }
    Rounds rounds = Rounds.acquire();
    try {
      rounds.round(count, chunks, executor, work);
    } finally {
      rounds.release();
    }
  }

  /**
   * Runs {@code phases} rounds of {@code work} over items {@code [0, count)}, phase {@code p} only
   * after every item of phase {@code p - 1} is done, each round with {@link #runRanges}'s
   * guarantees; a failure ends the call after its round, later phases do not start.
   */
  public static void runPhases(
      int count, int phases, Executor executor, int parallelism, PhasedRange work) {
    checkRanges(count, executor, parallelism, work);
    if (phases < 0) {
      throw new IllegalArgumentException("phases must be >= 0 (got " + phases + ")");
    }
    Rounds rounds = Rounds.acquire();
    try {
      rounds.runPhases(count, phases, executor, parallelism, work);
    } finally {
      rounds.release();
    }
  }

  private static void checkRanges(int count, Executor executor, int parallelism, Object work) {
    if (work == null || executor == null) {
      throw new IllegalArgumentException("work and executor must not be null");
    }
    if (parallelism < 1 || count < 0) {
      throw new IllegalArgumentException(
          "parallelism must be >= 1 and count >= 0 (got " + parallelism + ", " + count + ")");
    }
  }

  /** {@code kernel.forward} over a range of windows, its arguments reused between calls. */
  static final class WindowRange implements Range {
    private AttentionKernel kernel;
    private float[] x;
    private int xOffset;
    private float[] out;
    private int outOffset;
    private Mask mask;

    void bind(
        AttentionKernel kernel, float[] x, int xOffset, float[] out, int outOffset, Mask mask) {
      this.kernel = kernel;
      this.x = x;
      this.xOffset = xOffset;
      this.out = out;
      this.outOffset = outOffset;
      this.mask = mask;
    }

    /** Drops the references, so the thread's state keeps no caller array alive. */
    void clear() {
      bind(null, null, 0, null, 0, null);
    }

    @Override
    public void run(int from, int to) {
      kernel.forward(x, xOffset, out, outOffset, mask, from, to);
    }
  }

  /** Item {@code i} is part {@code i % parts} of window {@code i / parts}. */
  static final class SplitRange implements PhasedRange {
    private AttentionKernel kernel;
    private float[] x;
    private int xOffset;
    private float[] out;
    private int outOffset;
    private Mask mask;
    private int parts;
    private float[][] scratch;

    void bind(
        AttentionKernel kernel,
        float[] x,
        int xOffset,
        float[] out,
        int outOffset,
        Mask mask,
        int windows,
        int parts,
        Rounds rounds) {
      this.kernel = kernel;
      this.x = x;
      this.xOffset = xOffset;
      this.out = out;
      this.outOffset = outOffset;
      this.mask = mask;
      this.parts = parts;
      if (kernel != null) {
        this.scratch = rounds.scratch(windows, kernel.splitScratchSize());
      } else {
        this.scratch = null;
      }
    }

    void clear() {
      bind(null, null, 0, null, 0, null, 0, 1, null);
    }

    @Override
    public void run(int phase, int from, int to) {
      for (int i = from; i < to; i++) {
        int window = i / parts;
        kernel.forwardSplit(
            x,
            xOffset,
            out,
            outOffset,
            mask,
            window,
            phase,
            i - window * parts,
            parts,
            scratch[window]);
      }
    }
  }

  /**
   * The reusable state of one calling thread: its chunks, the round's counter and failure, the
   * split's shared scratch. Used by one call at a time ({@link #acquire}).
   */
  static final class Rounds {
    private static final ThreadLocal<Rounds> OWN = ThreadLocal.withInitial(Rounds::new);

    final WindowRange windows = new WindowRange();
    final SplitRange split = new SplitRange();
    final RoundState state = new RoundState();
    private final PhaseAdapter phase = new PhaseAdapter();
    private RoundChunk[] chunks = new RoundChunk[0];
    private float[][] scratch = new float[0][];
    private boolean busy;

    /** This thread's state, or a fresh one when it is in use (a nested call). */
    static Rounds acquire() {
      Rounds r = OWN.get();
      if (r.busy) {
        r = new Rounds();
      }
      r.busy = true;
      return r;
    }

    void release() {
      busy = false;
    }

    /** Scratch of at least {@code floats} floats for each of {@code windows} windows. */
    float[][] scratch(int windows, int floats) {
      scratch = SplitScratch.grow(scratch, windows, floats);
      return scratch;
    }

    void runPhases(int count, int phases, Executor executor, int parallelism, PhasedRange work) {
      int chunkCount = Math.max(1, Math.min(parallelism, count));
      try {
        for (int p = 0; p < phases; p++) {
          phase.bind(work, p);
          if (chunkCount == 1) {
            work.run(p, 0, count);
          } else {
            round(count, chunkCount, executor, phase);
          }
        }
      } finally {
        phase.bind(null, 0);
      }
    }

    /**
     * One round: {@code chunks} contiguous chunks of {@code [0, count)}, all but the last offered
     * to the executor; the caller runs the last, then every chunk not yet started, then waits.
     */
    void round(int count, int chunkCount, Executor executor, Range work) {
      if (chunks.length < chunkCount) {
        RoundChunk[] grown = java.util.Arrays.copyOf(chunks, chunkCount);
        for (int c = chunks.length; c < chunkCount; c++) {
          grown[c] = new RoundChunk(state);
        }
        chunks = grown;
      }
      state.start(chunkCount, work);
      for (int c = 0; c < chunkCount; c++) {
        int from = (int) ((long) count * c / chunkCount);
        int to = (int) ((long) count * (c + 1) / chunkCount);
        chunks[c].arm(from, to);
      }
      try {
        for (int c = 0; c < chunkCount - 1 && !state.failed(); c++) {
          try {
            executor.execute(chunks[c]);
          } catch (RuntimeException rejected) {
            // the caller runs this chunk below
          } catch (Error e) {
            state.fail(e); // the remaining chunks are skipped, the started ones waited for
          }
        }
        chunks[chunkCount - 1].runClaimed();
        for (int c = 0; c < chunkCount; c++) {
          chunks[c].runClaimed();
        }
        state.awaitAll();
      } finally {
        state.finish();
      }
      state.rethrow();
    }
  }

  /** A phase of a {@link PhasedRange} as a {@link Range}. */
  private static final class PhaseAdapter implements Range {
    private PhasedRange work;
    private int phase;

    void bind(PhasedRange work, int phase) {
      this.work = work;
      this.phase = phase;
    }

    @Override
    public void run(int from, int to) {
      work.run(phase, from, to);
    }
  }
}
