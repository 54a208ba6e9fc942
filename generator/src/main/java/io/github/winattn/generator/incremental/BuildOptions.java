package io.github.winattn.generator.incremental;

import io.github.winattn.generator.config.JavaNames;

/**
 * Options of a build that are not in the configuration file. They are part of the input digest.
 *
 * @param packageOverride package to generate into instead of the configuration's {@code package};
 *     empty for none
 * @param force regenerate even when the inputs are unchanged (files whose content is the same are
 *     still not rewritten)
 */
public record BuildOptions(String packageOverride, boolean force) {

  public BuildOptions {
    if (packageOverride == null) {
      throw new IllegalArgumentException("packageOverride == null (use \"\" for none)");
    }
    if (!packageOverride.isEmpty() && !JavaNames.isPackageName(packageOverride)) {
      throw new IllegalArgumentException(
          "package override '" + packageOverride + "' is not a Java package name");
    }
  }

  /** No override, no forcing. */
  public static BuildOptions defaults() {
    return new BuildOptions("", false);
  }

  public BuildOptions withPackage(String packageName) {
    return new BuildOptions(packageName, force);
  }

  public BuildOptions withForce(boolean value) {
    return new BuildOptions(packageOverride, value);
  }
}
