package io.github.winattn.generator.config;

/**
 * One problem found in a configuration file. Control characters in the message (which may quote
 * the user's text) are escaped as {@code \\uXXXX}, so a diagnostic is always one line.
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
    message = escapeControls(message);
  }

  private static String escapeControls(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** {@code file:line:column: message}, the format compilers use. */
  @Override
  public String toString() {
    return location + ": " + message;
  }
}
