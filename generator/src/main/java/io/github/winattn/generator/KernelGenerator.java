package io.github.winattn.generator;

import java.util.List;
import java.util.Optional;

/**
 * The generator's public entry point: plans and emits specialised kernels for a list of shapes.
 * Used by the Maven plugin, the CLI and tests alike. Output is deterministic: the same arguments
 * give byte-identical files.
 */
public final class KernelGenerator {

  /** Version written into every generated file header and into the plugin's input digest. */
  public static final String VERSION = "0.1.0";

  /**
   * Why {@code spec} cannot be generated within the JVM's limits or the generator's scope, or
   * empty if it can.
   */
  public Optional<String> unsupportedReason(KernelSpec spec) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Generates, for each spec, a plain-Java and a Vector API kernel class in {@code packageName},
   * a {@link io.github.winattn.kernel.KernelCatalog} implementation listing them, and its
   * {@code META-INF/services} file.
   *
   * @throws IllegalArgumentException if a spec is unsupported (message names the shape and why),
   *     two specs share a class name, or the package name is not a valid Java package
   */
  public List<GeneratedFile> generate(String packageName, List<KernelSpec> specs) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** A human-readable dump of every planning decision for {@code spec} (the debug option). */
  public String describePlan(KernelSpec spec) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
