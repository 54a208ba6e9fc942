package io.github.winattn.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code winattn} command; it only holds the subcommands and shared options. */
@Command(
    name = "winattn",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Fused window attention with relative position bias for the JVM.",
    footer = {
      "",
      "Exit codes: 0 ok, 1 error, 2 usage error, 3 compare found a kernel out of tolerance.",
      "Run with java --add-modules jdk.incubator.vector (the ./winattn script does) for the"
          + " Vector API kernels."
    })
final class WinattnCommand {

  @Option(
      names = "--stacktrace",
      scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error.")
  boolean stacktrace;
}
