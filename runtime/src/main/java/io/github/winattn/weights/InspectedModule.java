package io.github.winattn.weights;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the tensors of one module in a state dict reveal about its shape, found by {@link
 * StateDictInspector}.
 *
 * @param prefix the module prefix (normalised, with a trailing dot unless empty)
 * @param family the family the tensors were read as
 * @param dim C from {@code qkv.weight (3C, C)}; empty when the module has no projections
 * @param heads H from the bias table, {@code logit_scale} or {@code cpb_mlp.2.weight}
 * @param qkvBias whether {@code qkv.bias} (Swin v2: {@code q_bias} and {@code v_bias}) exists
 * @param withQkv whether {@code qkv.weight} exists (false only for temporal modules)
 * @param tableRows rows of the relative position bias table; for Swin v2 from {@code
 *     relative_coords_table}, empty when that buffer is absent
 * @param fullTokens N of the full window from the index buffer; empty when it is absent
 * @param windows every window of the family's rank consistent with {@code tableRows} and {@code
 *     fullTokens} (at most {@link Window#MAX_TOKENS} tokens), in ascending order; empty when
 *     nothing constrains it
 */
public record InspectedModule(
    String prefix,
    Family family,
    OptionalInt dim,
    int heads,
    boolean qkvBias,
    boolean withQkv,
    OptionalInt tableRows,
    OptionalInt fullTokens,
    List<Window> windows) {

  public InspectedModule {
    if (prefix == null
        || family == null
        || dim == null
        || tableRows == null
        || fullTokens == null
        || windows == null) {
      throw new IllegalArgumentException("inspected module fields must not be null");
    }
    windows = List.copyOf(windows);
  }

  /** The window, when the tensors determine exactly one. */
  public Optional<Window> window() {
    return windows.size() == 1 ? Optional.of(windows.get(0)) : Optional.empty();
  }

  /**
   * Every way {@code shape} contradicts these tensors, one message each (empty when it fits), e.g.
   * {@code "dim: the shape says 96, qkv.weight says 128"}.
   */
  public List<String> mismatches(AttentionShape shape) {
    List<String> out = new ArrayList<>();
    if (shape.family() != family) {
      out.add("family: the shape says " + shape.family() + ", the tensors were read as " + family);
    }
    if (dim.isPresent() && dim.getAsInt() != shape.dim()) {
      out.add(
          "dim: the shape says "
              + shape.dim()
              + ", "
              + ModuleLayout.QKV_WEIGHT
              + " says "
              + dim.getAsInt());
    }
    if (heads != shape.heads()) {
      out.add("heads: the shape says " + shape.heads() + ", the tensors say " + heads);
    }
    if (qkvBias != shape.qkvBias()) {
      out.add("qkv_bias: the shape says " + shape.qkvBias() + ", the tensors say " + qkvBias);
    }
    if (withQkv != shape.withQkv()) {
      out.add("with_qkv: the shape says " + shape.withQkv() + ", the tensors say " + withQkv);
    }
    Window w = shape.window();
    if (tableRows.isPresent() && w.tableRows() != tableRows.getAsInt()
        || fullTokens.isPresent() && w.tokens() != fullTokens.getAsInt()) {
      out.add(
          "window: the shape says "
              + w
              + " ("
              + w.tableRows()
              + " table rows, "
              + w.tokens()
              + " tokens), the tensors fit "
              + (windows.isEmpty() ? "no window" : windows.toString())
              + tensorsSay());
    }
    return List.copyOf(out);
  }

  private String tensorsSay() {
    List<String> parts = new ArrayList<>();
    tableRows.ifPresent(r -> parts.add(r + " table rows"));
    fullTokens.ifPresent(n -> parts.add(n + " tokens"));
    return " (" + String.join(", ", parts) + ")";
  }
}
