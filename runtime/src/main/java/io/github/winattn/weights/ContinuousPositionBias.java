package io.github.winattn.weights;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;

/**
 * Swin v2's continuous position bias, folded once into a constant table: {@code table[row, h] = 16
 * * sigmoid(cpb_mlp(relative_coords_table)[row, h])} with {@code cpb_mlp = Linear(2, 512) -> ReLU
 * -> Linear(512, H, bias=False)} (docs/semantics.md, "Swin v2").
 *
 * <p>Everything is computed in float32 as PyTorch does; dot products accumulate in double and are
 * rounded to float once, so the result is the float32 value with the least rounding.
 */
public final class ContinuousPositionBias {

  /** Width of the hidden layer of {@code cpb_mlp}, fixed by the official module. */
  public static final int HIDDEN = 512;

  private static final double LOG_2 = Math.log(2.0);

  private ContinuousPositionBias() {}

  /**
   * {@code relative_coords_table (1, 2Wh-1, 2Ww-1, 2)} row-major, as the module's buffer: for
   * {@code (dh, dw)} from {@code -(W-1)} to {@code W-1}, {@code t = d / (P-1) * 8} then {@code
   * sign(t) * log2(|t| + 1) / log2(8)}, in float32.
   *
   * @param window the module's window {@code (Wh, Ww)}
   * @param pretrained {@code P}: the pretrained window, or the window itself when there is none
   */
  public static float[] coordsTable(Window window, Window pretrained) {
    if (window.rank() != 2 || pretrained.rank() != 2) {
      throw new IllegalArgumentException(
          "swin_v2 windows are 2-D (got " + window + " and pretrained " + pretrained + ")");
    }
    if (pretrained.height() < 2 || pretrained.width() < 2) {
      throw new IllegalArgumentException(
          "pretrained window " + pretrained + " needs every axis >= 2 (it divides by P - 1)");
    }
    int rowsH = 2 * window.height() - 1;
    int rowsW = 2 * window.width() - 1;
    float[] table = new float[rowsH * rowsW * 2];
    for (int ih = 0; ih < rowsH; ih++) {
      for (int iw = 0; iw < rowsW; iw++) {
        int at = (ih * rowsW + iw) * 2;
        table[at] = normalise(ih - (window.height() - 1), pretrained.height());
        table[at + 1] = normalise(iw - (window.width() - 1), pretrained.width());
      }
    }
    return table;
  }

  /** The coords table of a Swin v2 shape (its window and pretrained window). */
  public static float[] coordsTable(AttentionShape shape) {
    requireV2(shape);
    return coordsTable(shape.window(), shape.pretrainedWindow());
  }

  private static float normalise(int delta, int p) {
    float t = (float) delta / (float) (p - 1); // relative_coords_table[..., a] /= (P - 1)
    t = t * 8f; // relative_coords_table *= 8
    float magnitude = (float) (Math.log(Math.abs(t) + 1f) / LOG_2); // torch.log2(|t| + 1.0)
    return Math.signum(t) * magnitude / 3f; // sign(t) * ... / np.log2(8)
  }

  /**
   * Folds the MLP into the bias table {@code (rows, H)}, heads minor, rows as the coords table.
   *
   * @param w0 {@code cpb_mlp.0.weight (512, 2)}
   * @param b0 {@code cpb_mlp.0.bias (512)}
   * @param w2 {@code cpb_mlp.2.weight (H, 512)}
   */
  public static float[] fold(AttentionShape shape, float[] w0, float[] b0, float[] w2) {
    requireV2(shape);
    int heads = shape.heads();
    requireLength(ModuleLayout.CPB_W0, w0, HIDDEN * 2);
    requireLength(ModuleLayout.CPB_B0, b0, HIDDEN);
    requireLength(ModuleLayout.CPB_W2, w2, heads * HIDDEN);
    float[] coords = coordsTable(shape); // (rows, 2)
    int rows = coords.length / 2;
    float[] table = new float[rows * heads]; // (rows, H)
    float[] hidden = new float[HIDDEN];
    for (int r = 0; r < rows; r++) {
      double x0 = coords[2 * r];
      double x1 = coords[2 * r + 1];
      for (int k = 0; k < HIDDEN; k++) {
        // Linear(2, 512) + bias, then ReLU
        float z = (float) (x0 * w0[2 * k] + x1 * w0[2 * k + 1] + b0[k]);
        hidden[k] = Math.max(z, 0f);
      }
      for (int h = 0; h < heads; h++) {
        // Linear(512, H, bias=False)
        double acc = 0;
        int row = h * HIDDEN;
        for (int k = 0; k < HIDDEN; k++) {
          acc += (double) hidden[k] * w2[row + k];
        }
        float logit = (float) acc;
        float sigmoid = (float) (1.0 / (1.0 + Math.exp(-(double) logit)));
        table[r * heads + h] = 16f * sigmoid; // 16 * torch.sigmoid(...)
      }
    }
    return table;
  }

  private static void requireV2(AttentionShape shape) {
    if (shape.family() != Family.SWIN_V2) {
      throw new IllegalArgumentException(
          "the continuous position bias belongs to swin_v2, not " + shape.family());
    }
  }

  private static void requireLength(String name, float[] values, int expected) {
    if (values.length != expected) {
      throw new IllegalArgumentException(
          name + ": expected " + expected + " values, got " + values.length);
    }
  }
}
