package io.github.winattn.cli;

/** The exit codes of {@code winattn}. */
public final class ExitCodes {

  /** Success. */
  public static final int OK = 0;

  /** An error: missing or malformed file, flag/tensor mismatch, kernel unavailable. */
  public static final int ERROR = 1;

  /** A command-line usage error: unknown option, missing or malformed value. */
  public static final int USAGE = 2;

  /** {@code compare}: a kernel is out of tolerance; {@code forward --expect}: the output is. */
  public static final int OUT_OF_TOLERANCE = 3;

  private ExitCodes() {}
}
