package io.github.winattn.registry;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads generated classes of one kind by binary name and instantiates them through their public
 * constructor taking the weights; constructors are looked up once per class. Every failure but the
 * constructor's own rejection of the weights becomes a {@link KernelUnavailableException} naming
 * the class and the catalogue entry ({@code entry}, e.g. a shape's description).
 *
 * @param <K> the kernel interface the class must implement
 * @param <W> the weights its constructor takes
 */
final class GeneratedConstructors<K, W> {

  private final Class<K> kernelType;
  private final Class<W> weightsType;
  private final String noun;
  private final Map<String, Constructor<? extends K>> constructors = new ConcurrentHashMap<>();

  /**
   * @param noun how messages name such a class, e.g. {@code "kernel class"}
   */
  GeneratedConstructors(Class<K> kernelType, Class<W> weightsType, String noun) {
    this.kernelType = kernelType;
    this.weightsType = weightsType;
    this.noun = noun;
  }

  /**
   * A new instance of {@code className} (found through {@code loader}) bound to {@code weights}.
   *
   * @throws KernelUnavailableException if the class cannot be loaded, is not a {@code K} or has no
   *     such constructor
   * @throws IllegalArgumentException if the constructor rejects the weights (its own message)
   */
  K instantiate(String className, String entry, ClassLoader loader, W weights) {
    Constructor<? extends K> ctor =
        constructors.computeIfAbsent(className, name -> find(name, entry, loader));
    try {
      return ctor.newInstance(weights);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new KernelUnavailableException(
          noun + " " + className + " failed to bind: " + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new KernelUnavailableException(
          noun + " " + className + " cannot be instantiated: " + e, e);
    }
  }

  /** The failure for an instance whose shape is not its catalogue entry's. */
  KernelUnavailableException wrongShape(String className, String computes, String entry) {
    return new KernelUnavailableException(
        noun
            + " "
            + className
            + " computes "
            + computes
            + " but its catalogue entry says "
            + entry);
  }

  private Constructor<? extends K> find(String className, String entry, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new KernelUnavailableException(
          "the catalogue entry for "
              + entry
              + " names class "
              + className
              + ", which cannot be loaded ("
              + e
              + "); rebuild the jar of generated kernels",
          e);
    }
    if (!kernelType.isAssignableFrom(type)) {
      throw new KernelUnavailableException(
          "class "
              + className
              + " named by the catalogue entry for "
              + entry
              + " does not implement "
              + kernelType.getName());
    }
    try {
      return type.asSubclass(kernelType).getConstructor(weightsType);
    } catch (NoSuchMethodException e) {
      throw new KernelUnavailableException(
          "class " + className + " has no public constructor (" + weightsType.getSimpleName() + ")",
          e);
    }
  }
}
