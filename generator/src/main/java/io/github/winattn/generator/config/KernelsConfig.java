package io.github.winattn.generator.config;

import io.github.winattn.generator.KernelSpec;
import io.github.winattn.kernel.MlpShape;
import java.util.List;

/**
 * A validated configuration: the package to generate into and the kernels, each shape once.
 *
 * @param file the file's name as given, for messages
 * @param packageName Java package of the generated classes (a valid package name)
 * @param kernels the kernels in file order, explicit ones first, then those of model presets
 * @param mlps the MLP block kernels of the Swin model presets, each shape once, in file order
 */
public record KernelsConfig(
    String file, String packageName, List<ConfiguredKernel> kernels, List<MlpShape> mlps) {

  public KernelsConfig {
    if (file == null || packageName == null) {
      throw new IllegalArgumentException("file and packageName must not be null");
    }
    if (!JavaNames.isPackageName(packageName)) {
      throw new IllegalArgumentException("'" + packageName + "' is not a Java package name");
    }
    kernels = List.copyOf(kernels);
    mlps = List.copyOf(new java.util.LinkedHashSet<>(mlps));
  }

  /** A configuration without MLP block kernels. */
  public KernelsConfig(String file, String packageName, List<ConfiguredKernel> kernels) {
    this(file, packageName, kernels, List.of());
  }

  /** The specs to hand to the generator, in order. */
  public List<KernelSpec> specs() {
    return kernels.stream().map(ConfiguredKernel::spec).toList();
  }
}
