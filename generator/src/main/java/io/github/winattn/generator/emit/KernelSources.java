package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PUBLIC;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.Epilogue;
import io.github.winattn.generator.plan.IndexEncoding;
import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.generator.plan.MlpPlan;
import io.github.winattn.generator.plan.Product;
import io.github.winattn.generator.plan.StepKind;
import io.github.winattn.generator.plan.Tiling;
import io.github.winattn.shape.AttentionShape;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Assembles the generated classes from the emitters and writes the one file header. */
public final class KernelSources {

  private KernelSources() {}

  /** The Vector API variant of {@code plan} as Java source. */
  public static String vectorKernel(String packageName, KernelPlan plan, String generatorVersion) {
    Scope s = Scope.vector(plan, ClassName.get(packageName, plan.vectorClassName()));
    TypeSpec.Builder type =
        kernelClass(
            s,
            "Vector API kernel (jdk.incubator.vector, width chosen at class init) for {@code $L}.\n");
    ConstantsEmitter.addConstants(type, s, true);
    if (plan.hasFusedMaps()) {
      FeatureMapEmitter.addConstants(type, s, true);
    }
    FieldSpec workspace = WorkspaceEmitter.declareBuffers(s);
    type.addField(workspace);
    if (plan.splitsWindows()) {
      SplitEmitter.addFields(type, s);
    }
    BindingEmitter.addVectorBinding(type, s);
    Map<Epilogue, MethodSpec> drivers = new EnumMap<>(Epilogue.class);
    List<GemmEmitter.Routine> routines = new ArrayList<>();
    for (Product p : plan.products()) {
      GemmEmitter.Routine r = GemmEmitter.routine(s, p);
      drivers.put(p.epilogue(), r.driver());
      routines.add(r);
    }
    VectorAttentionEmitter.Helpers h =
        new VectorAttentionEmitter.Helpers(
            drivers,
            VectorAttentionEmitter.softmaxRow(s),
            VectorAttentionEmitter.packRows(s),
            VectorAttentionEmitter.padMask(s),
            VectorAttentionEmitter.gatherBiasRow(s),
            VectorAttentionEmitter.normalizeRows(s),
            VectorAttentionEmitter.softmaxRowUnmasked(s),
            VectorAttentionEmitter.softmaxRowRegions(s),
            VectorAttentionEmitter.packMapRows(s));
    MethodSpec head = VectorAttentionEmitter.head(s, h);
    MethodSpec group = VectorAttentionEmitter.group(s, h, head);
    type.addMethod(ForwardEmitter.forwardGroups(s, workspace, group));
    type.addMethod(group);
    type.addMethod(head);
    MethodSpec mapHead = null;
    if (plan.hasFusedMaps()) {
      mapHead = VectorAttentionEmitter.head(s, h, true);
      MethodSpec mapGroup = VectorAttentionEmitter.mapGroup(s, h, mapHead);
      type.addMethod(FeatureMapEmitter.featureMap(s));
      type.addMethod(FeatureMapEmitter.featureMaps(s));
      type.addMethod(FeatureMapEmitter.forwardWindowAsGroup(s, workspace, mapGroup));
      type.addMethod(FeatureMapEmitter.forwardWindows(s, workspace, mapGroup));
      type.addMethod(FeatureMapEmitter.windowGroup(s));
      type.addMethod(mapGroup);
      type.addMethod(mapHead);
    }
    if (plan.splitsWindows()) {
      addSplit(type, s, h, workspace, head, mapHead);
    }
    type.addMethod(h.softmaxRow());
    h.softmaxRowUnmasked().ifPresent(type::addMethod);
    h.softmaxRowRegions().ifPresent(type::addMethod);
    h.packMapRows().ifPresent(type::addMethod);
    h.packRows().ifPresent(type::addMethod);
    h.padMask().ifPresent(type::addMethod);
    h.gatherBiasRow().ifPresent(type::addMethod);
    h.normalizeRows().ifPresent(type::addMethod);
    for (GemmEmitter.Routine r : routines) {
      type.addMethod(r.driver());
      r.tiles().forEach(type::addMethod);
    }
    type.addType(WorkspaceEmitter.workspaceClass(s));
    return write(packageName, type.build(), vectorHeader(plan, generatorVersion));
  }

