package io.github.winattn.generator.config;

import io.github.winattn.generator.FeatureMapSpec;
import io.github.winattn.generator.KernelSpec;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Parses one entry of {@code kernels}: a shape with its options and an optional class name. */
final class KernelEntryParser {

  static final List<String> KEYS =
      List.of(
          "family",
          "window",
          "frames",
          "dim",
          "heads",
          "masked",
          "class",
          "qkv_bias",
          "qk_scale",
          "with_qkv",
          "effective_window",
          "pretrained_window",
          "resolution",
          "shift");

  private final Problems problems;

  KernelEntryParser(Problems problems) {
    this.problems = problems;
  }

  /** The entry's spec, or empty after reporting everything wrong with it. */
  Optional<KernelSpec> parse(YamlMapping m) {
    m.rejectUnknownKeys(KEYS);
    Optional<Family> family = family(m);
    Optional<Window> window = window(m, family);
    Optional<Integer> dim =
        m.require("dim") ? m.integer("dim", 1, AttentionShape.MAX_DIM) : Optional.empty();
    Optional<Integer> heads =
        m.require("heads") ? m.integer("heads", 1, AttentionShape.MAX_DIM) : Optional.empty();
    if (dim.isPresent() && heads.isPresent() && dim.get() % heads.get() != 0) {
      problems.add(
          m.nodeOf("heads"),
          "heads must divide dim (" + dim.get() + " % " + heads.get() + " != 0)");
      heads = Optional.empty();
    }
    Optional<Boolean> qkvBias = m.bool("qkv_bias");
    Optional<Float> qkScale = m.number("qk_scale");
    Optional<Boolean> withQkv =
        onlyFor(m, "with_qkv", Family.TEMPORAL, family).flatMap(k -> m.bool(k));
    Optional<Window> effective =
        onlyFor(m, "effective_window", Family.VIDEO_SWIN, family)
            .flatMap(k -> WindowText.parse(k, m.nodeOf(k), problems));
    Optional<Window> pretrained =
        onlyFor(m, "pretrained_window", Family.SWIN_V2, family)
            .flatMap(k -> pretrainedWindow(m, k));
    Optional<Boolean> masked = m.bool("masked");
    if (masked.orElse(false) && family.orElse(null) == Family.TEMPORAL) {
      problems.add(m.nodeOf("masked"), "temporal attention has no shifted-window mask");
    }
    String className = m.string("class").orElse("");
    if (!className.isEmpty() && !JavaNames.isIdentifier(className)) {
      problems.add(
          m.nodeOf("class"),
          "class name '"
              + className
              + "' is not a Java identifier (ASCII letters, digits, _ and"
              + " $, not starting with a digit, not a keyword)");
      className = "";
    } else if (JavaNames.tooLongPart(className).isPresent()) {
      problems.add(m.nodeOf("class"), JavaNames.tooLongMessage("class name", className));
      className = "";
    }
    if (family.isEmpty() || window.isEmpty() || dim.isEmpty() || heads.isEmpty()) {
      return Optional.empty();
    }
    AttentionShape.Builder b =
        AttentionShape.builder(family.get(), window.get(), dim.get(), heads.get());
    qkvBias.ifPresent(b::qkvBias);
    qkScale.ifPresent(b::qkScale);
    withQkv.ifPresent(
        w -> {
          b.withQkv(w);
          if (!w && qkvBias.isEmpty()) {
            b.qkvBias(false);
          }
        });
    effective.ifPresent(b::effectiveWindow);
    pretrained.ifPresent(b::pretrainedWindow);
    AttentionShape shape;
    try {
      shape = b.build();
    } catch (IllegalArgumentException e) {
      problems.add(m.node(), e.getMessage());
      return Optional.empty();
    }
    boolean isMasked = masked.orElse(family.get() != Family.TEMPORAL);
    List<FeatureMapSpec> maps = featureMaps(m, shape, isMasked);
    return Optional.of(new KernelSpec(shape, isMasked, className, maps));
  }

