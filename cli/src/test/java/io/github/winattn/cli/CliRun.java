package io.github.winattn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The outcome of one in-process {@code winattn} run: exit code, stdout, stderr. */
record CliRun(int exit, String out, String err) {

  static CliRun of(CliContext context, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(context, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  static CliRun of(String... args) {
    return of(CliContext.standard(), args);
  }

  /** The error lines (stderr without progress lines). */
  String errorLines() {
    return err.lines().filter(l -> l.contains("error:")).reduce("", (a, b) -> a + b + "\n");
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
  }
}
