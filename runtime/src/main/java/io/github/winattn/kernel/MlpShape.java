package io.github.winattn.kernel;

import io.github.winattn.shape.Family;

/**
 * The shape of the part of a Swin block after attention: the two residual additions, the MLP {@code
 * fc1 (dim -> hidden)}, exact GELU, {@code fc2 (hidden -> dim)} and the block's LayerNorms, in the
 * order of the family ({@link MlpKernel}).
 *
 * @param family {@link Family#SWIN_V1} (pre-norm) or {@link Family#SWIN_V2} (res-post-norm)
 * @param dim channels C of the block
 * @param hidden hidden features of the MLP ({@code mlp_ratio * C})
 */
public record MlpShape(Family family, int dim, int hidden) {

  public MlpShape {
    if (family != Family.SWIN_V1 && family != Family.SWIN_V2) {
      throw new IllegalArgumentException(
          "MLP block kernels exist for swin_v1 and swin_v2 (got " + family + ")");
    }
    if (dim < 1 || hidden < 1) {
      throw new IllegalArgumentException(
          "dim and hidden must be positive (got " + dim + ", " + hidden + ")");
    }
  }

  /** E.g. {@code swin_v1 MLP dim 96 hidden 384}. */
  public String describe() {
    return family.id() + " MLP dim " + dim + " hidden " + hidden;
  }

  /** Floating-point operations per token row (the two products; norms and GELU not counted). */
  public long flopsPerRow() {
    return 4L * dim * hidden;
  }
}
