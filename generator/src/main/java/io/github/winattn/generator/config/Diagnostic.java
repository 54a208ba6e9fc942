package io.github.winattn.generator.config;

/**
 * One problem found in a configuration file.
 *
 * @param location where the problem is
 * @param message what is wrong, naming the offending value
 */
public record Diagnostic(SourceLocation location, String message) {

  public Diagnostic {
    if (location == null) {
      throw new IllegalArgumentException("location == null");
    }
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("message must not be blank (at " + location + ")");
    }
  }

  /** {@code file:line:column: message}, the format compilers use. */
  @Override
  public String toString() {
    return location + ": " + message;
  }
}
