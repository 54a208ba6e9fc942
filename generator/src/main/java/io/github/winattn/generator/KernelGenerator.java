package io.github.winattn.generator;

import io.github.winattn.generator.emit.KernelSources;
import io.github.winattn.generator.plan.Budgets;
import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.generator.plan.KernelPlanner;
import io.github.winattn.generator.plan.MlpPlan;
import io.github.winattn.generator.plan.MlpPlanner;
import io.github.winattn.kernel.MlpShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.SourceVersion;

/**
 * The generator's public entry point: plans and emits specialised kernels for a list of shapes.
 * Used by the Maven plugin, the CLI and tests alike. Output is deterministic: the same arguments
 * give byte-identical files.
 */
public final class KernelGenerator {

  /** Version written into every generated file header and into the plugin's input digest. */
  public static final String VERSION = "0.1.0";

  /** Service file announcing a package's catalogue. */
  public static final String SERVICE_FILE =
      "META-INF/services/io.github.winattn.kernel.KernelCatalog";

  private final KernelPlanner planner;

  /** A generator with the default {@link Budgets}. */
  public KernelGenerator() {
    this(Budgets.DEFAULT);
  }

  /** A generator planning within {@code budgets}. */
  public KernelGenerator(Budgets budgets) {
    this.planner = new KernelPlanner(budgets);
  }

  /**
   * Why {@code spec} cannot be generated within the JVM's limits or the generator's scope, or empty
   * if it can.
   */
  public Optional<String> unsupportedReason(KernelSpec spec) {
    return planner.unsupportedReason(spec.shape(), spec.masked());
  }

  /**
   * Generates, for each spec, a plain-Java and a Vector API kernel class in {@code packageName}, a
   * {@link io.github.winattn.kernel.KernelCatalog} implementation listing them, and its {@code
   * META-INF/services} file.
   *
   * @throws IllegalArgumentException if a spec is unsupported (message names the shape and why),
   *     two specs share a class name, or the package name is not a valid Java package
   */
  public List<GeneratedFile> generate(String packageName, List<KernelSpec> specs) {
    return generate(packageName, specs, List.of());
  }

  /**
   * Like {@link #generate(String, List)}, plus one Vector API MLP block kernel ({@link
   * io.github.winattn.kernel.MlpKernel}) per distinct shape of {@code mlps}, listed in the same
   * catalogue.
   *
   * @throws IllegalArgumentException as {@link #generate(String, List)}, or if an MLP class name
   *     collides with another class
   */
  public List<GeneratedFile> generate(
      String packageName, List<KernelSpec> specs, List<MlpShape> mlps) {
    if (packageName == null || packageName.isEmpty() || !SourceVersion.isName(packageName)) {
      throw new IllegalArgumentException("'" + packageName + "' is not a valid Java package name");
    }
    if (specs == null || mlps == null || specs.isEmpty() && mlps.isEmpty()) {
      throw new IllegalArgumentException("no kernel specs to generate");
    }
    List<KernelPlan> plans = new ArrayList<>();
    Map<String, KernelSpec> byName = new HashMap<>();
    String catalogClass = KernelNaming.catalogClass(packageName);
    for (KernelSpec spec : specs) {
      String stem = stem(spec);
      KernelSpec previous = byName.putIfAbsent(stem, spec);
      if (previous != null) {
        throw new IllegalArgumentException(
            "class name "
                + stem
                + " is used twice: by "
                + describe(previous)
                + " and by "
                + describe(spec));
      }
      if (stem.equals(catalogClass)) {
        throw new IllegalArgumentException(
            "class name " + stem + " collides with the catalogue class");
      }
      plans.add(planner.plan(spec.shape(), spec.masked(), stem, geometries(spec)));
    }
    List<MlpPlan> mlpPlans = new ArrayList<>();
    for (MlpShape shape : new java.util.LinkedHashSet<>(mlps)) {
      String name = KernelNaming.mlpClass(shape);
      if (byName.containsKey(name) || name.equals(catalogClass)) {
        throw new IllegalArgumentException("class name " + name + " is used twice");
      }
      mlpPlans.add(MlpPlanner.plan(shape, name));
    }
    String dir = packageName.replace('.', '/') + "/";
    List<GeneratedFile> files = new ArrayList<>();
    for (KernelPlan plan : plans) {
      files.add(
          new GeneratedFile(
              dir + plan.plainClassName() + ".java",
              KernelSources.plainKernel(packageName, plan, VERSION),
              false));
      files.add(
          new GeneratedFile(
              dir + plan.vectorClassName() + ".java",
              KernelSources.vectorKernel(packageName, plan, VERSION),
              false));
    }
    for (MlpPlan plan : mlpPlans) {
      files.add(
          new GeneratedFile(
              dir + plan.className() + ".java",
              KernelSources.mlpKernel(packageName, plan, VERSION),
              false));
    }
    files.add(
        new GeneratedFile(
            dir + catalogClass + ".java",
            KernelSources.catalog(packageName, catalogClass, plans, mlpPlans, VERSION),
            false));
    files.add(new GeneratedFile(SERVICE_FILE, packageName + "." + catalogClass + "\n", true));
    return List.copyOf(files);
  }

  /** A human-readable dump of every planning decision for {@code spec} (the debug option). */
  public String describePlan(KernelSpec spec) {
    Optional<String> reason = unsupportedReason(spec);
    if (reason.isPresent()) {
      return "unsupported: " + reason.get() + "\n";
    }
    return planner.plan(spec.shape(), spec.masked(), stem(spec), geometries(spec)).describe();
  }

  /** The plan of {@code spec} (for tools and tests that inspect decisions). */
  public KernelPlan plan(KernelSpec spec) {
    return planner.plan(spec.shape(), spec.masked(), stem(spec), geometries(spec));
  }

  private static List<io.github.winattn.featuremap.FeatureMapGeometry> geometries(KernelSpec spec) {
    return spec.featureMaps().stream().map(m -> m.geometry(spec.shape())).toList();
  }

  private static String stem(KernelSpec spec) {
    return spec.className().isEmpty()
        ? KernelNaming.stem(spec.shape(), spec.masked())
        : spec.className();
  }

  private static String describe(KernelSpec spec) {
    return spec.shape().describe() + (spec.masked() ? " (masked)" : " (unmasked)");
  }
}
