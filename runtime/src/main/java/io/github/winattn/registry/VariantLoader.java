package io.github.winattn.registry;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.CatalogEntry;
import io.github.winattn.weights.AttentionWeights;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads a generated kernel class by binary name and binds it to weights through its public {@code
 * (AttentionWeights)} constructor. Constructors are looked up once per class.
 */
final class VariantLoader {

  private final Map<String, Constructor<? extends AttentionKernel>> constructors =
      new ConcurrentHashMap<>();

  /**
   * Binds {@code className} (a variant of {@code entry}, found through {@code loader}).
   *
   * @throws KernelUnavailableException if the class cannot be loaded or is not a kernel of the
   *     entry's shape
   * @throws IllegalArgumentException if the constructor rejects the weights (its own message)
   */
  AttentionKernel bind(
      CatalogEntry entry, String className, ClassLoader loader, AttentionWeights w) {
    Constructor<? extends AttentionKernel> ctor =
        constructors.computeIfAbsent(className, name -> find(entry, name, loader));
    AttentionKernel kernel;
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
          "kernel class " + className + " failed to bind: " + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new KernelUnavailableException(
          "kernel class " + className + " cannot be instantiated: " + e, e);
    }
    if (!kernel.shape().equals(entry.shape())) {
      throw new KernelUnavailableException(
          "kernel class "
              + className
              + " computes "
              + kernel.shape().describe()
              + " but its catalogue entry says "
              + entry.shape().describe());
    }
    return kernel;
  }

  private static Constructor<? extends AttentionKernel> find(
      CatalogEntry entry, String className, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new KernelUnavailableException(
          "the catalogue entry for "
              + entry.shape().describe()
              + " names class "
              + className
              + ", which cannot be loaded ("
              + e
              + "); rebuild the jar of generated kernels",
          e);
    }
    if (!AttentionKernel.class.isAssignableFrom(type)) {
      throw new KernelUnavailableException(
          "class "
              + className
              + " named by the catalogue entry for "
              + entry.shape().describe()
              + " does not implement "
              + AttentionKernel.class.getName());
    }
    try {
      return type.asSubclass(AttentionKernel.class).getConstructor(AttentionWeights.class);
    } catch (NoSuchMethodException e) {
      throw new KernelUnavailableException(
          "class " + className + " has no public constructor (AttentionWeights)", e);
    }
  }
}
