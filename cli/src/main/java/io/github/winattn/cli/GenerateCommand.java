package io.github.winattn.cli;

import io.github.winattn.cli.error.CliException;
import io.github.winattn.generator.config.ConfigException;
import io.github.winattn.generator.config.Diagnostic;
import io.github.winattn.generator.incremental.BuildOptions;
import io.github.winattn.generator.incremental.BuildResult;
import io.github.winattn.generator.incremental.KernelBuild;
import io.github.winattn.io.IoMessages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code winattn generate}: the Maven plugin's build without Maven; generates the kernels of a
 * configuration file into source and resource directories, incrementally.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generates the kernels of a kernels.yaml into --out (Java sources) and --resources-out"
          + " (the KernelCatalog service file; default: --out). A second run with unchanged"
          + " inputs does nothing.",
      "Configuration problems are listed one per line as file:line:column: message."
    })
final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The kernels configuration (YAML).")
  Path config;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Root of the generated Java sources.")
  Path out;

  @Option(
      names = "--resources-out",
      paramLabel = "DIR",
      description = "Root of the generated resources (default: --out).")
  Path resourcesOut;

  @Option(
      names = "--package",
      paramLabel = "P",
      description = "Package to generate into instead of the configuration's.")
  String packageName;

  @Option(names = "--force", description = "Regenerate even if the inputs are unchanged.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    BuildOptions options;
    try {
      options = new BuildOptions(packageName == null ? "" : packageName.trim(), force);
    } catch (IllegalArgumentException e) {
      throw new CliException("--package: " + e.getMessage(), e);
    }
    BuildResult result;
    try {
      result =
          KernelBuild.generate(config, out, resourcesOut == null ? out : resourcesOut, options);
    } catch (ConfigException e) {
      PrintWriter err = spec.commandLine().getErr();
      int n = e.diagnostics().size();
      err.println(
          "winattn generate: error: "
              + config
              + ": "
              + n
              + " problem"
              + (n == 1 ? "" : "s")
              + " in the kernels configuration");
      for (Diagnostic d : e.diagnostics()) {
        err.println(d);
      }
      err.flush();
      return ExitCodes.ERROR;
    } catch (IOException e) { // the configuration is read by then: this is about the output
      throw new CliException("cannot write " + IoMessages.describe(e), e);
    }
    PrintWriter pw = spec.commandLine().getOut();
    pw.println(
        result.summary()
            + " in "
            + out
            + (resourcesOut == null || resourcesOut.equals(out) ? "" : " and " + resourcesOut));
    pw.flush();
    return ExitCodes.OK;
  }
}
