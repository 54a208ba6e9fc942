package io.github.winattn.generator.config;

import javax.lang.model.SourceVersion;

/**
 * Checks for names that reach generated source. Only ASCII letters, digits, {@code _} and {@code $}
 * pass, so no Unicode escape, comment or quote can ride along in a name.
 */
public final class JavaNames {

  /**
   * The longest class name or package part accepted: with a variant suffix such as {@code
   * _Vector.java} it still fits the 255 bytes file systems allow in a file name.
   */
  public static final int MAX_LENGTH = 200;

  /** Packages of the JDK: classes generated there fail in javac or at run time. */
  public static final java.util.List<String> RESERVED_PACKAGES =
      java.util.List.of("java", "javax", "jdk", "sun", "com.sun");

  private JavaNames() {}

  /** The reserved package {@code name} is in or below, if any ({@code java.util} gives java). */
  public static java.util.Optional<String> reservedRoot(String name) {
    return RESERVED_PACKAGES.stream()
        .filter(r -> name.equals(r) || name.startsWith(r + "."))
        .findFirst();
  }

  /** The message for a package in the JDK's namespace. */
  public static String reservedMessage(String name, String root) {
    return "package '"
        + name
        + "' is in "
        + root
        + ".*, which belongs to the JDK (as do "
        + String.join(".*, ", RESERVED_PACKAGES)
        + ".*); use your own, e.g. com.example.attention";
  }

  /** The first dot-separated part of {@code name} longer than {@link #MAX_LENGTH}, if any. */
  public static java.util.Optional<String> tooLongPart(String name) {
    for (String part : name.split("\\.", -1)) {
      if (part.length() > MAX_LENGTH) {
        return java.util.Optional.of(part);
      }
    }
    return java.util.Optional.empty();
  }

  /** The message for a name part longer than {@link #MAX_LENGTH}, quoting its start. */
  public static String tooLongMessage(String what, String part) {
    return what
        + " '"
        + part.substring(0, 20)
        + "...' is "
        + part.length()
        + " characters long;"
        + " at most "
        + MAX_LENGTH
        + " fit in a file name";
  }

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
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || c == '_'
        || c == '$';
  }
}
