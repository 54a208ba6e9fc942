package io.github.winattn.weights;

import io.github.winattn.diagnostics.UntrustedText;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.RelativePositionIndex;
import io.github.winattn.weights.ModuleLayout.Expected;
import io.github.winattn.weights.ModuleLayout.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds the tensors of one attention module in a state dict to {@link AttentionWeights}.
 *
 * <p>Tensors whose names do not start with the prefix are ignored (a checkpoint holds many
 * modules). Under the prefix every tensor is checked against {@link ModuleLayout}: a missing
 * parameter, a tensor this shape does not have (such as {@code qkv.bias} with qkv_bias=false or
 * {@code logit_scale} for Swin v1), an unknown name, a wrong shape, and an index buffer or Swin v2
 * coords table that differs from the computed one are all reported together in one {@link
 * WeightBindingException}. Buffers are optional.
 */
public final class StateDictBinder {

  /**
   * Largest difference accepted between a stored and the computed {@code relative_coords_table}.
   */
  public static final double COORDS_TOLERANCE = 1e-6;

  private final AttentionShape shape;
  private final TensorSource source;
  private final String prefix;
  private final List<String> problems = new ArrayList<>();

  private StateDictBinder(AttentionShape shape, TensorSource source, String prefix) {
    this.shape = shape;
    this.source = source;
    this.prefix = prefix;
  }

  /**
   * Binds the module under {@code prefix} (e.g. {@code layers.0.blocks.1.attn.}, or empty for a
   * state dict of the module alone; a missing trailing dot is added).
   *
   * @throws WeightBindingException listing every problem found
   */
  public static AttentionWeights bind(AttentionShape shape, TensorSource source, String prefix) {
    if (shape == null || source == null) {
      throw new IllegalArgumentException("shape and source must not be null");
    }
    return new StateDictBinder(shape, source, normalizePrefix(prefix)).bind();
  }

