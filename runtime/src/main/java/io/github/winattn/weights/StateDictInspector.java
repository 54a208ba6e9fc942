package io.github.winattn.weights;

import io.github.winattn.diagnostics.Listing;
import io.github.winattn.diagnostics.UntrustedText;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.RelativePositionIndex;
import io.github.winattn.shape.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Reads what a module's tensors reveal about its shape (dim, heads, qkv bias, with_qkv, window
 * candidates) without a shape to check against, so that a command line can infer or cross-check its
 * flags. Inconsistent tensors (such as a {@code qkv.weight} that is not {@code (3C, C)}) are errors
 * naming the tensor.
 */
public final class StateDictInspector {

  private final TensorSource source;
  private final String prefix;
  private final Family family;

  private StateDictInspector(TensorSource source, String prefix, Family family) {
    this.source = source;
    this.prefix = prefix;
    this.family = family;
  }

  /**
   * Inspects the module of {@code family} under {@code prefix}.
   *
   * @throws IllegalArgumentException naming the tensor when the tensors are missing or inconsistent
   */
  public static InspectedModule inspect(TensorSource source, String prefix, Family family) {
    if (source == null || family == null) {
      throw new IllegalArgumentException("source and family must not be null");
    }
    return new StateDictInspector(source, StateDictBinder.normalizePrefix(prefix), family)
        .inspect();
  }

  /**
   * The prefixes of every attention module in {@code source}, sorted: names ending in {@code
   * relative_position_bias_table} or {@code cpb_mlp.0.weight}, without that ending.
   */
  public static List<String> modulePrefixes(TensorSource source) {
    TreeSet<String> prefixes = new TreeSet<>();
    for (String name : source.names()) {
      for (String marker : List.of(ModuleLayout.BIAS_TABLE, ModuleLayout.CPB_W0)) {
        if (name.equals(marker) || name.endsWith("." + marker)) {
          prefixes.add(name.substring(0, name.length() - marker.length()));
        }
      }
    }
    return List.copyOf(prefixes);
  }

  /**
   * Why {@code prefix} holds no attention module, naming the modules the file does have (at most
   * {@link Listing#MAX_ITEMS}, then how many more); empty when a module's bias table (or Swin v2
   * {@code cpb_mlp}) or {@code qkv.weight} is under the prefix, or when tensors are under it and
   * the file has no module elsewhere (then the missing tensors are the better message).
   */
  static Optional<String> noModuleAt(TensorSource source, String prefix) {
    boolean any = source.names().stream().anyMatch(n -> n.startsWith(prefix));
    List<String> found = modulePrefixes(source);
    // a module whose table is missing still has its qkv.weight: its missing tensors say more
    if (any
        && (found.isEmpty()
            || found.contains(prefix)
            || source.contains(prefix + ModuleLayout.QKV_WEIGHT))) {
      return Optional.empty();
    }
    String what =
        any
            ? "no attention module under the prefix '" + UntrustedText.quote(prefix) + "'"
            : "no tensor starts with the prefix '" + UntrustedText.quote(prefix) + "'";
    if (found.isEmpty()) {
      return Optional.of(what);
    }
    List<String> shown =
        found.stream().map(p -> p.isEmpty() ? "(no prefix)" : UntrustedText.quote(p)).toList();
    return Optional.of(what + "; attention modules found under: " + Listing.join(shown));
  }

