package io.github.winattn.registry;

import io.github.winattn.kernel.MlpCatalogEntry;
import io.github.winattn.kernel.MlpKernel;
import io.github.winattn.kernel.MlpWeights;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads a generated {@link MlpKernel} class by binary name and binds it through its public {@code
 * (MlpWeights)} constructor; constructors are looked up once per class.
 */
final class MlpLoader {

  private final Map<String, Constructor<? extends MlpKernel>> constructors =
      new ConcurrentHashMap<>();

  /**
   * @throws KernelUnavailableException if the class cannot be loaded or computes another shape
   * @throws IllegalArgumentException if the constructor rejects the weights (its own message)
   */
  MlpKernel bind(MlpCatalogEntry entry, ClassLoader loader, MlpWeights w) {
    String name = entry.vectorClass();
    Constructor<? extends MlpKernel> ctor =
        constructors.computeIfAbsent(name, n -> find(entry, loader));
    MlpKernel kernel;
    try {
      kernel = ctor.newInstance(w);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new KernelUnavailableException(
          "MLP class " + name + " failed to bind: " + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new KernelUnavailableException(
          "MLP class " + name + " cannot be instantiated: " + e, e);
    }
    if (!kernel.shape().equals(entry.shape())) {
      throw new KernelUnavailableException(
          "MLP class "
              + name
              + " computes "
              + kernel.shape().describe()
              + " but its catalogue entry says "
              + entry.shape().describe());
    }
    return kernel;
  }

  private static Constructor<? extends MlpKernel> find(MlpCatalogEntry entry, ClassLoader loader) {
    String name = entry.vectorClass();
    Class<?> type;
    try {
      type = Class.forName(name, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new KernelUnavailableException(
          "the catalogue entry for "
              + entry.shape().describe()
              + " names class "
              + name
              + ", which cannot be loaded ("
              + e
              + "); rebuild the jar of generated kernels",
          e);
    }
    if (!MlpKernel.class.isAssignableFrom(type)) {
      throw new KernelUnavailableException(
          "class " + name + " does not implement " + MlpKernel.class.getName());
    }
    try {
      return type.asSubclass(MlpKernel.class).getConstructor(MlpWeights.class);
    } catch (NoSuchMethodException e) {
      throw new KernelUnavailableException(
          "class " + name + " has no public constructor (MlpWeights)", e);
    }
  }
}
