package io.github.winattn.generator.plan;

/** The PyTorch steps a kernel implements, in order; each plan gives the exact line it mirrors. */
public enum StepKind {
  QKV_PROJECTION,
  HEAD_SPLIT,
  NORMALIZE,
  SCORES,
  BIAS,
  MASK,
  SOFTMAX,
  ATTN_TIMES_V,
  OUTPUT_PROJECTION
}