  private InspectedModule inspect() {
    Optional<String> elsewhere = noModuleAt(source, prefix);
    if (elsewhere.isPresent()) {
      throw new IllegalArgumentException(source.describe() + ": " + elsewhere.get());
    }
    boolean v2 = family == Family.SWIN_V2;
    boolean withQkv = has(ModuleLayout.QKV_WEIGHT);
    if (!withQkv && family != Family.TEMPORAL) {
      throw missing(ModuleLayout.QKV_WEIGHT, "(3C, C)");
    }
    OptionalInt dim = OptionalInt.empty();
    if (withQkv) {
      List<Long> s = shape(ModuleLayout.QKV_WEIGHT);
      if (s.size() != 2 || s.get(0) != 3 * s.get(1) || s.get(1) < 1) {
        throw inconsistent(ModuleLayout.QKV_WEIGHT, s, "(3C, C)");
      }
      dim = OptionalInt.of(toInt(ModuleLayout.QKV_WEIGHT, s.get(1)));
    }
    boolean qkvBias = v2 ? v2Bias() : has(ModuleLayout.QKV_BIAS);
    int heads;
    OptionalInt rows;
    if (v2) {
      heads = v2Heads();
      rows = OptionalInt.empty();
      if (has(ModuleLayout.COORDS_TABLE)) {
        List<Long> s = shape(ModuleLayout.COORDS_TABLE);
        if (s.size() != 4
            || s.get(0) != 1
            || s.get(3) != 2
            || s.get(1) % 2 == 0
            || s.get(2) % 2 == 0) {
          throw inconsistent(ModuleLayout.COORDS_TABLE, s, "(1, 2Wh-1, 2Ww-1, 2)");
        }
        rows = OptionalInt.of(toInt(ModuleLayout.COORDS_TABLE, s.get(1) * s.get(2)));
      }
    } else {
      if (!has(ModuleLayout.BIAS_TABLE)) {
        throw missing(ModuleLayout.BIAS_TABLE, "(rows, H)");
      }
      List<Long> s = shape(ModuleLayout.BIAS_TABLE);
      if (s.size() != 2 || s.get(0) < 1 || s.get(1) < 1) {
        throw inconsistent(ModuleLayout.BIAS_TABLE, s, "(rows, H)");
      }
      heads = toInt(ModuleLayout.BIAS_TABLE, s.get(1));
      rows = OptionalInt.of(toInt(ModuleLayout.BIAS_TABLE, s.get(0)));
    }
    OptionalInt tokens = fullTokens();
    List<Window> windows =
        v2 && has(ModuleLayout.COORDS_TABLE)
            ? List.of(
                Window.of2d(
                    (int) (shape(ModuleLayout.COORDS_TABLE).get(1) + 1) / 2,
                    (int) (shape(ModuleLayout.COORDS_TABLE).get(2) + 1) / 2))
            : candidates(rows, tokens);
    if (tokens.isPresent() && windows.stream().noneMatch(w -> w.tokens() == tokens.getAsInt())) {
      windows = List.of();
    }
    if (windows.size() > 1 && has(ModuleLayout.POSITION_INDEX)) {
      windows = matchingIndex(windows);
    }
    return new InspectedModule(prefix, family, dim, heads, qkvBias, withQkv, rows, tokens, windows);
  }

  private boolean v2Bias() {
    boolean q = has(ModuleLayout.Q_BIAS);
    boolean v = has(ModuleLayout.V_BIAS);
    if (q != v) {
      throw new IllegalArgumentException(
          source.describe()
              + ": '"
              + full(q ? ModuleLayout.Q_BIAS : ModuleLayout.V_BIAS)
              + "' exists without '"
              + full(q ? ModuleLayout.V_BIAS : ModuleLayout.Q_BIAS)
              + "'");
    }
    return q;
  }

  private int v2Heads() {
    OptionalInt fromScale = OptionalInt.empty();
    if (has(ModuleLayout.LOGIT_SCALE)) {
      List<Long> s = shape(ModuleLayout.LOGIT_SCALE);
      if (s.size() != 3 || s.get(1) != 1 || s.get(2) != 1 || s.get(0) < 1) {
        throw inconsistent(ModuleLayout.LOGIT_SCALE, s, "(H, 1, 1)");
      }
      fromScale = OptionalInt.of(toInt(ModuleLayout.LOGIT_SCALE, s.get(0)));
    }
    if (has(ModuleLayout.CPB_W2)) {
      List<Long> s = shape(ModuleLayout.CPB_W2);
      if (s.size() != 2 || s.get(1) != ContinuousPositionBias.HIDDEN || s.get(0) < 1) {
        throw inconsistent(ModuleLayout.CPB_W2, s, "(H, " + ContinuousPositionBias.HIDDEN + ")");
      }
      int h = toInt(ModuleLayout.CPB_W2, s.get(0));
      if (fromScale.isPresent() && fromScale.getAsInt() != h) {
        throw new IllegalArgumentException(
            source.describe()
                + ": '"
                + full(ModuleLayout.LOGIT_SCALE)
                + "' has "
                + fromScale.getAsInt()
                + " heads but '"
                + full(ModuleLayout.CPB_W2)
                + "' has "
                + h);
      }
      return h;
    }
    if (fromScale.isPresent()) {
      return fromScale.getAsInt();
    }
    throw missing(ModuleLayout.LOGIT_SCALE, "(H, 1, 1)");
  }

