package io.github.winattn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code winattn generate} (being written). */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "(not implemented yet)")
final class GenerateCommand implements Callable<Integer> {

  GenerateCommand() {}

  @Override
  public Integer call() {
    throw new CliException("generate is not implemented yet");
  }
}
