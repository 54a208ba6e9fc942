package io.github.winattn.cli;

import io.github.winattn.registry.KernelRegistry;
import java.util.function.Supplier;

/**
 * What the commands share: where the kernel registry comes from. Tests pass a registry over a test
 * catalogue; {@link #standard()} uses {@link KernelRegistry#shared()}.
 *
 * @param registry supplies the registry on first use (so that {@code --help} loads no catalogue)
 */
public record CliContext(Supplier<KernelRegistry> registry) {

  public CliContext {
    if (registry == null) {
      throw new IllegalArgumentException("registry == null");
    }
  }

  /** The registry of the class path. */
  public static CliContext standard() {
    return new CliContext(KernelRegistry::shared);
  }
}
