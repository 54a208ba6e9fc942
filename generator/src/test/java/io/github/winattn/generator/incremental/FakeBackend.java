package io.github.winattn.generator.incremental;

import io.github.winattn.generator.GeneratedFile;
import io.github.winattn.generator.KernelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A generator stand-in: one source per kernel plus a service file, counting its calls. */
final class FakeBackend implements KernelBackend {

  String version = "1";
  int calls;
  List<GeneratedFile> extra = List.of();

  @Override
  public String version() {
    return version;
  }

  @Override
  public Optional<String> unsupportedReason(KernelSpec spec) {
    return spec.shape().tokens() > 256 ? Optional.of("too many tokens") : Optional.empty();
  }

  @Override
  public List<GeneratedFile> generate(String packageName, List<KernelSpec> specs) {
    calls++;
    String dir = packageName.replace('.', '/') + "/";
    List<GeneratedFile> files = new ArrayList<>();
    StringBuilder services = new StringBuilder();
    for (KernelSpec spec : specs) {
      String name =
          "K_" + spec.shape().family() + "_" + spec.shape().window() + "_" + spec.shape().dim();
      files.add(
          new GeneratedFile(
              dir + name + ".java",
              "// " + spec.shape().describe() + " masked=" + spec.masked() + "\n",
              false));
      services.append(packageName).append('.').append(name).append('\n');
    }
    files.add(
        new GeneratedFile(
            "META-INF/services/io.github.winattn.kernel.KernelCatalog", services.toString(), true));
    files.addAll(extra);
    return files;
  }
}
