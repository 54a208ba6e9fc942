package io.github.winattn.kernel;

/**
 * Everything a Swin block computes after its attention, for rows of {@code (rows, C)} maps, bound
 * to one block's weights ({@link MlpWeights}):
 *
 * <ul>
 *   <li>Swin v1: {@code x = x + y; x = x + fc2(gelu(fc1(norm2(x))))}
 *   <li>Swin v2: {@code y = norm1(y)} (in place){@code ; x = x + y; x = x +
 *       norm2(fc2(gelu(fc1(x))))}
 * </ul>
 *
 * with {@code y} the attention output, LayerNorm with epsilon 1e-5 and exact (erf) GELU. The
 * generated implementations ({@link KernelCatalog#mlpEntries()}) are immutable after binding and
 * thread-safe; scratch comes from a per-thread workspace, so a warm call allocates nothing.
 */
public interface MlpKernel {

  /** The shape this kernel computes. */
  MlpShape shape();

  /**
   * Computes rows {@code [from, to)}: row {@code r} is {@code x[r*C ... (r+1)*C)}, updated in
   * place, and the same row of {@code y}. Disjoint ranges may run concurrently.
   */
  void rows(float[] x, float[] y, int from, int to);

  /** The most rows a call split by columns ({@link #splitColumns}) computes. */
  int SPLIT_ROWS = 256;

  /** Rounds of a call split by columns: fc1's panels, fc2's panels, then rows. */
  int SPLIT_PHASES = 3;

  /**
   * Units that phase {@code phase} of a split call divides among parts: fc1's output panels (phase
   * 0), fc2's output panels (1), rows (2, {@code rows}); 0 for every phase when this kernel does
   * not split by columns.
   */
  default int splitUnits(int phase, int rows) {
    return 0;
  }

  /** Floats of the scratch the parts of one split call over {@code rows} rows share. */
  default int splitScratchFloats(int rows) {
    throw new UnsupportedOperationException(getClass().getName() + " does not split by columns");
  }

  /**
   * Part {@code [from, to)} of phase {@code phase} of {@code rows(x, y, 0, rows)} split by columns,
   * for few rows and several threads: each part reads a share of the weights instead of all of them
   * for a share of the rows. Phase 0 computes fc1's output panels {@code [from, to)} (with GELU) of
   * all rows into {@code shared}, phase 1 fc2's panels {@code [from, to)} (Swin v1: added to those
   * columns of {@code x} with {@code y}), phase 2 rows {@code [from, to)} (Swin v2: the norms and
   * residual adds; v1: nothing). Every part of a phase must finish before the next phase starts;
   * the parts of one phase may run concurrently. The result is bit-identical to {@link #rows}.
   *
   * @throws IllegalArgumentException if {@code rows} exceeds {@link #SPLIT_ROWS}, the range is not
   *     within the phase's units or {@code shared} is too small
   * @throws UnsupportedOperationException if {@link #splitUnits} is 0
   */
  default void splitColumns(
      int phase, float[] x, float[] y, int rows, float[] shared, int from, int to) {
    throw new UnsupportedOperationException(getClass().getName() + " does not split by columns");
  }
}
