package io.github.winattn.registry;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.CatalogEntry;
import io.github.winattn.kernel.KernelCatalog;
import io.github.winattn.kernel.MlpCatalogEntry;
import io.github.winattn.kernel.MlpKernel;
import io.github.winattn.kernel.MlpShape;
import io.github.winattn.kernel.MlpWeights;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.weights.AttentionWeights;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Finds generated kernels through {@link KernelCatalog} services and binds weights to the best
 * available implementation.
 *
 * <p>With {@link KernelChoice#AUTO} a generated shape gets its Vector API variant when the {@code
 * jdk.incubator.vector} module is in the boot layer, otherwise its plain-Java variant (the registry
 * says once which and why: at INFO, or at WARNING when the JDK has the module and only the {@code
 * --add-modules} flag is missing); a shape that was not generated gets the reference kernel with a
 * one-time WARNING naming the shape, unless strict mode ({@code -Dwinattn.strict=true} or {@link
 * Builder#strict}) makes that an error. Calls that need a mask need an entry generated with {@code
 * masked: true}.
 *
 * <p>The generated MLP block kernels of the catalogues ({@link #bindMlp}) run only with the Vector
 * API; a shape without one gets the model's generic layers, with a one-time WARNING naming the
 * shape and the {@code kernels.yaml} model preset that would generate it.
 *
 * <p>Thread-safe; {@link #shared()} is the registry of the application class path.
 */
public final class KernelRegistry {

  /** System property that turns on strict mode for {@link #shared()} and default builders. */
  public static final String STRICT_PROPERTY = "winattn.strict";

  private final Map<AttentionShape, Located> entries;
  private final boolean vectorAvailable;
  private final boolean strict;
  private final Logger logger;
  private final Function<AttentionWeights, AttentionKernel> reference;
  private final VariantLoader loader = new VariantLoader();
  private final AtomicLong vectorBinds = new AtomicLong();
  private final AtomicLong plainBinds = new AtomicLong();
  private final AtomicLong referenceBinds = new AtomicLong();
  private final AtomicLong fallbacks = new AtomicLong();
  private final AtomicBoolean variantExplained = new AtomicBoolean();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final Map<MlpShape, LocatedMlp> mlps;
  private final MlpLoader mlpLoader = new MlpLoader();

  private KernelRegistry(Builder b, List<KernelCatalog> catalogs) {
    this.vectorAvailable = b.vectorAvailable;
    this.strict = b.strict;
    this.logger = b.logger;
    this.reference = b.reference;
    Map<AttentionShape, Located> map = new LinkedHashMap<>();
    for (KernelCatalog catalog : catalogs) {
      ClassLoader cl = catalog.getClass().getClassLoader();
      for (CatalogEntry e : catalog.entries()) {
        Located old = map.get(e.shape());
        // Two catalogues with one shape: keep the first, unless only the later one takes a mask.
        if (old == null || e.masked() && !old.entry().masked()) {
          map.put(e.shape(), new Located(e, cl));
        }
      }
    }
    this.entries = map;
    Map<MlpShape, LocatedMlp> mlpMap = new LinkedHashMap<>();
    for (KernelCatalog catalog : catalogs) {
      ClassLoader cl = catalog.getClass().getClassLoader();
      for (MlpCatalogEntry e : catalog.mlpEntries()) {
        mlpMap.putIfAbsent(e.shape(), new LocatedMlp(e, cl));
      }
    }
    this.mlps = mlpMap;
  }

  private record Located(CatalogEntry entry, ClassLoader loader) {}

  private record LocatedMlp(MlpCatalogEntry entry, ClassLoader loader) {}

  /** The registry of the catalogues on the class path, created on first use. */
  public static KernelRegistry shared() {
    return Shared.INSTANCE;
  }

  private static final class Shared {
    static final KernelRegistry INSTANCE = builder().build();
  }

  /** A builder with the defaults of {@link #shared()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The entries of all catalogues, one per shape, in catalogue order. */
  public List<CatalogEntry> entries() {
    List<CatalogEntry> list = new ArrayList<>(entries.size());
    for (Located l : entries.values()) {
      list.add(l.entry());
    }
    return List.copyOf(list);
  }

  /** The generated entry for {@code shape}, if any. */
  public Optional<CatalogEntry> find(AttentionShape shape) {
    Located l = entries.get(shape);
    return l == null ? Optional.empty() : Optional.of(l.entry());
  }

  /** Whether generated kernels run their Vector API variant (the module is present). */
  public boolean vectorAvailable() {
    return vectorAvailable;
  }

  /** Whether a missing generated kernel is an error instead of a reference fallback. */
  public boolean strict() {
    return strict;
  }

  /** Binds {@code weights} to the generated kernel if there is one, else the reference kernel. */
  public AttentionKernel bind(AttentionWeights weights, boolean needsMask) {
    return bind(weights, KernelChoice.AUTO, needsMask);
  }

  /**
   * Binds {@code weights} to the kernel {@code choice} asks for.
   *
   * @param needsMask whether the kernel will be called with a shifted-window mask
   * @throws KernelUnavailableException if a generated kernel is required (explicitly, or by strict
   *     mode) but the shape was not generated, not with mask support, or the vector variant was
   *     asked for without {@code jdk.incubator.vector}; the message says what to do
   */
  public AttentionKernel bind(AttentionWeights weights, KernelChoice choice, boolean needsMask) {
    return bind(weights, choice, needsMask, null);
  }

  /**
   * {@link #bind(AttentionWeights, KernelChoice, boolean)} for a caller that knows more of the
   * {@code kernels.yaml} entry it needs: {@code entryKeys} (e.g. {@code resolution: 56x56, shift:
   * 3} for a feature map, or null) are added to the entry that a missing-shape message suggests.
   */
  public AttentionKernel bind(
      AttentionWeights weights, KernelChoice choice, boolean needsMask, String entryKeys) {
    if (weights == null || choice == null) {
      throw new IllegalArgumentException("weights and choice must not be null");
    }
    AttentionShape shape = weights.shape();
    if (choice == KernelChoice.REFERENCE) {
      AttentionKernel k = reference.apply(weights);
      referenceBinds.incrementAndGet();
      return k;
    }
    Located found = entries.get(shape);
    String missing = missingReason(shape, found, needsMask, entryKeys);
    if (missing != null) {
      if (choice != KernelChoice.AUTO) {
        throw new KernelUnavailableException(missing, choice);
      }
      if (strict) {
        throw new KernelUnavailableException(
            missing
                + " (strict mode, KernelRegistry.builder().strict(true) or -D"
                + STRICT_PROPERTY
                + "=true, forbids the reference fallback)");
      }
      AttentionKernel k = reference.apply(weights);
      if (warned.add(shape.describe() + "|" + needsMask)) {
        logger.log(Level.WARNING, missing + "; using the slower reference kernel");
      }
      fallbacks.incrementAndGet();
      return k;
    }
    boolean vector;
    switch (choice) {
      case GENERATED_PLAIN -> vector = false;
      case GENERATED_VECTOR -> {
        if (!vectorAvailable) {
          throw new KernelUnavailableException(
              "the vector kernel for "
                  + shape.describe()
                  + " needs the module "
                  + VectorSupport.MODULE
                  + ", which is not in the boot layer: start java with "
                  + VectorSupport.FLAG,
              choice);
        }
        vector = true;
      }
      default -> {
        explainVariant();
        vector = vectorAvailable;
      }
    }
    CatalogEntry e = found.entry();
    AttentionKernel k =
        loader.bind(e, vector ? e.vectorClass() : e.plainClass(), found.loader(), weights);
    (vector ? vectorBinds : plainBinds).incrementAndGet();
    return k;
  }

  /** The generated MLP block kernels of all catalogues, one per shape, in catalogue order. */
  public List<MlpCatalogEntry> mlpEntries() {
    return mlps.values().stream().map(LocatedMlp::entry).toList();
  }

  /**
   * Binds {@code weights} to the generated MLP block kernel of its shape, or returns empty: when
   * the Vector API is not in the boot layer (the generic layers then run plain Java anyway), or
   * when no catalogue has the shape, which logs a one-time WARNING naming the shape and the {@code
   * kernels.yaml} model preset that would generate it.
   */
  public Optional<MlpKernel> bindMlp(MlpWeights weights) {
    if (weights == null) {
      throw new IllegalArgumentException("weights == null");
    }
    if (!vectorAvailable) {
      return Optional.empty();
    }
    MlpShape shape = weights.shape();
    LocatedMlp found = mlps.get(shape);
    if (found == null) {
      if (warned.add("mlp|" + shape.describe())) {
        logger.log(
            Level.WARNING,
            "no generated kernel for "
                + shape.describe()
                + "; "
                + ConfigHint.mlpPreset(shape)
                + "; using the generic MLP layers");
      }
      return Optional.empty();
    }
    return Optional.of(mlpLoader.bind(found.entry(), found.loader(), weights));
  }

  /** The counters so far. */
  public RegistryStats stats() {
    return new RegistryStats(
        vectorBinds.get(), plainBinds.get(), referenceBinds.get(), fallbacks.get());
  }

  private static String missingReason(
      AttentionShape shape, Located found, boolean needsMask, String entryKeys) {
    if (found == null) {
      return "no generated kernel for "
          + shape.describe()
          + "; to generate one add "
          + ConfigHint.entry(shape, needsMask, entryKeys)
          + " to kernels.yaml and rebuild";
    }
    if (needsMask && !found.entry().masked()) {
      return "the generated kernel for "
          + shape.describe()
          + " was generated without mask support; set masked: true on its kernels.yaml entry"
          + " and rebuild";
    }
    return null;
  }

  private void explainVariant() {
    if (variantExplained.compareAndSet(false, true)) {
      if (vectorAvailable) {
        logger.log(
            Level.INFO,
            VectorSupport.MODULE + " is present: generated kernels run their Vector API variant");
      } else {
        // A WARNING when the flag would help (the JDK has the module), else only INFO.
        logger.log(
            VectorSupport.inSystemImage() ? Level.WARNING : Level.INFO,
            VectorSupport.MODULE
                + " is not in the boot layer: generated kernels run their plain-Java variant; start"
                + " java with "
                + VectorSupport.FLAG
                + " for the faster Vector API variant");
      }
    }
  }

  /** Options of a registry; defaults are those of {@link #shared()}. */
  public static final class Builder {
    private List<KernelCatalog> catalogs;
    private ClassLoader classLoader;
    private boolean vectorAvailable = VectorSupport.inBootLayer();
    private boolean strict = Boolean.getBoolean(STRICT_PROPERTY);
    private Logger logger = System.getLogger(KernelRegistry.class.getName());
    private Function<AttentionWeights, AttentionKernel> reference = ReferenceKernel::new;

    private Builder() {}

    /** Uses these catalogues instead of the {@link ServiceLoader} ones. */
    public Builder catalogs(List<KernelCatalog> catalogs) {
      if (catalogs == null) {
        throw new IllegalArgumentException("catalogs == null");
      }
      this.catalogs = List.copyOf(catalogs);
      return this;
    }

    /** The class loader whose {@link ServiceLoader} finds the catalogues (default: context). */
    public Builder classLoader(ClassLoader loader) {
      if (loader == null) {
        throw new IllegalArgumentException("loader == null");
      }
      this.classLoader = loader;
      return this;
    }

    /** Overrides the check of the {@code jdk.incubator.vector} module (for tests). */
    public Builder vectorAvailable(boolean available) {
      this.vectorAvailable = available;
      return this;
    }

    /** Strict mode: a shape without a generated kernel is an error, not a fallback. */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /** Where the one-time INFO and WARNING messages go. */
    public Builder logger(Logger logger) {
      if (logger == null) {
        throw new IllegalArgumentException("logger == null");
      }
      this.logger = logger;
      return this;
    }

    /** How to make the reference kernel (for tests). */
    public Builder reference(Function<AttentionWeights, AttentionKernel> factory) {
      if (factory == null) {
        throw new IllegalArgumentException("factory == null");
      }
      this.reference = factory;
      return this;
    }

    /**
     * Loads the catalogues (unless given) and builds the registry.
     *
     * @throws IllegalStateException if a catalogue service cannot be loaded
     */
    public KernelRegistry build() {
      return new KernelRegistry(this, catalogs != null ? catalogs : loadCatalogs());
    }

    private List<KernelCatalog> loadCatalogs() {
      ClassLoader cl =
          classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
      List<KernelCatalog> list = new ArrayList<>();
      try {
        for (KernelCatalog c : ServiceLoader.load(KernelCatalog.class, cl)) {
          list.add(c);
        }
      } catch (ServiceConfigurationError e) {
        throw new IllegalStateException("cannot load a kernel catalogue: " + e.getMessage(), e);
      }
      return list;
    }
  }
}
