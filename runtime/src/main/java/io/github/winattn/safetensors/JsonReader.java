package io.github.winattn.safetensors;

import io.github.winattn.diagnostics.UntrustedText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, bounded JSON parser (RFC 8259) for safetensors headers. Objects become {@code
 * LinkedHashMap<String, Object>} in file order, arrays {@code List<Object>}, integers without
 * fraction or exponent {@code Long}, other numbers {@code Double}, and JSON null {@link #NULL}.
 * Duplicate keys, nesting deeper than {@link #MAX_DEPTH}, integers outside the {@code long} range,
 * unpaired surrogates and anything but whitespace after the value are errors. Errors are {@link
 * IllegalArgumentException}s whose message starts with the character position.
 *
 * <p>Memory is bounded by caps checked while parsing, before the next value is allocated: at most
 * {@link #MAX_OBJECT_MEMBERS} members per object (one per tensor, plus {@code __metadata__}),
 * {@link #MAX_ARRAY_ELEMENTS} elements per array (a shape or {@code data_offsets}) and {@link
 * #MAX_KEY_CHARS} chars per key (a tensor name), so each parsed entry has a bounded size.
 */
final class JsonReader {

  /** Deepest nesting accepted; a safetensors header needs 3. */
  static final int MAX_DEPTH = 64;

  /** Most tensors in one file: far above real checkpoints (Swin-L has under 1,000). */
  static final int MAX_TENSORS = 100_000;

  /** Most members of one object: the tensors plus {@code __metadata__}. */
  static final int MAX_OBJECT_MEMBERS = MAX_TENSORS + 1;

  /** Most elements of one array: a shape's rank or the two data offsets. */
  static final int MAX_ARRAY_ELEMENTS = 64;

  /** Longest key (tensor or metadata name), in chars. */
  static final int MAX_KEY_CHARS = 4096;

  /** The JSON {@code null} value. */
  static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  private final String text;
  private int pos;
  private int depth;

  private JsonReader(String text) {
    this.text = text;
  }

  /** Parses exactly one JSON value surrounded by optional whitespace. */
  static Object parse(String text) {
    JsonReader r = new JsonReader(text);
    r.skipWhitespace();
    Object value = r.value();
    r.skipWhitespace();
    if (r.pos != text.length()) {
      throw r.error("unexpected " + r.describeCurrent() + " after the JSON value");
    }
    return value;
  }

  private Object value() {
    if (pos >= text.length()) {
      throw error("unexpected end of input, expected a value");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected " + describeCurrent() + ", expected a value");
    }
  }

  private Map<String, Object> object() {
    int start = pos;
    enter();
    pos++; // '{'
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      depth--;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("unexpected " + describeCurrent() + ", expected a string key");
      }
      int keyPos = pos;
      if (map.size() == MAX_OBJECT_MEMBERS) {
        throw error(
            "more than "
                + MAX_OBJECT_MEMBERS
                + " members in one object (a header holds at"
                + " most "
                + MAX_TENSORS
                + " tensors and __metadata__)");
      }
      String key = string();
      if (key.length() > MAX_KEY_CHARS) {
        pos = keyPos;
        throw error(
            "a key of " + key.length() + " chars, longer than the limit of " + MAX_KEY_CHARS);
      }
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object v = value();
      if (map.put(key, v) != null) {
        throw new IllegalArgumentException(
            "at character "
                + keyPos
                + ": duplicate key '"
                + UntrustedText.quote(key)
                + "' in the object starting at "
                + "character "
                + start);
      }
      skipWhitespace();
      char c = peek();
      if (c == ',') {
        pos++;
      } else if (c == '}') {
        pos++;
        depth--;
        return map;
      } else {
        throw error("unexpected " + describeCurrent() + ", expected ',' or '}'");
      }
    }
  }

  private List<Object> array() {
    enter();
    pos++; // '['
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      return Collections.unmodifiableList(list);
    }
    while (true) {
      skipWhitespace();
      if (list.size() == MAX_ARRAY_ELEMENTS) {
        throw error("more than " + MAX_ARRAY_ELEMENTS + " elements in one array");
      }
      list.add(value());
      skipWhitespace();
      char c = peek();
      if (c == ',') {
        pos++;
      } else if (c == ']') {
        pos++;
        depth--;
        return Collections.unmodifiableList(list);
      } else {
        throw error("unexpected " + describeCurrent() + ", expected ',' or ']'");
      }
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
  }

  private String string() {
    pos++; // opening quote
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("unescaped control character U+" + hex4(c) + " in a string");
      }
      if (c != '\\') {
        sb.append(c);
        pos++;
        continue;
      }
      if (pos + 1 >= text.length()) {
        throw error("unterminated string");
      }
      char e = text.charAt(pos + 1);
      pos += 2;
      switch (e) {
        case '"' -> sb.append('"');
        case '\\' -> sb.append('\\');
        case '/' -> sb.append('/');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> sb.append(unicodeEscape());
        default -> {
          pos -= 2;
          throw error("invalid escape '\\" + UntrustedText.escape(String.valueOf(e)) + "'");
        }
      }
    }
  }

  /** After {@code \\u}: one code unit, or a surrogate pair written as two escapes. */
  private String unicodeEscape() {
    int escapeStart = pos - 2;
    char first = hexUnit();
    if (Character.isLowSurrogate(first)) {
      pos = escapeStart;
      throw error("unpaired low surrogate \\u" + hex4(first));
    }
    if (!Character.isHighSurrogate(first)) {
      return String.valueOf(first);
    }
    if (pos + 1 < text.length() && text.charAt(pos) == '\\' && text.charAt(pos + 1) == 'u') {
      pos += 2;
      char second = hexUnit();
      if (Character.isLowSurrogate(second)) {
        return new String(new char[] {first, second});
      }
    }
    pos = escapeStart;
    throw error("unpaired high surrogate \\u" + hex4(first));
  }

  private char hexUnit() {
    if (pos + 4 > text.length()) {
      throw error("truncated \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(text.charAt(pos + i), 16);
      if (d < 0) {
        throw error("invalid hex digit '" + text.charAt(pos + i) + "' in a \\u escape");
      }
      v = v * 16 + d;
    }
    pos += 4;
    return (char) v;
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      while (isDigit(peek())) {
        pos++;
      }
    } else {
      throw error("invalid number: expected a digit");
    }
    boolean integral = true;
    if (peek() == '.') {
      integral = false;
      pos++;
      if (!isDigit(peek())) {
        throw error("invalid number: expected a digit after '.'");
      }
      while (isDigit(peek())) {
        pos++;
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw error("invalid number: expected a digit in the exponent");
      }
      while (isDigit(peek())) {
        pos++;
      }
    }
    String literal = text.substring(start, pos);
    if (!integral) {
      return Double.parseDouble(literal);
    }
    try {
      return Long.parseLong(literal);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "at character " + start + ": integer " + literal + " is outside the 64-bit range");
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected " + describeCurrent() + ", expected a value");
    }
    pos += word.length();
    return value;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("unexpected " + describeCurrent() + ", expected '" + c + "'");
    }
    pos++;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  /** The current character, or U+FFFF (never valid JSON syntax) at the end. */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\uffff';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private String describeCurrent() {
    if (pos >= text.length()) {
      return "end of input";
    }
    char c = text.charAt(pos);
    return c < 0x20 || c > 0x7e ? "character U+" + hex4(c) : "'" + c + "'";
  }

  private static String hex4(char c) {
    return String.format("%04X", (int) c);
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("at character " + pos + ": " + what);
  }
}
