package io.github.winattn.generator.plan;

import io.github.winattn.kernel.MlpKernel;
import io.github.winattn.kernel.MlpShape;
import io.github.winattn.shape.Family;
import java.util.List;

/**
 * Every decision for one generated MLP block kernel ({@link io.github.winattn.kernel.MlpKernel}):
 * the shape, the class name, the row tiles and register tiles, and the PyTorch steps in order.
 *
 * @param shape family, dim and hidden features
 * @param className simple name of the Vector API class
 * @param tileRows rows per tile of a call of more than {@code MlpKernel.SPLIT_ROWS} rows: every
 *     step of a tile runs while its rows are hot (a call of fewer rows is one tile, so that each
 *     weight panel is read once)
 * @param vectorsPerTile vectors of output columns per register tile (a packed weight panel is
 *     {@code vectorsPerTile * LANES} columns)
 * @param bigTileRows rows of the large register tile (used when the JVM's vectors have 16 lanes,
 *     AVX-512's 32 registers hold its accumulators)
 * @param smallTileRows rows of the small register tile; a tile's rows are rounded up to a multiple
 *     of it (the extra rows are workspace rows, never stored)
 * @param steps the PyTorch steps of the block after attention, each a comment above its code
 */
public record MlpPlan(
    MlpShape shape,
    String className,
    int tileRows,
    int vectorsPerTile,
    int bigTileRows,
    int smallTileRows,
    List<Step> steps) {

  /** One step of the plan and the official code it implements. */
  public record Step(Kind kind, String pytorch) {
    public Step {
      if (kind == null || pytorch == null || pytorch.isBlank()) {
        throw new IllegalArgumentException("step needs a kind and its PyTorch text");
      }
    }
  }

  /** What a step computes. */
  public enum Kind {
    /** The attention branch joins the residual stream (v2 normalises it first). */
    ATTENTION_RESIDUAL,
    /** The MLP's input rows: Swin v1's {@code norm2}, a copy for Swin v2. */
    MLP_INPUT,
    /** {@code fc1} with the GELU epilogue. */
    FC1_GELU,
    /** {@code fc2}. */
    FC2,
    /** The MLP branch joins the residual stream (v2 normalises it first). */
    MLP_RESIDUAL
  }

  public MlpPlan {
    if (shape == null || className == null || steps == null) {
      throw new IllegalArgumentException("MLP plan fields must not be null");
    }
    if (tileRows % bigTileRows != 0 || bigTileRows % smallTileRows != 0) {
      throw new IllegalArgumentException(
          "tile rows must nest: "
              + tileRows
              + " % "
              + bigTileRows
              + " and "
              + bigTileRows
              + " % "
              + smallTileRows);
    }
    steps = List.copyOf(steps);
  }

  /** Whether this is Swin v2's res-post-norm order. */
  public boolean postNorm() {
    return shape.family() == Family.SWIN_V2;
  }

  /** The PyTorch text of the step of {@code kind}. */
  public String step(Kind kind) {
    return steps.stream()
        .filter(s -> s.kind() == kind)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no step " + kind))
        .pytorch();
  }

  /** Every decision, one per line (the debug dump). */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append("MLP kernel ").append(className).append(": ").append(shape.describe()).append('\n');
    b.append("  tile: ").append(tileRows).append(" rows (calls of at most ");
    b.append(MlpKernel.SPLIT_ROWS).append(" rows: one tile),");
    b.append(" rounded up to ").append(smallTileRows);
    b.append('\n');
    b.append("  register tiles: ").append(bigTileRows).append(" rows (16 lanes) or ");
    b.append(smallTileRows).append(" rows x ").append(vectorsPerTile).append(" vectors\n");
    b.append("  LayerNorm: the runtime's LayerNorm.row (the generic layers' floats)\n");
    for (Step s : steps) {
      b.append("  ").append(s.kind()).append(": ").append(s.pytorch()).append('\n');
    }
    return b.toString();
  }
}
