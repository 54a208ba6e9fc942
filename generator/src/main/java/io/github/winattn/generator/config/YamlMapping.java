package io.github.winattn.generator.config;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed, located access to one YAML mapping. Every accessor reports a wrong type to {@link
 * Problems} (naming the key, the expected type and the value) and returns empty, so parsing goes on
 * and finds the next problem.
 */
final class YamlMapping {

  private final Node node;
  private final String what;
  private final Problems problems;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  private YamlMapping(Node node, String what, Problems problems) {
    this.node = node;
    this.what = what;
    this.problems = problems;
  }

  /**
   * Wraps {@code node} if it is a mapping with scalar keys, reporting duplicate and non-scalar
   * keys; reports and returns empty if it is not a mapping.
   *
   * @param what how the mapping is named in messages, e.g. {@code "kernel"}
   */
  static Optional<YamlMapping> of(Node node, String what, Problems problems) {
    if (!(node instanceof MappingNode mapping)) {
      problems.add(node, what + " must be a mapping (key: value lines), got " + describe(node));
      return Optional.empty();
    }
    YamlMapping m = new YamlMapping(node, what, problems);
    for (NodeTuple t : mapping.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode key)) {
        problems.add(t.getKeyNode(), "keys of " + what + " must be plain names");
        continue;
      }
      NodeTuple previous = m.entries.putIfAbsent(key.getValue(), t);
      if (previous != null) {
        problems.add(
            key,
            "duplicate key '"
                + key.getValue()
                + "' in "
                + what
                + " (first at "
                + problems.at(previous.getKeyNode())
                + ")");
      }
    }
    return Optional.of(m);
  }

  Node node() {
    return node;
  }

  String what() {
    return what;
  }

  Set<String> keys() {
    return entries.keySet();
  }

  /** Reports every key not in {@code allowed}, listing the allowed ones. */
  void rejectUnknownKeys(List<String> allowed) {
    for (NodeTuple t : entries.values()) {
      String key = ((ScalarNode) t.getKeyNode()).getValue();
      if (!allowed.contains(key)) {
        problems.add(
            t.getKeyNode(),
            "unknown key '"
                + key
                + "' in "
                + what
                + " (expected one of: "
                + String.join(", ", allowed)
                + ")");
      }
    }
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  Optional<Node> value(String key) {
    return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
  }

  /** The value node of {@code key}, or the mapping itself when the key is absent. */
  Node nodeOf(String key) {
    return value(key).orElse(node);
  }

  /** Reports a missing required key at the mapping's start. */
  boolean require(String key) {
    if (!has(key)) {
      problems.add(node, what + " needs '" + key + "'");
      return false;
    }
    return true;
  }

  Optional<String> string(String key) {
    return value(key).flatMap(v -> scalar(key, v, "a string"));
  }

  Optional<Integer> integer(String key, int min, int max) {
    return value(key).flatMap(v -> integer(key, v, min, max, problems));
  }

  Optional<Boolean> bool(String key) {
    Optional<Node> v = value(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.get() instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
      return Optional.of(Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT)));
    }
    problems.add(v.get(), "'" + key + "' must be true or false, got " + describe(v.get()));
    return Optional.empty();
  }

  /** A finite number (integer or decimal), as float32 the way PyTorch stores it. */
  Optional<Float> number(String key) {
    Optional<Node> v = value(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.get() instanceof ScalarNode s
        && (Tag.FLOAT.equals(s.getTag()) || Tag.INT.equals(s.getTag()))) {
      try {
        float f =
            Tag.INT.equals(s.getTag())
                ? coreInteger(s.getValue()).floatValue()
                : Float.parseFloat(s.getValue().replace("_", ""));
        if (Float.isFinite(f)) {
          return Optional.of(f);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problems.add(v.get(), "'" + key + "' must be a finite number, got " + describe(v.get()));
    return Optional.empty();
  }

  private Optional<String> scalar(String key, Node v, String expected) {
    if (v instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())) {
      return Optional.of(s.getValue());
    }
    problems.add(v, "'" + key + "' must be " + expected + ", got " + describe(v));
    return Optional.empty();
  }

  /** Reads an integer scalar in {@code [min, max]}, reporting anything else. */
  static Optional<Integer> integer(String key, Node v, int min, int max, Problems problems) {
    if (v instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
      try {
        BigInteger value = coreInteger(s.getValue());
        if (value.compareTo(BigInteger.valueOf(min)) >= 0
            && value.compareTo(BigInteger.valueOf(max)) <= 0) {
          return Optional.of(value.intValueExact());
        }
        problems.add(v, "'" + key + "' must be in " + min + ".." + max + ", got " + s.getValue());
        return Optional.empty();
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problems.add(v, "'" + key + "' must be an integer, got " + describe(v));
    return Optional.empty();
  }

  /**
   * The value of a scalar the YAML 1.2 core schema tags as an integer: decimal with an optional
   * sign, {@code 0x} hexadecimal or {@code 0o} octal, so {@code 0x60} is 96 as YAML says.
   *
   * @throws NumberFormatException if the text is none of these
   */
  static BigInteger coreInteger(String text) {
    if (text.startsWith("0x")) {
      return new BigInteger(text.substring(2), 16);
    }
    if (text.startsWith("0o")) {
      return new BigInteger(text.substring(2), 8);
    }
    return new BigInteger(text.startsWith("+") ? text.substring(1) : text);
  }

  /** How a node reads in a message: its type and, for scalars, the value (shortened). */
  static String describe(Node node) {
    if (node instanceof ScalarNode s) {
      if (Tag.NULL.equals(s.getTag())) {
        return "nothing (null)";
      }
      String type =
          Tag.INT.equals(s.getTag())
              ? "integer"
              : Tag.FLOAT.equals(s.getTag())
                  ? "number"
                  : Tag.BOOL.equals(s.getTag()) ? "boolean" : "string";
      String value = s.getValue();
      if (value.length() > 40) {
        value = value.substring(0, 37) + "...";
      }
      return type + " '" + value + "'";
    }
    return switch (node.getNodeType()) {
      case MAPPING -> "a mapping";
      case SEQUENCE -> "a list";
      default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
