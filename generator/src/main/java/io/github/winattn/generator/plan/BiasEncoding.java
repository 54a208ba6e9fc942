package io.github.winattn.generator.plan;

/** How the vector kernel adds the relative position bias inside the softmax row pass. */
public enum BiasEncoding {
  /** Expanded at bind time to a dense {@code (H, N, KEYS)} table; the hot loop does no gather. */
  DENSE,
  /**
   * A head-major {@code (H, rows)} table; each score row gathers its bias through the baked
   * per-token offsets into a row buffer (for shapes whose dense table exceeds the memory budget).
   */
  GATHER
}
