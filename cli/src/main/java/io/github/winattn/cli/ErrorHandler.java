package io.github.winattn.cli;

import io.github.winattn.cli.error.CliException;
import io.github.winattn.diagnostics.UntrustedText;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one line on stderr, {@code winattn <command>: error: <message>}, and an
 * exit code; the stack trace follows only with {@code --stacktrace}. The runtime names Java API
 * ({@code KernelChoice.GENERATED_VECTOR}); here a refused choice becomes its flag ({@code --kernel
 * generated-vector}). Messages may quote file content: control characters are escaped ({@link
 * UntrustedText}).
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    err.println(prefix(cmd) + oneLine(message(e)));
    if (wantsStackTrace(parsed)) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.ERROR;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(
        prefix(cmd)
            + oneLine(e.getMessage())
            + " (see "
            + cmd.getCommandSpec().qualifiedName()
            + " --help)");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static String prefix(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName() + ": error: ";
  }

  /** The message of a user error as is; of anything else, its type too. */
  private static String message(Throwable e) {
    if (e instanceof io.github.winattn.registry.KernelUnavailableException k) {
      return k.choice().map(c -> k.reason() + " (--kernel " + c.id() + ")").orElse(k.getMessage());
    }
    if (e instanceof CliException || e instanceof IllegalArgumentException) {
      return e.getMessage();
    }
    if (e instanceof java.nio.file.NoSuchFileException n && n.getReason() == null) {
      return "no such file: " + n.getFile();
    }
    if (e instanceof java.io.IOException failure) { // "path: permission denied", not the type
      return io.github.winattn.io.IoMessages.describe(failure);
    }
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** Line breaks folded into spaces, then every other control character escaped. */
  private static String oneLine(String text) {
    return text == null
        ? "(no message)"
        : UntrustedText.escape(text.replaceAll("\\s*\\R\\s*", " ").trim());
  }

  private static boolean wantsStackTrace(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--stacktrace")) {
        return true;
      }
    }
    return false;
  }
}
