package io.github.winattn.generator.plan;

/** Where the factor of {@code q @ k^T} is applied. */
public enum ScoreScaling {
  /** Swin v1 / Video Swin {@code q = q * scale}: folded into the packed q weights and bias. */
  FOLDED_INTO_Q,
  /** Temporal {@code (q @ k^T) * scale}: applied to the scores tile before it is stored. */
  AFTER_PRODUCT,
  /**
   * Swin v2: q and k rows L2-normalised, scores times {@code exp(min(logit_scale[h], log 100))}.
   */
  COSINE
}
