package io.github.winattn.weights;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;

/**
 * The parameters of one window attention module in PyTorch layout, checked against its shape. Every
 * kernel binds to this one canonical form; Swin v2's parameters arrive already folded.
 *
 * @param shape the shape these weights belong to
 * @param qkvWeight {@code qkv.weight (3C, C)} row-major; empty when {@code with_qkv} is false
 * @param qkvBias {@code qkv.bias (3C)}; for Swin v2 {@code cat(q_bias, zeros(C), v_bias)}; empty
 *     when the shape has no qkv bias
 * @param projWeight {@code proj.weight (C, C)}; empty when {@code with_qkv} is false
 * @param projBias {@code proj.bias (C)}; empty when {@code with_qkv} is false
 * @param biasTable the relative position bias table {@code (rows, H)}, heads minor; for Swin v2 the
 *     folded {@code 16 * sigmoid(cpb_mlp(relative_coords_table))}
 * @param logitScale Swin v2's {@code logit_scale (H, 1, 1)} as stored (not clamped, not
 *     exponentiated); empty for the other families
 */
public record AttentionWeights(
    AttentionShape shape,
    float[] qkvWeight,
    float[] qkvBias,
    float[] projWeight,
    float[] projBias,
    float[] biasTable,
    float[] logitScale) {

  public AttentionWeights {
    if (shape == null) {
      throw new IllegalArgumentException("shape == null");
    }
    int c = shape.dim();
    boolean qkv = shape.withQkv();
    check(
        "qkv.weight",
        qkvWeight,
        qkv ? 3 * c * c : 0,
        qkv ? "(" + 3 * c + ", " + c + ")" : "absent");
    check(
        "qkv.bias",
        qkvBias,
        shape.qkvBias() ? 3 * c : 0,
        shape.qkvBias() ? "(" + 3 * c + ")" : "absent");
    check("proj.weight", projWeight, qkv ? c * c : 0, qkv ? "(" + c + ", " + c + ")" : "absent");
    check("proj.bias", projBias, qkv ? c : 0, qkv ? "(" + c + ")" : "absent");
    check(
        "relative_position_bias_table",
        biasTable,
        shape.tableRows() * shape.heads(),
        "(" + shape.tableRows() + ", " + shape.heads() + ")");
    boolean v2 = shape.family() == Family.SWIN_V2;
    check(
        "logit_scale",
        logitScale,
        v2 ? shape.heads() : 0,
        v2 ? "(" + shape.heads() + ", 1, 1)" : "absent");
  }

  private static void check(String name, float[] values, int expected, String expectedShape) {
    if (values == null) {
      throw new IllegalArgumentException(name + " == null (use an empty array when absent)");
    }
    if (values.length != expected) {
      throw new IllegalArgumentException(
          name
              + ": expected "
              + expectedShape
              + " = "
              + expected
              + " values, got "
              + values.length);
    }
  }

  /** Bias of head {@code h} for table row {@code row}: {@code table[row, h]}. */
  public float bias(int row, int h) {
    return biasTable[row * shape.heads() + h];
  }
}
