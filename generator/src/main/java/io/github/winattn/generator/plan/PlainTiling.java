package io.github.winattn.generator.plan;

/**
 * The blocking of the plain-Java variant's matrix products, shaped so that C2's auto-vectoriser
 * (SuperWord) takes the inner loop: every product is {@code acc_r[j] += a_r * w[j]} over separate
 * arrays at the same index, which C2 vectorises on JDK 17 (an offset between the stored and the
 * loaded array, as in {@code c[co + j] += a * b[bo + j]}, defeats it).
 *
 * <p>The linear layers run one output row at a time over its full width (long loops); the attention
 * products ({@code q @ k^T}, {@code attn @ v}), whose rows are short, use row tiles.
 *
 * @param rowsPerTile output rows of an attention product sharing each loaded row of B (one
 *     accumulator array per row)
 */
public record PlainTiling(int rowsPerTile) {

  public PlainTiling {
    if (rowsPerTile < 1 || rowsPerTile > 4) {
      throw new IllegalArgumentException("rowsPerTile must be in 1..4 (got " + rowsPerTile + ")");
    }
  }
}
