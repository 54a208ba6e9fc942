package io.github.winattn.generator.plan;

/**
 * The blocking of the plain-Java variant's matrix products, shaped so that C2's auto-vectoriser
 * (SuperWord) takes the inner loop: every product is {@code acc_r[j] += a_r * w[j]} over separate
 * arrays at the same index, which C2 vectorises on JDK 17 (an offset between the stored and the
 * loaded array, as in {@code c[co + j] += a * b[bo + j]}, defeats it).
 *
 * @param rowsPerTile output rows sharing each loaded weight row (one accumulator array per row)
 * @param panelColumns output columns per weight panel of the linear layers: one panel of
 *     {@code DIM x panelColumns} weights is reused by every row tile while it is in cache
 */
public record PlainTiling(int rowsPerTile, int panelColumns) {

  public PlainTiling {
    if (rowsPerTile != 4) {
      throw new IllegalArgumentException("rowsPerTile must be 4, the emitted tile (got " + rowsPerTile + ")");
    }
    if (panelColumns < 8 || panelColumns % 8 != 0) {
      throw new IllegalArgumentException(
          "panelColumns must be a positive multiple of 8 (got " + panelColumns + ")");
    }
  }
}
