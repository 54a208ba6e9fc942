package io.github.winattn.generator.config;

import javax.lang.model.SourceVersion;

/**
 * Checks for names that reach generated source. Only ASCII letters, digits, {@code _} and
 * {@code $} pass, so no Unicode escape, comment or quote can ride along in a name.
 */
public final class JavaNames {

  private JavaNames() {}

  /** A simple Java identifier, not a keyword, in plain ASCII. */
  public static boolean isIdentifier(String name) {
    return name.chars().allMatch(JavaNames::isAsciiNameChar)
        && SourceVersion.isIdentifier(name)
        && !SourceVersion.isKeyword(name);
  }

  /** A dotted package name whose every part is an {@link #isIdentifier identifier}. */
  public static boolean isPackageName(String name) {
    if (name.isEmpty() || name.startsWith(".") || name.endsWith(".")) {
      return false;
    }
    for (String part : name.split("\\.", -1)) {
      if (!isIdentifier(part)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiNameChar(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
        || c == '$';
  }
}
