package io.github.winattn.generator.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a size per axis written {@code 196}, {@code 56x56} or {@code 16x56x56}: a feature-map
 * {@code resolution} or a {@code shift}. Each value in {@code min..max}.
 */
final class SizeText {

  private static final Pattern FORM = Pattern.compile("[0-9]{1,5}(x[0-9]{1,5}){0,2}");

  private SizeText() {}

  static Optional<List<Integer>> parse(
      String key, Node node, int min, int max, String example, Problems problems) {
    if (node instanceof ScalarNode s
        && (Tag.INT.equals(s.getTag()) || Tag.STR.equals(s.getTag()))) {
      String text = s.getValue().trim();
      if (FORM.matcher(text).matches()) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : text.split("x")) {
          int v = Integer.parseInt(part);
          if (v < min || v > max) {
            problems.add(
                node, "'" + key + "' values must be in " + min + ".." + max + ", got " + text);
            return Optional.empty();
          }
          sizes.add(v);
        }
        return Optional.of(List.copyOf(sizes));
      }
    }
    problems.add(
        node, "'" + key + "' must be like " + example + ", got " + YamlMapping.describe(node));
    return Optional.empty();
  }
}
