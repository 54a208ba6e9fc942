package io.github.winattn.generator.plan;

import io.github.winattn.kernel.MlpShape;
import java.util.List;

/** Plans MLP block kernels: the decisions of {@link MlpPlan}, from the shape alone. */
public final class MlpPlanner {

  /**
   * Rows per workspace tile. Every tile streams all of fc1 and fc2 through the cache once, so more
   * rows per tile means fewer passes over the weights; a tile's hidden activations ({@code 128 *
   * hidden} floats, 0.8 MB at Swin-T stage 3) still stay in L2 between fc1 and fc2. Measured on one
   * Sapphire Rapids core (JDK 25, Swin-T at batch 1): stage 3's block (196 rows, 4.7 MB of weights)
   * took 4.1-4.3 ms with 32 rows and 3.5-3.6 ms with 128; stages 1, 2 and 4 changed within the
   * noise (README, "Generated block kernels").
   */
  static final int TILE_ROWS = 128;

  /**
   * Three vectors per register tile row: 8 rows x 3 accumulators + 3 weight vectors + 1 broadcast =
   * 28 of AVX-512's 32 vector registers; 4 rows use 16 (AVX2's register file).
   */
  static final int VECTORS = 3;

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
    return new MlpPlan(shape, className, TILE_ROWS, VECTORS, BIG_ROWS, SMALL_ROWS, steps);
  }

  private static MlpPlan.Step step(MlpPlan.Kind kind, String pytorch) {
    return new MlpPlan.Step(kind, pytorch);
  }
}
