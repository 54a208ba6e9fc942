package io.github.winattn.cli;

import io.github.winattn.cli.error.CliException;
import io.github.winattn.generator.KernelGenerator;
import io.github.winattn.generator.config.ConfigException;
import io.github.winattn.generator.config.ConfigLoader;
import io.github.winattn.generator.config.ConfiguredKernel;
import io.github.winattn.generator.config.Diagnostic;
import io.github.winattn.generator.config.KernelsConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code winattn plan}: the generator's debug option; prints every planning decision (tiling, bias
 * and index encoding, method split, budgets) for the kernels of a configuration file.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "Prints the generator's plan (every decision) for each kernel of a kernels.yaml.")
final class PlanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The kernels configuration (YAML).")
  Path config;

  @Option(
      names = "--shape",
      paramLabel = "TEXT",
      description = "Only kernels whose shape description contains TEXT, e.g. 'dim=96'.")
  String filter;

  @Override
  public Integer call() throws IOException {
    KernelGenerator generator = new KernelGenerator();
    KernelsConfig loaded;
    try {
      loaded = new ConfigLoader(generator::unsupportedReason).load(config, "");
    } catch (ConfigException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "winattn plan: error: "
              + config
              + ": "
              + e.diagnostics().size()
              + " problem(s) in the kernels configuration");
      for (Diagnostic d : e.diagnostics()) {
        err.println(d);
      }
      err.flush();
      return ExitCodes.ERROR;
    }
    List<ConfiguredKernel> kernels =
        loaded.kernels().stream()
            .filter(k -> filter == null || k.spec().shape().describe().contains(filter))
            .toList();
    if (kernels.isEmpty()) {
      throw new CliException("no kernel of " + config + " matches --shape '" + filter + "'");
    }
    PrintWriter out = spec.commandLine().getOut();
    for (ConfiguredKernel k : kernels) {
      out.println("# " + k.source());
      out.println(generator.describePlan(k.spec()));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
