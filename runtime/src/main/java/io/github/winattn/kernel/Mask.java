package io.github.winattn.kernel;

/**
 * An optional shifted-window attention mask {@code (nW, N, N)}, row-major from {@code offset}.
 * Batch window {@code b} uses mask window {@code b % windows} (images outer, windows inner), the
 * same for every head. {@link #NONE} means no mask.
 *
 * @param values the mask values (0 or -100 in Swin, but any finite value is added as is)
 * @param offset index of element {@code [0, 0, 0]}
 * @param windows nW, the number of mask windows; 0 for {@link #NONE}
 */
public record Mask(float[] values, int offset, int windows) {

  /** No mask. */
  public static final Mask NONE = new Mask(new float[0], 0, 0);

  public Mask {
    if (values == null) {
      throw new IllegalArgumentException("values == null");
    }
    if (offset < 0 || windows < 0) {
      throw new IllegalArgumentException(
          "mask offset and windows must be >= 0 (got " + offset + ", " + windows + ")");
    }
  }

  /** A mask of {@code windows} windows starting at element 0. */
  public static Mask of(float[] values, int windows) {
    return new Mask(values, 0, windows);
  }

  public boolean isPresent() {
    return windows > 0;
  }
}
