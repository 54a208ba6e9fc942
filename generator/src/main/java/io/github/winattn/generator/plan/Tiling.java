package io.github.winattn.generator.plan;

/**
 * The register tiling of every matrix product of the vector kernel: tiles of {@code rowsPerTile x
 * vectorsPerTile} accumulators.
 *
 * @param rowsPerTile MR, rows of A per tile (each broadcast once per k step)
 * @param vectorsPerTile NR, vectors of B columns per tile of the attention products (q @ k^T,
 *     attn @ v)
 * @param projectionVectorsPerTile PROJ_NR with the widest planned vectors: vectors of output
 *     columns per tile of the projections (qkv and proj), whose packed weight panels are {@code
 *     PROJ_NR * LANES} columns wide; a class on a machine with narrower vectors may take fewer (see
 *     {@code KernelPlanner.WIDE_PROJECTION_LANES})
 * @param paddedRows the token count rounded up to a multiple of MR (padding rows are zeros)
 * @param packedProjectionInput whether the projections read x and the merged heads from a copy
 *     interleaved by MR rows ({@code (ROWS / MR, DIM, MR)}), so each k step broadcasts MR
 *     consecutive floats
 * @param groupWindows GROUP, consecutive windows whose rows the projections process in one pass
 *     (each window in its own ROWS slot): every weight panel is streamed once per group
 */
public record Tiling(
    int rowsPerTile,
    int vectorsPerTile,
    int projectionVectorsPerTile,
    int paddedRows,
    boolean packedProjectionInput,
    int groupWindows) {

  public Tiling {
    if (rowsPerTile < 1 || rowsPerTile > 8) {
      throw new IllegalArgumentException("rowsPerTile must be in 1..8 (got " + rowsPerTile + ")");
    }
    if (vectorsPerTile < 1 || vectorsPerTile > 4) {
      throw new IllegalArgumentException(
          "vectorsPerTile must be in 1..4 (got " + vectorsPerTile + ")");
    }
    if (projectionVectorsPerTile < 1 || projectionVectorsPerTile > 4) {
      throw new IllegalArgumentException(
          "projectionVectorsPerTile must be in 1..4 (got " + projectionVectorsPerTile + ")");
    }
    if (paddedRows < rowsPerTile || paddedRows % rowsPerTile != 0) {
      throw new IllegalArgumentException(
          "paddedRows must be a positive multiple of " + rowsPerTile + " (got " + paddedRows + ")");
    }
    if (groupWindows < 1) {
      throw new IllegalArgumentException("groupWindows must be >= 1 (got " + groupWindows + ")");
    }
  }

  /** Rows of the projections' input and output buffers: GROUP windows of ROWS rows each. */
  public int groupRows() {
    return groupWindows * paddedRows;
  }

  /** Accumulator registers per tile of the attention products. */
  public int accumulators() {
    return rowsPerTile * vectorsPerTile;
  }

  /** Accumulator registers per tile of the projections. */
  public int projectionAccumulators() {
    return rowsPerTile * projectionVectorsPerTile;
  }
}