  /** N of the full window from the index buffer, if present. */
  private OptionalInt fullTokens() {
    if (family == Family.TEMPORAL) {
      if (!has(ModuleLayout.RELATIVE_COORDS)) {
        return OptionalInt.empty();
      }
      List<Long> s = shape(ModuleLayout.RELATIVE_COORDS);
      long root = s.size() == 1 ? Math.round(Math.sqrt((double) s.get(0))) : -1;
      if (root < 1 || root * root != s.get(0)) {
        throw inconsistent(ModuleLayout.RELATIVE_COORDS, s, "(T*T)");
      }
      return OptionalInt.of(toInt(ModuleLayout.RELATIVE_COORDS, root));
    }
    if (!has(ModuleLayout.POSITION_INDEX)) {
      return OptionalInt.empty();
    }
    List<Long> s = shape(ModuleLayout.POSITION_INDEX);
    if (s.size() != 2 || !s.get(0).equals(s.get(1)) || s.get(0) < 1) {
      throw inconsistent(ModuleLayout.POSITION_INDEX, s, "(N, N)");
    }
    return OptionalInt.of(toInt(ModuleLayout.POSITION_INDEX, s.get(0)));
  }

  /** Windows of the family's rank with the given table rows (and tokens, if known). */
  private List<Window> candidates(OptionalInt rows, OptionalInt tokens) {
    if (rows.isEmpty()) {
      return List.of();
    }
    int r = rows.getAsInt();
    List<Window> out = new ArrayList<>();
    int max = Window.MAX_TOKENS;
    switch (family.rank()) {
      case 1 -> {
        if (r % 2 == 1 && (r + 1) / 2 <= max) {
          out.add(Window.of1d((r + 1) / 2));
        }
      }
      case 2 -> {
        for (int h = 1; h <= max && 2 * h - 1 <= r; h++) {
          int q = r / (2 * h - 1);
          if (r % (2 * h - 1) == 0 && q % 2 == 1 && (long) h * ((q + 1) / 2) <= max) {
            out.add(Window.of2d(h, (q + 1) / 2));
          }
        }
      }
      default -> {
        for (int d = 1; d <= max && 2 * d - 1 <= r; d++) {
          if (r % (2 * d - 1) != 0) {
            continue;
          }
          int rest = r / (2 * d - 1);
          for (int h = 1; (long) d * h <= max && 2 * h - 1 <= rest; h++) {
            int q = rest / (2 * h - 1);
            if (rest % (2 * h - 1) == 0 && q % 2 == 1 && (long) d * h * ((q + 1) / 2) <= max) {
              out.add(Window.of3d(d, h, (q + 1) / 2));
            }
          }
        }
      }
    }
    if (tokens.isPresent()) {
      out.removeIf(w -> w.tokens() != tokens.getAsInt());
    }
    return List.copyOf(out);
  }

  /**
   * Keeps the windows whose index equals the stored {@code relative_position_index}: telling 3x2
   * from 2x3, which have the same table rows and tokens.
   */
  private List<Window> matchingIndex(List<Window> windows) {
    long[] stored;
    try {
      stored = source.longs(prefix + ModuleLayout.POSITION_INDEX);
    } catch (IllegalArgumentException e) {
      return windows; // an unreadable buffer does not narrow anything; the binder reports it
    }
    List<Window> out = new ArrayList<>();
    for (Window w : windows) {
      int n = w.tokens();
      boolean same = stored.length == (long) n * n;
      for (int k = 0; same && k < stored.length; k++) {
        same = stored[k] == RelativePositionIndex.of(w, k / n, k % n);
      }
      if (same) {
        out.add(w);
      }
    }
    return List.copyOf(out);
  }

  private boolean has(String name) {
    return source.contains(prefix + name);
  }

  private List<Long> shape(String name) {
    return source.shape(prefix + name);
  }

  private int toInt(String name, long value) {
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          source.describe() + ": '" + full(name) + "' has a dimension of " + value + ", too large");
    }
    return (int) value;
  }

  private IllegalArgumentException missing(String name, String expected) {
    return new IllegalArgumentException(
        source.describe()
            + ": missing tensor '"
            + full(name)
            + "' "
            + expected
            + " of a "
            + family
            + " attention module");
  }

  private IllegalArgumentException inconsistent(String name, List<Long> actual, String expected) {
    return new IllegalArgumentException(
        source.describe()
            + ": tensor '"
            + full(name)
            + "' has shape "
            + Shapes.format(actual)
            + ", expected "
            + expected);
  }

  /** The full name under the prefix, quoted for a message. */
  private String full(String name) {
    return UntrustedText.quote(prefix + name);
  }
}
