package io.github.winattn.kernel;

import io.github.winattn.shape.AttentionShape;
import java.util.concurrent.Executor;

/**
 * A window attention kernel bound to its weights: {@code forward} computes, for each window of a
 * batch {@code x (B_, N, C)}, exactly what the official PyTorch module computes in eval mode.
 *
 * <p>Implementations are immutable after binding and safe to call from many threads at once;
 * scratch memory comes from a per-thread workspace, never from an allocation per call.
 */
public interface AttentionKernel {

  /** The shape this kernel computes. */
  AttentionShape shape();

  /** A short name of the implementation, e.g. {@code reference} or {@code generated-vector}. */
  String implementation();

  /**
   * Computes windows {@code [fromWindow, toWindow)} of a batch. Window {@code b} of the input
   * starts at {@code xOffset + b*N*C}, of the output at {@code outOffset + b*N*C}; it uses mask
   * window {@code b % mask.windows()} when a mask is present. Only those output windows are
   * written, so disjoint ranges may run concurrently.
   *
   * <p>Every argument is checked for windows {@code [0, toWindow)} before anything is written, also
   * for an empty range: {@code forward(x, xo, out, oo, mask, w, w)} checks a whole batch of {@code
   * w} windows and computes nothing ({@link ParallelForward} relies on this).
   *
   * @throws IllegalArgumentException if an array is too short or the mask does not fit the shape
   */
  void forward(
      float[] x, int xOffset, float[] out, int outOffset, Mask mask, int fromWindow, int toWindow);

  /** Computes all {@code windows} windows of a batch on the calling thread. */
  default void forward(float[] x, int xOffset, float[] out, int outOffset, Mask mask, int windows) {
    forward(x, xOffset, out, outOffset, mask, 0, windows);
  }

  /**
   * Computes all windows of a batch split into at most {@code parallelism} contiguous chunks run on
   * {@code executor} and the calling thread. Returns or throws only when all chunks are done, on
   * every path: arguments are checked before anything is submitted, a chunk the executor rejects or
   * has not started runs on the calling thread, and after a failure the call waits for the running
   * chunks before rethrowing (see {@link ParallelForward}). With fewer windows than {@code
   * parallelism} and a kernel that splits windows ({@link #splitPhases()}), each window is split
   * into parts instead, one round per phase, with the same result bit for bit.
   *
   * @throws IllegalArgumentException if an array is too short or the mask does not fit the shape
   */
  default void forwardParallel(
      float[] x,
      int xOffset,
      float[] out,
      int outOffset,
      Mask mask,
      int windows,
      Executor executor,
      int parallelism) {
    ParallelForward.run(this, x, xOffset, out, outOffset, mask, windows, executor, parallelism);
  }

  /**
   * The phases of this kernel's window split, or 0 when it cannot split a window across threads
   * (the default). A split runs phase after phase (e.g. qkv by output column panels, the heads by
   * head ranges, proj by output column panels), every part of a phase before the next phase, and
   * computes every output element by the same operations as {@code forward}: the result is
   * bit-identical.
   */
  default int splitPhases() {
    return 0;
  }

  /** Floats of scratch one split window needs, shared by its parts (0 without a split). */
  default int splitScratchSize() {
    return 0;
  }

  /**
   * Part {@code part} of {@code parts} of phase {@code phase} of window {@code window} (addressed
   * as in {@link #forward(float[], int, float[], int, Mask, int, int)}); the window's shared state
   * between phases lives in {@code scratch}, at least {@link #splitScratchSize()} floats of this
   * window alone, the same array for every part and phase of the window. Parts of one phase may run
   * concurrently; phase {@code p + 1} of a window must start only after every part of phase {@code
   * p} has returned.
   *
   * <p>Only array bounds are checked here (by the JVM): the caller checks the whole batch once with
   * an empty {@code forward} range, as {@link ParallelForward} does.
   *
   * @throws UnsupportedOperationException if {@link #splitPhases()} is 0
   */
  default void forwardSplit(
      float[] x,
      int xOffset,
      float[] out,
      int outOffset,
      Mask mask,
      int window,
      int phase,
      int part,
      int parts,
      float[] scratch) {
    throw new UnsupportedOperationException(implementation() + " does not split windows");
  }
}
