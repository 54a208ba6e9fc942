package io.github.winattn.weights;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The state dict layout of one attention module of a given shape: which tensors it has (names
 * relative to the module prefix), with which shapes, and which of them are buffers that a
 * checkpoint may omit. Every decision about names lives here; the binder only checks against it.
 */
public final class ModuleLayout {

  /** Whether a tensor must be present. */
  public enum Role {
    /** A learned parameter: required. */
    PARAMETER,
    /**
     * A buffer computed from the window: optional, checked against the computed value if present.
     */
    BUFFER
  }

  /**
   * One tensor of the module.
   *
   * @param name the name under the module prefix, e.g. {@code qkv.weight}
   * @param shape its expected shape
   * @param role required parameter or optional buffer
   */
  public record Expected(String name, List<Long> shape, Role role) {
    public Expected {
      if (name == null || shape == null || role == null) {
        throw new IllegalArgumentException("expected tensor fields must not be null");
      }
      shape = List.copyOf(shape);
    }

    /** The shape as text, e.g. {@code (288, 96)}. */
    public String shapeText() {
      return Shapes.format(shape);
    }
  }

  public static final String QKV_WEIGHT = "qkv.weight";
  public static final String QKV_BIAS = "qkv.bias";
  public static final String PROJ_WEIGHT = "proj.weight";
  public static final String PROJ_BIAS = "proj.bias";
  public static final String BIAS_TABLE = "relative_position_bias_table";
  public static final String POSITION_INDEX = "relative_position_index";
  public static final String RELATIVE_COORDS = "relative_coords";
  public static final String Q_BIAS = "q_bias";
  public static final String V_BIAS = "v_bias";
  public static final String LOGIT_SCALE = "logit_scale";
  public static final String CPB_W0 = "cpb_mlp.0.weight";
  public static final String CPB_B0 = "cpb_mlp.0.bias";
  public static final String CPB_W2 = "cpb_mlp.2.weight";
  public static final String COORDS_TABLE = "relative_coords_table";

  /** Every tensor name any family's module has. */
  public static final Set<String> KNOWN_NAMES =
      Set.of(
          QKV_WEIGHT,
          QKV_BIAS,
          PROJ_WEIGHT,
          PROJ_BIAS,
          BIAS_TABLE,
          POSITION_INDEX,
          RELATIVE_COORDS,
          Q_BIAS,
          V_BIAS,
          LOGIT_SCALE,
          CPB_W0,
          CPB_B0,
          CPB_W2,
          COORDS_TABLE);

  private ModuleLayout() {}

  /** The tensors of a module of {@code shape}, parameters first, in a fixed order. */
  public static List<Expected> of(AttentionShape shape) {
    long c = shape.dim();
    long h = shape.heads();
    Family f = shape.family();
    Window full = shape.window();
    List<Expected> out = new ArrayList<>();
    if (shape.withQkv()) {
      out.add(param(QKV_WEIGHT, 3 * c, c));
      if (shape.qkvBias() && f != Family.SWIN_V2) {
        out.add(param(QKV_BIAS, 3 * c));
      }
      if (shape.qkvBias() && f == Family.SWIN_V2) {
        out.add(param(Q_BIAS, c));
        out.add(param(V_BIAS, c));
      }
      out.add(param(PROJ_WEIGHT, c, c));
      out.add(param(PROJ_BIAS, c));
    }
    long n = full.tokens();
    switch (f) {
      case SWIN_V1, VIDEO_SWIN -> {
        out.add(param(BIAS_TABLE, shape.tableRows(), h));
        out.add(buffer(POSITION_INDEX, n, n));
      }
      case TEMPORAL -> {
        out.add(param(BIAS_TABLE, shape.tableRows(), h));
        out.add(buffer(RELATIVE_COORDS, n * n));
      }
      case SWIN_V2 -> {
        out.add(param(LOGIT_SCALE, h, 1, 1));
        out.add(param(CPB_W0, ContinuousPositionBias.HIDDEN, 2));
        out.add(param(CPB_B0, ContinuousPositionBias.HIDDEN));
        out.add(param(CPB_W2, h, ContinuousPositionBias.HIDDEN));
        out.add(buffer(COORDS_TABLE, 1, 2L * full.height() - 1, 2L * full.width() - 1, 2));
        out.add(buffer(POSITION_INDEX, n, n));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Why a known name is not a tensor of {@code shape}'s module, e.g. {@code "the shape has
   * qkv_bias=false"}.
   */
  static String whyNotExpected(AttentionShape shape, String name) {
    Family f = shape.family();
    boolean qkvBiasName =
        name.equals(QKV_BIAS) && f != Family.SWIN_V2
            || (name.equals(Q_BIAS) || name.equals(V_BIAS)) && f == Family.SWIN_V2;
    if (qkvBiasName && shape.withQkv() && !shape.qkvBias()) {
      return "the shape has qkv_bias=false";
    }
    boolean projection =
        name.equals(QKV_WEIGHT)
            || name.equals(QKV_BIAS)
            || name.equals(PROJ_WEIGHT)
            || name.equals(PROJ_BIAS);
    if (projection && !shape.withQkv()) {
      return "the shape has with_qkv=false";
    }
    return f + " attention has no " + name;
  }

  private static Expected param(String name, long... dims) {
    return new Expected(name, Shapes.of(dims), Role.PARAMETER);
  }

  private static Expected buffer(String name, long... dims) {
    return new Expected(name, Shapes.of(dims), Role.BUFFER);
  }
}
