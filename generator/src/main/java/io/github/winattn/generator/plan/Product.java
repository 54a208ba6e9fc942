package io.github.winattn.generator.plan;

import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * One register-tiled matrix product routine of the vector kernel ({@code c = a @ b} plus an
 * epilogue) and the layout of its operands.
 *
 * @param epilogue what the tiles do before the store; one routine per epilogue
 * @param bRowStride the constant distance between rows of b in the product it serves (packed weight
 *     panels: {@code PANEL}; transposed keys: {@code KEYS}; v rows: {@code SRC_STRIDE}). A
 *     compile-time step lets C2 treat the b index as a linear function of k (about 10% faster
 *     projections than a stride parameter).
 * @param interleavedA whether a is interleaved by MR rows ({@code (ROWS / MR, depth, MR)}), so a k
 *     step broadcasts MR consecutive floats
 * @param wholePanels whether the column count is always a multiple of the tile's vectors (the
 *     projections, whose output strides are padded to whole panels), so no narrower remainder tile
 *     exists
 * @param tileVectors the constant holding the vectors per register tile of this product ({@code NR}
 *     for the attention products, {@code PROJ_NR} for the projections); its value must not depend
 *     on the vector width
 */
public record Product(
    Epilogue epilogue,
    Constant bRowStride,
    boolean interleavedA,
    boolean wholePanels,
    Constant tileVectors) {

  public Product {
    if (epilogue == null || bRowStride == null || tileVectors == null) {
      throw new IllegalArgumentException(
          "product needs an epilogue, the row stride of b and the vectors per tile");
    }
  }

  /**
   * Vectors per register tile with {@code lanes}-float vectors (the value of {@link
   * #tileVectors()}).
   */
  public int vectorsPerTile(int lanes) {
    return (int) tileVectors.eval(lanes);
  }

  /**
   * Every vectors-per-tile value a class may take, widest first: the tile widths to emit for
   * vectors of 1 to {@code maxLanes} floats (powers of two).
   */
  public List<Integer> tileWidths(int maxLanes) {
    TreeSet<Integer> widths = new TreeSet<>(Comparator.reverseOrder());
    for (int lanes = maxLanes; lanes >= 1; lanes /= 2) {
      widths.add(vectorsPerTile(lanes));
    }
    return List.copyOf(widths);
  }
}
