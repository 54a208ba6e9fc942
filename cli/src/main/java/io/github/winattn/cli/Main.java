package io.github.winattn.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of {@code winattn}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    LogFormat.install();
    System.exit(commandLine(CliContext.standard()).execute(args));
  }

  /** The whole command tree over {@code context}, with one-line error handling. */
  public static CommandLine commandLine(CliContext context) {
    CommandLine cl = new CommandLine(new WinattnCommand());
    cl.addSubcommand(new ForwardCommand(context));
    cl.addSubcommand(new CompareCommand(context));
    cl.addSubcommand(new ClassifyCommand());
    cl.addSubcommand(new GenerateCommand());
    cl.addSubcommand(new InspectCommand());
    cl.addSubcommand(new PlanCommand());
    ErrorHandler handler = new ErrorHandler();
    cl.setExecutionExceptionHandler(handler);
    cl.setParameterExceptionHandler(handler);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  /** Runs {@code args} with output and errors sent to the given writers; returns the exit code. */
  public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine(context);
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }
}
