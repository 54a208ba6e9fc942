package io.github.winattn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code winattn forward} (being written). */
@Command(name = "forward", mixinStandardHelpOptions = true, description = "(not implemented yet)")
final class ForwardCommand implements Callable<Integer> {

  ForwardCommand(CliContext context) {}

  @Override
  public Integer call() {
    throw new CliException("forward is not implemented yet");
  }
}
