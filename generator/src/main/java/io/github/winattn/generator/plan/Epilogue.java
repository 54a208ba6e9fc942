package io.github.winattn.generator.plan;

/** What a register tile of the vector kernel does to its accumulators before storing them. */
public enum Epilogue {
  /** Store as is (scores with the scale folded into q). */
  NONE,
  /** Add a bias vector per column ({@code nn.Linear}). */
  BIAS,
  /** Multiply by a scalar (temporal scale, Swin v2 logit scale). */
  SCALE,
  /**
   * Multiply row r by {@code rowScale[r]} ({@code attn @ v} with the softmax's 1 / sum folded in).
   */
  ROW_SCALE
}
