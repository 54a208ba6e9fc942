package io.github.winattn.generator.emit;

/** What a register tile does to its accumulators before storing them. */
enum Epilogue {
  /** Store as is ({@code attn @ v}, folded-scale scores). */
  NONE(""),
  /** Add a bias vector per column ({@code nn.Linear}). */
  BIAS("Bias"),
  /** Multiply by a scalar (temporal scale, Swin v2 logit scale). */
  SCALE("Scaled"),
  /** Multiply row r by {@code rowScale[r]} ({@code attn @ v} with the softmax's 1 / sum folded in). */
  ROW_SCALE("RowScaled");

  final String suffix;

  Epilogue(String suffix) {
    this.suffix = suffix;
  }
}
