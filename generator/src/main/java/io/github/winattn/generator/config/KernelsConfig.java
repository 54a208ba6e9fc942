package io.github.winattn.generator.config;

import io.github.winattn.generator.KernelSpec;
import java.util.List;

/**
 * A validated configuration: the package to generate into and the kernels, each shape once.
 *
 * @param file the file's name as given, for messages
 * @param packageName Java package of the generated classes (a valid package name)
 * @param kernels the kernels in file order, explicit ones first, then those of model presets
 */
public record KernelsConfig(String file, String packageName, List<ConfiguredKernel> kernels) {

  public KernelsConfig {
    if (file == null || packageName == null) {
      throw new IllegalArgumentException("file and packageName must not be null");
    }
    if (!JavaNames.isPackageName(packageName)) {
      throw new IllegalArgumentException("'" + packageName + "' is not a Java package name");
    }
    kernels = List.copyOf(kernels);
  }

  /** The specs to hand to the generator, in order. */
  public List<KernelSpec> specs() {
    return kernels.stream().map(ConfiguredKernel::spec).toList();
  }
}
