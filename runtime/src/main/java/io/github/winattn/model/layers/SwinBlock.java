package io.github.winattn.model.layers;

import io.github.winattn.featuremap.FeatureMapAttention;
import io.github.winattn.kernel.MlpKernel;
import io.github.winattn.kernel.MlpShape;
import io.github.winattn.shape.Family;
import java.util.Optional;

/**
 * {@code SwinTransformerBlock} in {@code eval()} on {@code (B, H * W, C)} maps, in two or three
 * steps the model runs over the whole batch (each step parallel over its own unit):
 *
 * <ul>
 *   <li>Swin v1 (pre-norm): {@link #preNormRows} {@code n = norm1(x)}; {@link #attention} {@code y
 *       = attn(n)} (shift, windows, reverse, roll back); {@link #mlpRows} {@code x = x + y; x = x +
 *       fc2(gelu(fc1(norm2(x))))}.
 *   <li>Swin v2 (res-post-norm): {@link #attention} {@code y = attn(x)}; {@link #mlpRows} {@code x
 *       = x + norm1(y); x = x + norm2(fc2(gelu(fc1(x))))}.
 * </ul>
 *
 * The MLP runs a tile of {@link Scratch#TILE} rows at a time through {@code fc1} with the GELU
 * epilogue and {@code fc2} with the residual add (v1) fused, so its hidden activations never leave
 * the thread's scratch. When the block was built with a generated {@link MlpKernel} of its shape,
 * {@link #mlpRows} runs that kernel instead (the same steps with compile-time dims).
 */
public final class SwinBlock {

  private final Family family;
  private final int dim;
  private final LayerNorm norm1;
  private final FeatureMapAttention attention;
  private final LayerNorm norm2;
  private final MatMul fc1;
  private final MatMul fc2;
  private final MlpKernel generated; // null: the generic layers above

  public SwinBlock(
      Family family,
      LayerNorm norm1,
      FeatureMapAttention attention,
      LayerNorm norm2,
      MatMul fc1,
      MatMul fc2) {
    this(family, norm1, attention, norm2, fc1, fc2, Optional.empty());
  }

  /**
   * A block whose steps after attention run {@code generated} when present.
   *
   * @throws IllegalArgumentException if the generated kernel's shape is not the block's
   */
  public SwinBlock(
      Family family,
      LayerNorm norm1,
      FeatureMapAttention attention,
      LayerNorm norm2,
      MatMul fc1,
      MatMul fc2,
      Optional<MlpKernel> generated) {
    this.family = family;
    this.dim = norm1.dim();
    if (norm2.dim() != dim
        || attention.shape().dim() != dim
        || fc1.in() != dim
        || fc2.out() != dim
        || fc2.in() != fc1.out()) {
      throw new IllegalArgumentException("block layers disagree on dim " + dim);
    }
    this.norm1 = norm1;
    this.attention = attention;
    this.norm2 = norm2;
    this.fc1 = fc1;
    this.fc2 = fc2;
    MlpShape shape = new MlpShape(family, dim, fc1.out());
    if (generated.isPresent() && !generated.get().shape().equals(shape)) {
      throw new IllegalArgumentException(
          "generated kernel computes "
              + generated.get().shape().describe()
              + ", the block is "
              + shape.describe());
    }
    this.generated = generated.orElse(null);
  }

  /**
   * {@code "generated"} when a generated {@link MlpKernel} runs the MLP, else {@code "generic"}.
   */
  public String mlpImplementation() {
    return generated != null ? "generated" : "generic";
  }

  /** True for Swin v1 (a pre-norm step before attention). */
  public boolean preNorm() {
    return family == Family.SWIN_V1;
  }

  /** The attention on the block's map. */
  public FeatureMapAttention attention() {
    return attention;
  }

  /** Hidden features of the MLP. */
  public int hidden() {
    return fc1.out();
  }

  /**
   * Units of phase {@code phase} of the MLP split by columns over {@code rows} rows ({@link
   * MlpKernel#splitUnits}); 0 when it does not split: the generic layers, or more than {@link
   * MlpKernel#SPLIT_ROWS} rows.
   */
  public int mlpSplitUnits(int phase, int rows) {
    return generated == null || rows > MlpKernel.SPLIT_ROWS ? 0 : generated.splitUnits(phase, rows);
  }

  /** Floats of the scratch the parts of a split MLP call over {@code rows} rows share. */
  public int mlpSplitScratchFloats(int rows) {
    return splitting().splitScratchFloats(rows);
  }

  /**
   * Part {@code [from, to)} of phase {@code phase} of {@link #mlpRows} over rows {@code [0, rows)}
   * split by columns ({@link MlpKernel#splitColumns}); only when {@link #mlpSplitUnits} is not 0.
   */
  public void mlpSplit(
      int phase, float[] x, float[] y, int rows, float[] shared, int from, int to) {
    splitting().splitColumns(phase, x, y, rows, shared, from, to);
  }

  private MlpKernel splitting() {
    if (generated == null) {
      throw new IllegalStateException(
          "the generic MLP layers do not split by columns (mlpSplitUnits is 0)");
    }
    return generated;
  }

  /** Swin v1: {@code n = norm1(x)} for rows {@code [from, to)}. */
  public void preNormRows(float[] x, float[] n, int from, int to) {
    norm1.apply(x, 0, n, 0, from, to);
  }

  /**
   * Everything after attention for rows {@code [from, to)}: {@code x} is the residual stream
   * (updated in place), {@code y} the attention output (v2 normalises it in place).
   */
  public void mlpRows(float[] x, float[] y, int from, int to, Scratch s) {
    if (generated != null) {
      generated.rows(x, y, from, to);
      return;
    }
    int c = dim;
    for (int t0 = from; t0 < to; t0 += Scratch.TILE) {
      int t1 = Math.min(to, t0 + Scratch.TILE);
      int base = t0 * c;
      int end = t1 * c;
      int tileOffset = -t0 * c;
      int hiddenOffset = -t0 * fc1.out();
      if (family == Family.SWIN_V1) {
        // x = shortcut + attn; x = x + mlp(norm2(x))
        for (int i = base; i < end; i++) {
          x[i] += y[i];
        }
        norm2.apply(x, 0, s.rows, tileOffset, t0, t1);
        fc1.forward(
            s.rows,
            tileOffset,
            s.hidden,
            hiddenOffset,
            t0,
            t1,
            MatMul.Epilogue.GELU,
            null,
            0,
            s.acc());
        fc2.forward(s.hidden, hiddenOffset, x, 0, t0, t1, MatMul.Epilogue.ADD, x, 0, s.acc());
      } else {
        // x = x + norm1(attn); x = x + norm2(mlp(x))
        norm1.apply(y, 0, y, 0, t0, t1);
        for (int i = base; i < end; i++) {
          x[i] += y[i];
        }
        fc1.forward(x, 0, s.hidden, hiddenOffset, t0, t1, MatMul.Epilogue.GELU, null, 0, s.acc());
        fc2.forward(
            s.hidden,
            hiddenOffset,
            s.rows,
            tileOffset,
            t0,
            t1,
            MatMul.Epilogue.NONE,
            null,
            0,
            s.acc());
        norm2.apply(s.rows, tileOffset, s.rows, tileOffset, t0, t1);
        for (int i = base; i < end; i++) {
          x[i] += s.rows[i - base];
        }
      }
    }
  }
}
