package io.github.winattn.generator.config;

import io.github.winattn.diagnostics.UntrustedText;

/**
 * One problem found in a configuration file. Control characters in the message (which may quote the
 * user's text) are escaped as {@code \\uXXXX} by {@link UntrustedText}, so a diagnostic is always
 * one line.
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
    message = UntrustedText.escape(message);
  }

  /** {@code file:line:column: message}, the format compilers use. */
  @Override
  public String toString() {
    return location + ": " + message;
  }
}
