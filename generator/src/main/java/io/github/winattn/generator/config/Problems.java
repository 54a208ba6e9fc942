package io.github.winattn.generator.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects the diagnostics of one file so that all of them are reported at once. */
final class Problems {

  private final String file;
  private final List<Diagnostic> found = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  /** The location of a node's first character (the file start if SnakeYAML kept no mark). */
  SourceLocation at(Node node) {
    return node.getStartMark().map(this::at).orElse(SourceLocation.startOf(file));
  }

  SourceLocation at(Mark mark) {
    return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  void add(Node node, String message) {
    add(at(node), message);
  }

  void add(SourceLocation location, String message) {
    found.add(new Diagnostic(location, message));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /**
   * Throws a {@link ConfigException} with everything found, sorted by position, if anything was.
   */
  void throwIfAny() throws ConfigException {
    if (!found.isEmpty()) {
      List<Diagnostic> sorted = new ArrayList<>(found);
      sorted.sort(
          Comparator.comparingInt((Diagnostic d) -> d.location().line())
              .thenComparingInt(d -> d.location().column()));
      throw new ConfigException(sorted);
    }
  }
}
