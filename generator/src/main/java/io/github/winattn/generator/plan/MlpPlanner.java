package io.github.winattn.generator.plan;

import io.github.winattn.kernel.MlpShape;
import java.util.List;

/** Plans MLP block kernels: the decisions of {@link MlpPlan}, from the shape alone. */
public final class MlpPlanner {

  /**
   * Rows per workspace tile: the runtime's generic path uses the same 32 ({@code Scratch.TILE}), so
   * a tile's hidden activations ({@code 32 * hidden} floats) stay in L2 between fc1 and fc2.
   */
  static final int TILE_ROWS = 32;

  /**
   * Three vectors per register tile row: 8 rows x 3 accumulators + 3 weight vectors + 1 broadcast =
   * 28 of AVX-512's 32 vector registers; 4 rows use 16 (AVX2's register file).
   */
  static final int VECTORS = 3;

  /**
   * Partial sums per LayerNorm sum: a serial double sum of C terms is a chain of C dependent adds
   * (4 cycles each), about 800 cycles per row of 96 for mean and variance, a fifth of the row's FMA
   * time at Swin-T stage 1; four chains take a quarter of that.
   */
  static final int NORM_ACCUMULATORS = 4;

  static final int BIG_ROWS = 8;
  static final int SMALL_ROWS = 4;

  private MlpPlanner() {}

  /** The plan of {@code shape} with class name {@code className}. */
  public static MlpPlan plan(MlpShape shape, String className) {
    boolean v2 = shape.family() == io.github.winattn.shape.Family.SWIN_V2;
    List<MlpPlan.Step> steps =
        v2
            ? List.of(
                step(
                    MlpPlan.Kind.ATTENTION_RESIDUAL,
                    "x = shortcut + self.drop_path(self.norm1(x))"),
                step(MlpPlan.Kind.MLP_INPUT, "the MLP's input is x itself (res-post-norm)"),
                step(MlpPlan.Kind.FC1_GELU, "x = self.act(self.fc1(x))"),
                step(MlpPlan.Kind.FC2, "x = self.fc2(x)"),
                step(MlpPlan.Kind.MLP_RESIDUAL, "x = x + self.drop_path(self.norm2(self.mlp(x)))"))
            : List.of(
                step(MlpPlan.Kind.ATTENTION_RESIDUAL, "x = shortcut + self.drop_path(x)"),
                step(MlpPlan.Kind.MLP_INPUT, "self.norm2(x)"),
                step(MlpPlan.Kind.FC1_GELU, "x = self.act(self.fc1(x))"),
                step(MlpPlan.Kind.FC2, "x = self.fc2(x)"),
                step(MlpPlan.Kind.MLP_RESIDUAL, "x = x + self.drop_path(self.mlp(self.norm2(x)))"));
    return new MlpPlan(
        shape, className, TILE_ROWS, VECTORS, BIG_ROWS, SMALL_ROWS, NORM_ACCUMULATORS, steps);
  }

  private static MlpPlan.Step step(MlpPlan.Kind kind, String pytorch) {
    return new MlpPlan.Step(kind, pytorch);
  }
}