  /** The plain-Java variant of {@code plan} as Java source. */
  public static String plainKernel(String packageName, KernelPlan plan, String generatorVersion) {
    Scope s = Scope.plain(plan, ClassName.get(packageName, plan.plainClassName()));
    TypeSpec.Builder type = kernelClass(s, "Plain-Java kernel (runs on any JVM) for {@code $L}.\n");
    ConstantsEmitter.addConstants(type, s, false);
    ConstantsEmitter.addPlainConstants(type, s);
    if (plan.hasFusedMaps()) {
      FeatureMapEmitter.addConstants(type, s, false);
    }
    FieldSpec workspace = WorkspaceEmitter.declareBuffers(s);
    type.addField(workspace);
    BindingEmitter.addPlainBinding(type, s);
    PlainKernelEmitter.Helpers h =
        new PlainKernelEmitter.Helpers(
            PlainProductEmitter.linear(s),
            PlainProductEmitter.clearTile(s),
            PlainProductEmitter.rowTile(s),
            PlainProductEmitter.storeTile(s),
            PlainKernelEmitter.softmaxRows(s),
            PlainKernelEmitter.normalizeRows(s),
            PlainProductEmitter.linearRows(s),
            PlainKernelEmitter.softmaxRowsRegions(s));
    MethodSpec head = PlainKernelEmitter.head(s, h);
    MethodSpec window = PlainKernelEmitter.window(s, h, head);
    type.addMethod(ForwardEmitter.forward(s, workspace, window));
    type.addMethod(window);
    type.addMethod(head);
    if (plan.hasFusedMaps()) {
      MethodSpec mapHead = PlainKernelEmitter.head(s, h, true);
      MethodSpec mapWindow = PlainKernelEmitter.mapWindow(s, h, mapHead);
      addFeatureMapEntry(type, s, workspace, mapWindow);
      type.addMethod(mapWindow);
      type.addMethod(mapHead);
    }
    h.linear().ifPresent(type::addMethod);
    h.linearRows().ifPresent(type::addMethod);
    h.softmaxRowsRegions().ifPresent(type::addMethod);
    type.addMethod(h.clearTile());
    type.addMethod(h.rowTile());
    type.addMethod(h.storeTile());
    type.addMethod(h.softmaxRows());
    h.normalizeRows().ifPresent(type::addMethod);
    type.addType(WorkspaceEmitter.workspaceClass(s));
    return write(packageName, type.build(), plainHeader(plan, generatorVersion));
  }

  /** The Vector API MLP block kernel of {@code plan} as Java source. */
  public static String mlpKernel(String packageName, MlpPlan plan, String generatorVersion) {
    String header =
        "Generated by the WinAttn generator "
            + generatorVersion
            + ". Do not edit: change the configuration and regenerate.\n"
            + "Shape: "
            + plan.shape().describe()
            + "\nVariant: Vector API; register tiles "
            + plan.bigTileRows()
            + " (16 lanes) or "
            + plan.smallTileRows()
            + " rows x "
            + plan.vectorsPerTile()
            + " vectors; tiles of "
            + plan.tileRows()
            + " rows\nOperations: "
            + plan.shape().flopsPerRow()
            + " FLOPs per row in the two products";
    return write(
        packageName,
        MlpKernelEmitter.kernel(ClassName.get(packageName, plan.className()), plan),
        header);
  }

  /** The catalogue class listing {@code plans}. */
  public static String catalog(
      String packageName, String className, List<KernelPlan> plans, String generatorVersion) {
    return catalog(packageName, className, plans, List.of(), generatorVersion);
  }

  /** The catalogue class listing {@code plans} and the MLP block kernels {@code mlps}. */
  public static String catalog(
      String packageName,
      String className,
      List<KernelPlan> plans,
      List<MlpPlan> mlps,
      String generatorVersion) {
    String header =
        "Generated by the WinAttn generator "
            + generatorVersion
            + ". Do not edit.\n"
            + "Catalogue of "
            + plans.size()
            + " kernel pair(s)"
            + (mlps.isEmpty() ? "" : " and " + mlps.size() + " MLP block kernel(s)")
            + " of package "
            + packageName
            + ".";
    return write(packageName, CatalogEmitter.catalog(packageName, className, plans, mlps), header);
  }

  private static TypeSpec.Builder kernelClass(Scope s, String doc) {
    AttentionShape shape = s.plan.shape();
    TypeSpec.Builder type =
        TypeSpec.classBuilder(s.self)
            .addJavadoc(doc, shape.describe())
            .addJavadoc(
                "\n<p>N = TOKENS, C = DIM, H = HEADS, d = HEAD_DIM. Stateless after binding and thread-safe;\n"
                    + "scratch comes from a per-thread workspace.\n")
            .addModifiers(PUBLIC, FINAL);
    if (s.plan.hasFusedMaps()) {
      type.addJavadoc(
          "\n<p>Fused feature-map entry ({@code forwardWindow}) for the configured maps $L: loads"
              + " and stores\nthrough the map's row table, cross-region pairs skipped per window"
              + " class, no mask array.\n",
          s.plan.fusedMaps().stream().map(m -> m.description()).toList());
      return type.addSuperinterface(Types.FEATURE_MAP_KERNEL);
    }
    return type.addSuperinterface(Types.ATTENTION_KERNEL);
  }

