package io.github.winattn.cli.error;

/**
 * A user-facing error: its message is printed as one line, without a stack trace unless {@code
 * --stacktrace} is given.
 */
public final class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CliException(String message) {
    super(message);
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
