package io.github.winattn.kernel;

/**
 * The one numerical liberty every kernel takes in the softmax: a score more than {@link
 * #FLUSH_BELOW} below its row's maximum gets the weight 0 instead of {@code exp(score - max)}.
 *
 * <p>Why: the SW-MSA mask adds -100, so PyTorch's weights for masked keys are about {@code e^-100 =
 * 3.7e-44}, a subnormal float. On many x86 processors (measured on an Intel Xeon with AVX-512)
 * every arithmetic operation with a subnormal operand or result takes a microcode assist: a masked
 * Video Swin 8x7x7 batch ran 18x slower with -100 in its mask than with -1e4. The JVM cannot set
 * the processor's flush-to-zero mode, so the kernels flush explicitly.
 *
 * <p>Effect on results: the dropped weights are below {@code e^-64 = 1.6e-28} of the row's largest
 * weight, 20 orders of magnitude under float32's resolution; NaN and infinities propagate exactly
 * as before (a NaN difference is not below the bound, so it stays NaN).
 */
public final class Softmax {

  /** Differences {@code score - rowMax} below this give the weight 0 (e^-64 = 1.6e-28). */
  public static final float FLUSH_BELOW = -64f;

  private Softmax() {}

  /** {@code exp(d)} for {@code d = score - rowMax}, or 0 when {@code d < FLUSH_BELOW}. */
  public static float weight(float d) {
    return d < FLUSH_BELOW ? 0f : (float) Math.exp(d);
  }
}
