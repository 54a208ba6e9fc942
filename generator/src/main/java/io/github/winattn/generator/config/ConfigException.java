package io.github.winattn.generator.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration file is invalid. Carries every problem found, in file order; the message lists
 * them one per line as {@code file:line:column: message}.
 */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<Diagnostic> diagnostics;

  public ConfigException(List<Diagnostic> diagnostics) {
    super(format(diagnostics));
    this.diagnostics = List.copyOf(diagnostics);
  }

  /** The problems, at least one, in file order. */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  private static String format(List<Diagnostic> diagnostics) {
    if (diagnostics == null || diagnostics.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one diagnostic");
    }
    String noun = diagnostics.size() == 1 ? "problem" : "problems";
    return diagnostics.size()
        + " "
        + noun
        + " in the kernels configuration:\n"
        + diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n"));
  }
}
