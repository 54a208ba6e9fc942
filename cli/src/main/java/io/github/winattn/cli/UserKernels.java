package io.github.winattn.cli;

import io.github.winattn.cli.error.CliException;
import io.github.winattn.kernel.KernelCatalog;
import io.github.winattn.registry.KernelRegistry;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Kernels the user generated and compiled in their own project, loaded for {@code --classpath}: the
 * {@link KernelCatalog} services of those folders and jars, through a class loader over them.
 */
final class UserKernels {

  private UserKernels() {}

  /**
   * The registry of the catalogues in {@code classpath}; with {@code userOnly} false, those of
   * winattn's own class path (the shipped catalogue) too, after the user's.
   *
   * @throws CliException if an entry does not exist or (userOnly) holds no catalogue
   */
  static KernelRegistry registry(List<Path> classpath, boolean userOnly) {
    URL[] urls = new URL[classpath.size()];
    for (int i = 0; i < urls.length; i++) {
      Path p = classpath.get(i);
      if (!Files.isDirectory(p) && !Files.isRegularFile(p)) {
        throw new CliException(
            "--classpath "
                + p
                + ": no such folder or jar (build your project"
                + " first, e.g. mvn compile, and pass its target/classes)");
      }
      try {
        urls[i] = p.toAbsolutePath().toUri().toURL();
      } catch (MalformedURLException e) {
        throw new CliException("--classpath " + p + ": " + e.getMessage(), e);
      }
    }
    URLClassLoader loader = new URLClassLoader(urls, UserKernels.class.getClassLoader());
    List<KernelCatalog> user = new ArrayList<>();
    List<KernelCatalog> others = new ArrayList<>();
    try {
      for (KernelCatalog c : ServiceLoader.load(KernelCatalog.class, loader)) {
        (c.getClass().getClassLoader() == loader ? user : others).add(c);
      }
    } catch (ServiceConfigurationError e) {
      throw new CliException(
          "--classpath " + classpath + ": cannot load a kernel catalogue: " + e.getMessage(), e);
    }
    if (user.isEmpty()) {
      throw new CliException(
          "--classpath "
              + classpath
              + ": no generated kernels there (no"
              + " META-INF/services/"
              + KernelCatalog.class.getName()
              + "); pass the folder or jar"
              + " your build compiled the generated kernels into, e.g. target/classes");
    }
    if (!userOnly) {
      user.addAll(others);
    }
    return KernelRegistry.builder().catalogs(user).build();
  }
}
