package io.github.winattn.benchmarks;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.CatalogEntry;
import io.github.winattn.kernel.KernelCatalog;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.weights.AttentionWeights;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds generated kernels in the {@link KernelCatalog}s on the class path and binds them by class
 * name, without the registry: a benchmark must get exactly the variant it names, never a fallback.
 */
public final class GeneratedKernels {

  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private GeneratedKernels() {}

  /** All entries of all catalogues on the class path, in service order. */
  public static List<CatalogEntry> entries() {
    List<CatalogEntry> all = new ArrayList<>();
    for (KernelCatalog catalog : ServiceLoader.load(KernelCatalog.class)) {
      all.addAll(catalog.entries());
    }
    return List.copyOf(all);
  }

  /**
   * The entry for {@code shape}; with {@code masked}, only an entry generated with mask support. An
   * unmasked call prefers an unmasked entry but takes a masked one.
   */
  public static Optional<CatalogEntry> find(AttentionShape shape, boolean masked) {
    CatalogEntry best = null;
    for (CatalogEntry e : entries()) {
      if (!e.shape().equals(shape) || masked && !e.masked()) {
        continue;
      }
      if (best == null || best.masked() && !e.masked()) {
        best = e;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Binds {@code weights} to the vector or plain variant of the catalogue entry of their shape.
   *
   * @throws KernelNotGeneratedException if no catalogue has the shape (with a mask if needed)
   * @throws IllegalStateException if the vector variant is asked for without the {@code
   *     jdk.incubator.vector} module, or the named class is not a kernel of that shape
   */
  public static AttentionKernel bind(AttentionWeights weights, boolean masked, boolean vector) {
    AttentionShape shape = weights.shape();
    CatalogEntry entry =
        find(shape, masked)
            .orElseThrow(
                () ->
                    new KernelNotGeneratedException(
                        "no generated kernel for "
                            + shape.describe()
                            + (masked ? " with mask support" : "")
                            + " in the catalogues on the class path ("
                            + entries().size()
                            + " entries); add the shape"
                            + (masked ? " with masked: true" : "")
                            + " to generated/src/main/winattn/kernels.yaml and rebuild benchmarks.jar"));
    if (vector && ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      throw new IllegalStateException(
          "the vector variant " + entry.vectorClass() + " needs --add-modules " + VECTOR_MODULE);
    }
    String className = vector ? entry.vectorClass() : entry.plainClass();
    AttentionKernel kernel = instantiate(className, weights);
    if (!kernel.shape().equals(shape)) {
      throw new IllegalStateException(
          "class "
              + className
              + " computes "
              + kernel.shape().describe()
              + " but its catalogue entry says "
              + shape.describe());
    }
    return kernel;
  }

  private static AttentionKernel instantiate(String className, AttentionWeights weights) {
    try {
      Class<?> type = Class.forName(className);
      if (!AttentionKernel.class.isAssignableFrom(type)) {
        throw new IllegalStateException(
            "catalogue class "
                + className
                + " does not implement "
                + AttentionKernel.class.getName());
      }
      return type.asSubclass(AttentionKernel.class)
          .getConstructor(AttentionWeights.class)
          .newInstance(weights);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(
          "kernel class " + className + " failed to bind: " + cause, cause);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException(
          "catalogue class "
              + className
              + " cannot be loaded or has no public (AttentionWeights)"
              + " constructor: "
              + e,
          e);
    }
  }
}
