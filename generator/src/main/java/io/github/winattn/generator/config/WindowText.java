package io.github.winattn.generator.config;

import io.github.winattn.shape.Window;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Reads a window written {@code 8} (frames), {@code 7x7} or {@code 8x7x7}. */
final class WindowText {

  private static final Pattern FORM = Pattern.compile("[0-9]{1,5}(x[0-9]{1,5}){0,2}");

  private WindowText() {}

  static Optional<Window> parse(String key, Node node, Problems problems) {
    if (node instanceof ScalarNode s
        && (Tag.INT.equals(s.getTag()) || Tag.STR.equals(s.getTag()))) {
      String text = s.getValue().trim();
      if (FORM.matcher(text).matches()) {
        try {
          return Optional.of(Window.parse(text));
        } catch (IllegalArgumentException e) {
          problems.add(node, "'" + key + "': " + e.getMessage());
          return Optional.empty();
        }
      }
    }
    problems.add(
        node,
        "'"
            + key
            + "' must be a window like 8 (frames), 7x7 or 8x7x7, got "
            + YamlMapping.describe(node));
    return Optional.empty();
  }
}
