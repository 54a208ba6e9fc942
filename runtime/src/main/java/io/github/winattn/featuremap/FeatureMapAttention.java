package io.github.winattn.featuremap;

import io.github.winattn.kernel.ParallelForward;
import io.github.winattn.shape.AttentionShape;
import java.util.concurrent.Executor;

/**
 * Window attention over a batch of whole feature maps: {@code (B, H, W, C)} (Swin v1/v2), {@code
 * (B, D, H, W, C)} (Video Swin) or {@code (B, T, N, C)} (temporal), row-major, written in the same
 * layout. It computes what the official block computes between {@code norm1} and the residual: roll
 * by {@code -shift}, pad, {@code window_partition}, window attention with the SW-MSA mask, {@code
 * window_reverse}, roll back, crop. The steps are index arithmetic on loads and stores and the mask
 * is region ids; nothing of the size of the map is allocated.
 *
 * <p>Implementations are immutable and thread-safe; scratch memory is per thread.
 */
public interface FeatureMapAttention {

  /** The map geometry: clamped window and shift, padding, window grid. */
  FeatureMapGeometry geometry();

  /** The shape of the window kernel this attention runs. */
  AttentionShape shape();

  /** The implementation, e.g. {@code reference} or {@code generated-vector (gathered)}. */
  String implementation();

  /**
   * Computes windows {@code [fromWindow, toWindow)} of {@code images} maps, window {@code k} being
   * window {@code k % nW} of image {@code k / nW}. Image {@code b} of the input starts at {@code
   * xOffset + b * rowsPerImage * C}, of the output likewise; only the rows of those windows are
   * written (padding is cropped), so disjoint ranges may run concurrently. {@code out} must not
   * overlap {@code x}. Every argument is checked for the whole batch before anything is written.
   *
   * @throws IllegalArgumentException if an array is too short or the range is not in the batch
   */
  void forward(
      float[] x, int xOffset, float[] out, int outOffset, int images, int fromWindow, int toWindow);

  /** Computes whole maps on the calling thread. */
  default void forward(float[] x, int xOffset, float[] out, int outOffset, int images) {
    int total = windows(images);
    forward(x, xOffset, out, outOffset, images, 0, total);
  }

  /**
   * The number of windows of {@code images} maps, {@code images * nW}.
   *
   * @throws IllegalArgumentException if {@code images} is negative or the count exceeds an int
   */
  default int windows(int images) {
    long total = (long) images * geometry().windows();
    if (images < 0 || total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "images must be in 0.."
              + Integer.MAX_VALUE / geometry().windows()
              + " (got "
              + images
              + ")");
    }
    return (int) total;
  }

  /**
   * Computes whole maps in at most {@code parallelism} contiguous chunks of windows on {@code
   * executor} and the calling thread, with {@link ParallelForward}'s guarantees: arguments checked
   * before anything is submitted, return or throw only when every chunk is done.
   */
  default void forwardParallel(
      float[] x,
      int xOffset,
      float[] out,
      int outOffset,
      int images,
      Executor executor,
      int parallelism) {
    int total = windows(images);
    forward(x, xOffset, out, outOffset, images, total, total); // checks everything, writes nothing
    ParallelForward.runRanges(
        total,
        executor,
        parallelism,
        (from, to) -> forward(x, xOffset, out, outOffset, images, from, to));
  }
}
