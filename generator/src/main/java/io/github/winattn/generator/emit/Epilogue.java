package io.github.winattn.generator.emit;

/** What a register tile does to its accumulators before storing them. */
enum Epilogue {
  /** Store as is ({@code attn @ v}, folded-scale scores). */
  NONE("", "KEYS"),
  /** Add a bias vector per column ({@code nn.Linear}). */
  BIAS("Bias", "PANEL"),
  /** Multiply by a scalar (temporal scale, Swin v2 logit scale). */
  SCALE("Scaled", "KEYS"),
  /** Multiply row r by {@code rowScale[r]} ({@code attn @ v} with the softmax's 1 / sum folded in). */
  ROW_SCALE("RowScaled", "SRC_STRIDE");

  final String suffix;

  /**
   * The constant row stride of B in the one product each epilogue serves (packed weight panels,
   * transposed keys, v rows of the qkv buffer): a compile-time step lets C2 treat the B index as a
   * linear function of k (about 10% faster projections than a stride parameter).
   */
  final String bStride;

  Epilogue(String suffix, String bStride) {
    this.suffix = suffix;
    this.bStride = bStride;
  }
}