  /** {@code ""} stays empty; any other prefix gets a trailing {@code '.'} if it lacks one. */
  public static String normalizePrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix == null (use \"\" for none)");
    }
    return prefix.isEmpty() || prefix.endsWith(".") ? prefix : prefix + ".";
  }

  private AttentionWeights bind() {
    List<Expected> layout = ModuleLayout.of(shape);
    Optional<String> elsewhere = StateDictInspector.noModuleAt(source, prefix);
    if (elsewhere.isPresent()) {
      problems.add(elsewhere.get()); // listing every tensor as missing would only hide this
      throw failure();
    }
    Set<String> present = namesUnderPrefix();
    Set<String> expectedNames = new LinkedHashSet<>();
    for (Expected e : layout) {
      expectedNames.add(e.name());
      checkPresence(e, present.contains(e.name()));
    }
    for (String name : present) {
      if (!expectedNames.contains(name)) {
        String actual = Shapes.format(source.shape(prefix + name));
        if (ModuleLayout.KNOWN_NAMES.contains(name)) {
          problems.add(
              "unexpected tensor '"
                  + quote(name)
                  + "' "
                  + actual
                  + ": "
                  + ModuleLayout.whyNotExpected(shape, name));
        } else {
          problems.add(
              "unknown tensor '"
                  + quote(name)
                  + "' "
                  + actual
                  + " under the prefix: not a tensor of "
                  + shape.family()
                  + " attention");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw failure();
    }
    checkBuffers(present);
    if (!problems.isEmpty()) {
      throw failure();
    }
    return assemble();
  }

  private Set<String> namesUnderPrefix() {
    Set<String> under = new TreeSet<>();
    for (String name : source.names()) {
      if (name.startsWith(prefix)) {
        under.add(name.substring(prefix.length()));
      }
    }
    return under;
  }

  private void checkPresence(Expected e, boolean present) {
    String full = prefix + e.name();
    if (!present) {
      if (e.role() == Role.PARAMETER) {
        problems.add("missing tensor '" + quote(e.name()) + "', expected shape " + e.shapeText());
      }
      return;
    }
    List<Long> actual = source.shape(full);
    if (!actual.equals(e.shape())) {
      problems.add(
          "tensor '"
              + quote(e.name())
              + "' has shape "
              + Shapes.format(actual)
              + ", expected "
              + e.shapeText());
    }
  }

  private void checkBuffers(Set<String> present) {
    String indexName =
        shape.family() == Family.TEMPORAL
            ? ModuleLayout.RELATIVE_COORDS
            : ModuleLayout.POSITION_INDEX;
    if (present.contains(indexName)) {
      checkIndex(indexName);
    }
    if (shape.family() == Family.SWIN_V2 && present.contains(ModuleLayout.COORDS_TABLE)) {
      checkCoordsTable();
    }
  }

  /** The stored index must equal the full window's computed index. */
  private void checkIndex(String name) {
    String full = prefix + name;
    long[] stored;
    try {
      stored = source.longs(full);
    } catch (IllegalArgumentException e) {
      problems.add("buffer '" + quote(name) + "' cannot be read as integers: " + e.getMessage());
      return;
    }
    AttentionShape fullWindow =
        AttentionShape.builder(shape.family(), shape.window(), shape.dim(), shape.heads())
            .qkvBias(shape.qkvBias())
            .withQkv(shape.withQkv())
            .build();
    int[] computed = RelativePositionIndex.compute(fullWindow);
    int n = fullWindow.tokens();
    for (int k = 0; k < computed.length; k++) {
      if (stored[k] != computed[k]) {
        String at =
            name.equals(ModuleLayout.RELATIVE_COORDS)
                ? "[" + k + "] (i=" + k / n + ", j=" + k % n + ")"
                : "[" + k / n + ", " + k % n + "]";
        problems.add(
            "buffer '"
                + quote(name)
                + "' differs from the index computed for window "
                + shape.window()
                + " at "
                + at
                + ": "
                + stored[k]
                + " instead of "
                + computed[k]);
        return;
      }
    }
  }

  private void checkCoordsTable() {
    String full = prefix + ModuleLayout.COORDS_TABLE;
    float[] stored = read(full);
    if (stored == null) {
      return;
    }
    float[] computed = ContinuousPositionBias.coordsTable(shape);
    List<Long> dims = source.shape(full);
    for (int k = 0; k < computed.length; k++) {
      if (!(Math.abs(stored[k] - computed[k]) <= COORDS_TOLERANCE)) {
        problems.add(
            "buffer '"
                + quote(ModuleLayout.COORDS_TABLE)
                + "' differs from the table computed for window "
                + shape.window()
                + " (pretrained "
                + shape.pretrainedWindow()
                + ") at "
                + Shapes.position(dims, k)
                + ": "
                + stored[k]
                + " instead of "
                + computed[k]
                + " (tolerance "
                + COORDS_TOLERANCE
                + ")");
        return;
      }
    }
  }

  private AttentionWeights assemble() {
    boolean v2 = shape.family() == Family.SWIN_V2;
    float[] empty = new float[0];
    boolean qkv = shape.withQkv();
    float[] qkvWeight = qkv ? read(prefix + ModuleLayout.QKV_WEIGHT) : empty;
    float[] qkvBias =
        !shape.qkvBias() ? empty : v2 ? v2QkvBias() : read(prefix + ModuleLayout.QKV_BIAS);
    float[] projWeight = qkv ? read(prefix + ModuleLayout.PROJ_WEIGHT) : empty;
    float[] projBias = qkv ? read(prefix + ModuleLayout.PROJ_BIAS) : empty;
    float[] table;
    float[] logitScale = empty;
    if (v2) {
      float[] w0 = read(prefix + ModuleLayout.CPB_W0);
      float[] b0 = read(prefix + ModuleLayout.CPB_B0);
      float[] w2 = read(prefix + ModuleLayout.CPB_W2);
      logitScale = read(prefix + ModuleLayout.LOGIT_SCALE);
      table = problems.isEmpty() ? ContinuousPositionBias.fold(shape, w0, b0, w2) : empty;
    } else {
      table = read(prefix + ModuleLayout.BIAS_TABLE);
    }
    if (!problems.isEmpty()) {
      throw failure();
    }
    return new AttentionWeights(shape, qkvWeight, qkvBias, projWeight, projBias, table, logitScale);
  }

  /** Swin v2: {@code cat(q_bias, zeros(C), v_bias)}; k has no bias. */
  private float[] v2QkvBias() {
    int c = shape.dim();
    float[] q = read(prefix + ModuleLayout.Q_BIAS);
    float[] v = read(prefix + ModuleLayout.V_BIAS);
    float[] bias = new float[3 * c];
    if (q != null && v != null) {
      System.arraycopy(q, 0, bias, 0, c);
      System.arraycopy(v, 0, bias, 2 * c, c);
    }
    return bias;
  }

  /** Reads floats, turning a read failure (such as an integer dtype) into a problem. */
  private float[] read(String full) {
    try {
      return source.floats(full);
    } catch (IllegalArgumentException e) {
      problems.add(
          "tensor '" + UntrustedText.quote(full) + "' cannot be read as floats: " + e.getMessage());
      return null;
    }
  }

  /** The full name of {@code name} under the prefix, quoted for a message. */
  private String quote(String name) {
    return UntrustedText.quote(prefix + name);
  }

  private WeightBindingException failure() {
    String where = prefix.isEmpty() ? "" : " under prefix '" + UntrustedText.quote(prefix) + "'";
    return new WeightBindingException(
        "cannot bind " + source.describe() + where + " to " + shape.describe(), problems);
  }
}
