package io.github.winattn.generator.emit;

/** What a register tile does to its accumulators before storing them. */
enum Epilogue {
  /** Store as is ({@code attn @ v}, folded-scale scores). */
  NONE(""),
  /** Add a bias vector per column ({@code nn.Linear}). */
  BIAS("Bias"),
  /** Multiply by a scalar (temporal scale, Swin v2 logit scale). */
  SCALE("Scaled");

  final String suffix;

  Epilogue(String suffix) {
    this.suffix = suffix;
  }
}
