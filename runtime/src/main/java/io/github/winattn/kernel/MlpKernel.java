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
}