  /**
   * The window split: {@code splitPhases}, {@code splitScratchSize}, {@code forwardSplit}, with
   * maps {@code forwardWindowSplit}, and their helpers.
   */
  private static void addSplit(
      TypeSpec.Builder type,
      Scope s,
      VectorAttentionEmitter.Helpers h,
      FieldSpec workspace,
      MethodSpec head,
      MethodSpec mapHead) {
    SplitEmitter.addSizes(type, s);
    MethodSpec linear = SplitEmitter.splitLinear(s, h);
    MethodSpec merge = SplitEmitter.splitMergeHeads(s);
    type.addMethod(SplitEmitter.forwardSplit(s, h, workspace, head, linear, merge));
    if (mapHead != null) {
      type.addMethod(SplitEmitter.forwardWindowSplit(s, h, workspace, mapHead, linear, merge));
    }
    type.addMethod(linear);
    type.addMethod(merge);
    if (s.plan.has(StepKind.NORMALIZE)) {
      type.addMethod(SplitEmitter.normalize(s));
    }
  }

  /** {@code featureMap}, {@code featureMaps} and {@code forwardWindow} of a kernel with maps. */
  private static void addFeatureMapEntry(
      TypeSpec.Builder type, Scope s, FieldSpec workspace, MethodSpec mapWindow) {
    type.addMethod(FeatureMapEmitter.featureMap(s));
    type.addMethod(FeatureMapEmitter.featureMaps(s));
    type.addMethod(FeatureMapEmitter.forwardWindow(s, workspace, mapWindow));
  }

  private static String vectorHeader(KernelPlan plan, String version) {
    Tiling t = plan.tiling();
    return common(plan, version)
        + "Variant: Vector API; register tile "
        + t.rowsPerTile()
        + " rows x "
        + t.vectorsPerTile()
        + " vectors, projections "
        + t.rowsPerTile()
        + " x "
        + t.projectionVectorsPerTile()
        + (t.packedProjectionInput() ? ", projection inputs interleaved by MR rows" : "")
        + (t.groupWindows() > 1
            ? "; projections over groups of " + t.groupWindows() + " windows"
            : "")
        + "; bias "
        + switch (plan.biasEncoding()) {
          case DENSE -> "dense (H, N, KEYS) table";
          case GATHER -> "gathered per score row";
        }
        + "; "
        + scaling(plan, true)
        + "\n"
        + operations(plan);
  }

  private static String plainHeader(KernelPlan plan, String version) {
    return common(plan, version)
        + "Variant: plain Java; attention products in tiles of "
        + plan.plainTiling().rowsPerTile()
        + " rows, linear layers one output row at a time; bias gathered from the head-major table; "
        + scaling(plan, false)
        + "\n"
        + operations(plan);
  }

  private static String common(KernelPlan plan, String version) {
    return "Generated by the WinAttn generator "
        + version
        + ". Do not edit: change the configuration "
        + "and regenerate.\n"
        + "Shape: "
        + plan.shape().describe()
        + (plan.masked() ? ", masked" : ", unmasked")
        + "\n"
        + (plan.hasFusedMaps()
            ? "Feature maps: "
                + String.join(", ", plan.fusedMaps().stream().map(m -> m.description()).toList())
                + " (fused entry: no gather copy, no mask array)\n"
            : "")
        + "Relative index: "
        + plan.shape().tokens()
        + " token offsets as "
        + (plan.indexEncoding() == IndexEncoding.LITERAL ? "an int literal" : "a packed string")
        + "\n";
  }

  private static String scaling(KernelPlan plan, boolean vector) {
    return switch (plan.scoreScaling()) {
      case FOLDED_INTO_Q ->
          vector ? "q scale folded into the packed q weights" : "q scaled after the qkv projection";
      case AFTER_PRODUCT -> "scores times SCALE";
      case COSINE -> "cosine scores times the clamped logit scale";
    };
  }

  private static String operations(KernelPlan plan) {
    return "Operations: " + plan.shape().flopsPerWindow() + " FLOPs per window";
  }

  private static String write(String packageName, TypeSpec type, String header) {
    return JavaFile.builder(packageName, type)
        .addFileComment("$L", header)
        .skipJavaLangImports(true)
        .indent("  ")
        .build()
        .toString();
  }
}
