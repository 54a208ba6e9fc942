package io.github.winattn.generator.incremental;

import io.github.winattn.generator.GeneratedFile;
import io.github.winattn.generator.KernelGenerator;
import io.github.winattn.generator.KernelSpec;
import io.github.winattn.kernel.MlpShape;
import java.util.List;
import java.util.Optional;

/** The generator as the build sees it; tests substitute a fake. */
public interface KernelBackend {

  /**
   * Part of the input digest: a new version regenerates everything. The standard backend's is
   * {@link KernelGenerator#VERSION} plus a fingerprint of the generator's classes, so that a
   * changed generator snapshot regenerates too.
   */
  String version();

  /** Why {@code spec} cannot be generated, or empty. */
  Optional<String> unsupportedReason(KernelSpec spec);

  /** The files for {@code specs} in {@code packageName}. */
  List<GeneratedFile> generate(String packageName, List<KernelSpec> specs);

  /** The files for {@code specs} and the MLP block kernels {@code mlps} in {@code packageName}. */
  default List<GeneratedFile> generate(
      String packageName, List<KernelSpec> specs, List<MlpShape> mlps) {
    return generate(packageName, specs);
  }

  /** The real generator, {@link KernelGenerator}. */
  static KernelBackend standard() {
    KernelGenerator generator = new KernelGenerator();
    String version = KernelGenerator.VERSION + "+" + GeneratorFingerprint.ofRunningGenerator();
    return new KernelBackend() {
      @Override
      public String version() {
        return version;
      }

      @Override
      public Optional<String> unsupportedReason(KernelSpec spec) {
        return generator.unsupportedReason(spec);
      }

      @Override
      public List<GeneratedFile> generate(String packageName, List<KernelSpec> specs) {
        return generator.generate(packageName, specs);
      }

      @Override
      public List<GeneratedFile> generate(
          String packageName, List<KernelSpec> specs, List<MlpShape> mlps) {
        return generator.generate(packageName, specs, mlps);
      }
    };
  }
}
