package io.github.winattn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code winattn inspect} (being written). */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "(not implemented yet)")
final class InspectCommand implements Callable<Integer> {

  InspectCommand() {}

  @Override
  public Integer call() {
    throw new CliException("inspect is not implemented yet");
  }
}
