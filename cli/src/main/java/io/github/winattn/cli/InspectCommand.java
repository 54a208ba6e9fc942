package io.github.winattn.cli;

import io.github.winattn.cli.forward.FamilyGuess;
import io.github.winattn.cli.forward.Tensors;
import io.github.winattn.diagnostics.Listing;
import io.github.winattn.diagnostics.UntrustedText;
import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.weights.InspectedModule;
import io.github.winattn.weights.StateDictBinder;
import io.github.winattn.weights.StateDictInspector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code winattn inspect}: what a module's tensors in a state dict reveal about its shape. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description =
        "Prints what the tensors of one attention module reveal: dim, heads, qkv bias,"
            + " with_qkv, table rows, tokens and the windows that fit; and the attention modules of"
            + " the file.")
final class InspectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--weights",
      required = true,
      paramLabel = "STATE.safetensors",
      description = "The state dict.")
  Path weights;

  @Option(
      names = "--prefix",
      paramLabel = "P",
      defaultValue = "",
      description = "The module's key prefix (default: none).")
  String prefix;

  @Option(
      names = "--family",
      paramLabel = "FAMILY",
      converter = Converters.FamilyConverter.class,
      description = "swin_v1, swin_v2, video_swin or temporal (default: what the tensors reveal).")
  Family family;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (SafetensorsFile state = Tensors.open("--weights", weights)) {
      String p = StateDictBinder.normalizePrefix(prefix);
      InspectedModule m =
          family != null
              ? StateDictInspector.inspect(state, p, family)
              : FamilyGuess.inspect(state, p);
      out.println("file:       " + UntrustedText.escape(state.describe()));
      out.println("modules:    " + modules(StateDictInspector.modulePrefixes(state)));
      out.println("prefix:     " + (p.isEmpty() ? "(none)" : UntrustedText.quote(p)));
      out.println(
          "family:     "
              + m.family()
              + (family != null
                  ? ""
                  : FamilyGuess.ambiguous(state, p)
                      ? " (from the tensors; they fit video_swin too: pass --family video_swin if it is)"
                      : " (from the tensors)"));
      out.println(
          "dim:        "
              + (m.dim().isPresent()
                  ? m.dim().getAsInt()
                  : "(no projections: taken from the input)"));
      out.println("heads:      " + m.heads());
      out.println("qkv_bias:   " + m.qkvBias());
      out.println("with_qkv:   " + m.withQkv());
      out.println(
          "table rows: " + (m.tableRows().isPresent() ? m.tableRows().getAsInt() : "(unknown)"));
      out.println(
          "tokens:     "
              + (m.fullTokens().isPresent() ? m.fullTokens().getAsInt() : "(no index buffer)"));
      out.println(
          "windows:    "
              + (m.windows().isEmpty()
                  ? "(not determined)"
                  : String.join(" or ", m.windows().stream().map(Window::toString).toList())));
      out.println("tensors:");
      for (String name : state.names()) {
        if (name.startsWith(p)) {
          // names come from the file: escaped, so that no terminal escape reaches the terminal
          out.println(
              "  "
                  + UntrustedText.quote(name)
                  + " "
                  + Tensors.format(state.shape(name))
                  + " "
                  + state.info(name).dtype());
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  private static String modules(List<String> prefixes) {
    if (prefixes.isEmpty()) {
      return "(none found)";
    }
    List<String> shown =
        prefixes.stream().map(s -> s.isEmpty() ? "(no prefix)" : UntrustedText.quote(s)).toList();
    return Listing.join(shown);
  }
}
