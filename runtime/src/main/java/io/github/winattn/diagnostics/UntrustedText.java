package io.github.winattn.diagnostics;

/**
 * Makes text read from a file safe to print: a tensor name or configuration value may hold terminal
 * escapes (ESC, BEL, OSC sequences), line breaks or bidirectional overrides. Every message that
 * quotes file content goes through {@link #escape} or {@link #quote}.
 */
public final class UntrustedText {

  /** Longest quoted text, in chars, before {@link #quote} shortens it. */
  public static final int MAX_QUOTED_CHARS = 200;

  private UntrustedText() {}

  /**
   * Replaces each control character (C0, DEL, C1) and each invisible format character (such as the
   * bidirectional overrides U+202A..U+202E) by {@code \\uXXXX}, so the text prints as one inert
   * line.
   */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        if (sb == null) {
          sb = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        sb.append(String.format("\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? text : sb.toString();
  }

  /**
   * {@link #escape escaped} and shortened to {@link #MAX_QUOTED_CHARS} chars, with the number of
   * chars left out: {@code abc... (1234 more chars)}. Does not add quotes.
   */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    if (text.length() <= MAX_QUOTED_CHARS) {
      return escape(text);
    }
    int cut = MAX_QUOTED_CHARS;
    if (Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return escape(text.substring(0, cut)) + "... (" + (text.length() - cut) + " more chars)";
  }
}
