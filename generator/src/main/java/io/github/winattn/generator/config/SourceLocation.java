package io.github.winattn.generator.config;

/**
 * A position in a configuration file, 1-based, as editors and compilers print it.
 *
 * @param file the file's name as the user gave it
 * @param line line, from 1
 * @param column column, from 1
 */
public record SourceLocation(String file, int line, int column) {

  public SourceLocation {
    if (file == null) {
      throw new IllegalArgumentException("file == null");
    }
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException(
          "line and column start at 1 (got " + line + ":" + column + ")");
    }
  }

  /** The start of {@code file}, for problems that belong to no particular node. */
  public static SourceLocation startOf(String file) {
    return new SourceLocation(file, 1, 1);
  }

  /** {@code file:line:column}. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