  /**
   * {@code resolution} and {@code shift} (one shift, or a list of them for the blocks of a stage):
   * the maps the kernel gets a fused entry for, checked against the shape by the runtime's own
   * clamps ({@link FeatureMapSpec#geometry}). Problems are reported at the key.
   */
  private List<FeatureMapSpec> featureMaps(YamlMapping m, AttentionShape shape, boolean masked) {
    Family f = shape.family();
    if (!m.has("resolution")) {
      if (m.has("shift")) {
        problems.add(m.nodeOf("shift"), "'shift' needs a 'resolution' (the feature map size)");
      }
      return List.of();
    }
    Node resolutionNode = m.nodeOf("resolution");
    Optional<List<Integer>> resolution =
        SizeText.parse(
            "resolution",
            resolutionNode,
            1,
            65_535,
            switch (f) {
              case TEMPORAL -> "196 (spatial tokens N; T is the window)";
              case VIDEO_SWIN -> "16x56x56 (D x H x W)";
              default -> "56x56 (H x W)";
            },
            problems);
    if (resolution.isEmpty()) {
      return List.of();
    }
    List<List<Integer>> shifts = new ArrayList<>();
    Node shiftNode = m.has("shift") ? m.nodeOf("shift") : resolutionNode;
    if (f == Family.TEMPORAL) {
      if (m.has("shift")) {
        problems.add(shiftNode, "temporal attention has no shift");
        return List.of();
      }
      shifts.add(List.of());
    } else if (!m.has("shift")) {
      shifts.add(f == Family.VIDEO_SWIN ? List.of(0, 0, 0) : List.of(0));
    } else {
      List<Node> items =
          shiftNode instanceof SequenceNode seq ? seq.getValue() : List.of(shiftNode);
      if (items.isEmpty()) {
        problems.add(shiftNode, "'shift' must not be an empty list");
        return List.of();
      }
      for (Node item : items) {
        Optional<List<Integer>> shift =
            SizeText.parse(
                "shift",
                item,
                0,
                4096,
                f == Family.VIDEO_SWIN ? "1x3x3 (D x H x W), or a list of them" : "3, or [0, 3]",
                problems);
        if (shift.isEmpty()) {
          return List.of();
        }
        shifts.add(shift.get());
      }
    }
    List<FeatureMapSpec> maps = new ArrayList<>();
    for (int i = 0; i < shifts.size(); i++) {
      Node at =
          m.has("shift") && shiftNode instanceof SequenceNode seq
              ? seq.getValue().get(i)
              : m.has("shift") ? shiftNode : resolutionNode;
      FeatureMapSpec map = new FeatureMapSpec(resolution.get(), shifts.get(i));
      try {
        if (map.geometry(shape).shifted() && !masked) {
          problems.add(
              at,
              "feature map "
                  + map.describe()
                  + " is shifted: the kernel needs 'masked: true' (or shift 0)");
          return List.of();
        }
      } catch (IllegalArgumentException e) {
        boolean aboutShift =
            e.getMessage().contains("shift") && map.resolution().size() == rankOf(f);
        problems.add(
            aboutShift ? at : resolutionNode,
            "feature map " + map.describe() + ": " + e.getMessage());
        return List.of();
      }
      if (!maps.contains(map)) {
        maps.add(map);
      }
    }
    return maps;
  }

  private static int rankOf(Family f) {
    return f == Family.TEMPORAL ? 1 : f.rank();
  }

  private Optional<Family> family(YamlMapping m) {
    if (!m.require("family")) {
      return Optional.empty();
    }
    return m.string("family")
        .flatMap(
            id -> {
              try {
                return Optional.of(Family.fromId(id));
              } catch (IllegalArgumentException e) {
                problems.add(m.nodeOf("family"), e.getMessage());
                return Optional.empty();
              }
            });
  }

  /** {@code window}, or {@code frames} for temporal attention; exactly one of them. */
  private Optional<Window> window(YamlMapping m, Optional<Family> family) {
    if (m.has("window") && m.has("frames")) {
      problems.add(m.nodeOf("frames"), "give either 'window' or 'frames', not both");
      return Optional.empty();
    }
    if (m.has("frames")) {
      if (family.isPresent() && family.get() != Family.TEMPORAL) {
        problems.add(
            m.nodeOf("frames"),
            "'frames' is for temporal attention; " + family.get() + " needs 'window'");
        return Optional.empty();
      }
      return m.integer("frames", 1, io.github.winattn.shape.Window.MAX_TOKENS).map(Window::of1d);
    }
    if (!m.has("window")) {
      problems.add(m.node(), m.what() + " needs 'window' (or 'frames' for temporal attention)");
      return Optional.empty();
    }
    Node node = m.nodeOf("window");
    Optional<Window> w = WindowText.parse("window", node, problems);
    if (w.isPresent() && family.isPresent() && w.get().rank() != family.get().rank()) {
      problems.add(
          node,
          family.get()
              + " needs a "
              + family.get().rank()
              + "-D window like "
              + example(family.get())
              + ", got '"
              + w.get()
              + "'");
      return Optional.empty();
    }
    return w;
  }

  private Optional<Window> pretrainedWindow(YamlMapping m, String key) {
    Node node = m.nodeOf(key);
    Optional<Window> w = WindowText.parse(key, node, problems);
    if (w.isPresent() && w.get().rank() == 1) {
      int size = w.get().width();
      return Optional.of(Window.of2d(size, size));
    }
    if (w.isPresent() && w.get().rank() != 2) {
      problems.add(
          node, "'" + key + "' must be 2-D like 12x12 (or one size), got '" + w.get() + "'");
      return Optional.empty();
    }
    return w;
  }

  /** The key if present and allowed for the family; reports it for any other family. */
  private Optional<String> onlyFor(
      YamlMapping m, String key, Family allowed, Optional<Family> family) {
    if (!m.has(key)) {
      return Optional.empty();
    }
    if (family.isPresent() && family.get() != allowed) {
      problems.add(
          m.nodeOf(key), "'" + key + "' only applies to " + allowed + ", not " + family.get());
      return Optional.empty();
    }
    return Optional.of(key);
  }

  private static String example(Family f) {
    return switch (f.rank()) {
      case 1 -> "8";
      case 2 -> "7x7";
      default -> "8x7x7";
    };
  }
}
