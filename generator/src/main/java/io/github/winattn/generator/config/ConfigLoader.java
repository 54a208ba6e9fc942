package io.github.winattn.generator.config;

import io.github.winattn.generator.KernelNaming;
import io.github.winattn.generator.KernelSpec;
import io.github.winattn.kernel.MlpShape;
import io.github.winattn.shape.AttentionShape;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads and validates a kernels configuration. Everything is checked before anything is generated,
 * and every problem is reported at once in a {@link ConfigException}: unknown keys, wrong types,
 * impossible shapes, shapes the generator cannot build, duplicate kernels or class names, bad Java
 * names.
 *
 * <p>A shape that is asked for several times by model presets, or by a preset and a {@code kernels}
 * entry, becomes one kernel, masked if any of them needs the mask (a masked kernel also runs
 * unmasked calls). Listing the same shape twice under {@code kernels} is an error.
 */
public final class ConfigLoader {

  /** Where a project keeps its configuration, relative to its base directory. */
  public static final String DEFAULT_LOCATION = "src/main/winattn/kernels.yaml";

  private static final List<String> TOP_KEYS = List.of("package", "kernels", "models");
  private static final int MAX_CHARS = ConfigFiles.MAX_BYTES;

  /** Lists and mappings inside each other; real configurations need 4 or 5. */
  static final int MAX_DEPTH = 64;

  private final Function<KernelSpec, Optional<String>> support;

  /**
   * @param support why a spec cannot be generated, or empty if it can; normally {@code
   *     KernelGenerator::unsupportedReason}
   */
  public ConfigLoader(Function<KernelSpec, Optional<String>> support) {
    if (support == null) {
      throw new IllegalArgumentException("support == null");
    }
    this.support = support;
  }

  /**
   * Reads {@code file} (UTF-8) with the bounds of {@link ConfigFiles#read}.
   *
   * @param packageOverride package to generate into instead of the file's {@code package}; empty
   *     for none
   * @throws ConfigException listing every problem with its location; a file that is missing, not a
   *     regular file, too large or unreadable is a problem at its start
   */
  public KernelsConfig load(Path file, String packageOverride) throws ConfigException {
    return load(file.toString(), ConfigFiles.read(file), packageOverride);
  }

  /**
   * Parses configuration bytes (UTF-8).
   *
   * @param label the file name used in diagnostics
   * @throws ConfigException listing every problem with its location
   */
  public KernelsConfig load(String label, byte[] bytes, String packageOverride)
      throws ConfigException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(
          List.of(new Diagnostic(SourceLocation.startOf(label), "the file is not valid UTF-8")));
    }
    return parse(label, text, packageOverride);
  }

  /**
   * Parses configuration text.
   *
   * @param file the name used in diagnostics
   * @param packageOverride package to generate into instead of the text's; empty for none
   * @throws ConfigException listing every problem with its location
   */
  public KernelsConfig parse(String file, String text, String packageOverride)
      throws ConfigException {
    Problems problems = new Problems(file);
    Optional<Node> root = compose(file, text, problems);
    problems.throwIfAny();
    if (root.isEmpty()) {
      problems.add(
          SourceLocation.startOf(file),
          "the file is empty: expected 'package' and 'kernels' or 'models'");
      problems.throwIfAny();
    }
    Optional<YamlMapping> top = YamlMapping.of(root.get(), "the configuration", problems);
    if (top.isEmpty()) {
      problems.throwIfAny();
    }
    YamlMapping m = top.get();
    m.rejectUnknownKeys(TOP_KEYS);
    String packageName = packageName(m, packageOverride, problems);
    KernelSet set = new KernelSet(problems);
    m.value("kernels").ifPresent(node -> kernels(node, set, problems));
    m.value("models").ifPresent(node -> models(node, set, problems));
    if (!m.has("kernels") && !m.has("models")) {
      problems.add(m.node(), "no kernels: list shapes under 'kernels' or models under 'models'");
    }
    List<ConfiguredKernel> kernels = set.kernels();
    if (JavaNames.isPackageName(packageName)) {
      checkClassNames(kernels, packageName, problems);
    }
    for (ConfiguredKernel k : kernels) {
      support
          .apply(k.spec())
          .ifPresent(
              reason ->
                  problems.add(
                      k.origin(),
                      k.source()
                          + ": cannot generate "
                          + k.spec().shape().describe()
                          + ": "
                          + reason));
    }
    problems.throwIfAny();
    return new KernelsConfig(file, packageName, kernels, set.mlps());
  }

  /**
   * Checks the final class name stems (configured or {@link KernelNaming#stem default}) against
   * each other and the package's catalogue class, so that clashes are reported where they arise.
   */
  private static void checkClassNames(
      List<ConfiguredKernel> kernels, String packageName, Problems problems) {
    String catalog = KernelNaming.catalogClass(packageName);
    Map<String, ConfiguredKernel> byStem = new LinkedHashMap<>();
    for (ConfiguredKernel k : kernels) {
      KernelSpec spec = k.spec();
      String stem =
          spec.className().isEmpty()
              ? KernelNaming.stem(spec.shape(), spec.masked())
              : spec.className();
      if (stem.equals(catalog)) {
        problems.add(
            k.origin(),
            k.source()
                + ": class name '"
                + stem
                + "' is the name of the"
                + " catalogue class of package "
                + packageName);
        continue;
      }
      ConfiguredKernel first = byStem.putIfAbsent(stem, k);
      if (first != null) {
        problems.add(
            k.origin(),
            k.source()
                + ": class name '"
                + stem
                + "' is already used by "
                + first.source()
                + " at "
                + first.origin());
      }
    }
  }

  private static Optional<Node> compose(String file, String text, Problems problems) {
    if (text.length() > MAX_CHARS) {
      problems.add(
          SourceLocation.startOf(file), "the file is larger than " + MAX_CHARS + " characters");
      return Optional.empty();
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setSchema(new CoreSchema())
            .setMaxAliasesForCollections(50)
            .setCodePointLimit(MAX_CHARS)
            .build();
    try {
      Optional<SourceLocation> tooDeep = tooDeep(settings, text, problems);
      if (tooDeep.isPresent()) {
        problems.add(
            tooDeep.get(), "lists and mappings are nested more than " + MAX_DEPTH + " levels deep");
        return Optional.empty();
      }
      return new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      SourceLocation at = e.getProblemMark().map(problems::at).orElse(SourceLocation.startOf(file));
      String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
      problems.add(at, "not valid YAML: " + problem.strip());
    } catch (YamlEngineException e) {
      problems.add(SourceLocation.startOf(file), "not valid YAML: " + e.getMessage());
    } catch (RuntimeException e) { // untrusted input: any parser failure is a diagnostic
      problems.add(SourceLocation.startOf(file), "the YAML parser failed: " + e);
    }
    return Optional.empty();
  }

  /**
   * Where the nesting first exceeds {@link #MAX_DEPTH}, found with the event parser (which keeps
   * its own stack) before the recursive composer could overflow the thread's stack.
   */
  private static Optional<SourceLocation> tooDeep(
      LoadSettings settings, String text, Problems problems) {
    int depth = 0;
    for (Event event : new Parse(settings).parseString(text)) {
      if (event.getEventId() == Event.ID.SequenceStart
          || event.getEventId() == Event.ID.MappingStart) {
        if (++depth > MAX_DEPTH) {
          return Optional.of(
              event
                  .getStartMark()
                  .map(problems::at)
                  .orElse(SourceLocation.startOf(problems.file())));
        }
      } else if (event.getEventId() == Event.ID.SequenceEnd
          || event.getEventId() == Event.ID.MappingEnd) {
        depth--;
      }
    }
    return Optional.empty();
  }

  private static String packageName(YamlMapping m, String override, Problems problems) {
    if (override == null) {
      throw new IllegalArgumentException("packageOverride == null (use \"\" for none)");
    }
    if (!override.isEmpty()) {
      if (!JavaNames.isPackageName(override)) {
        problems.add(
            SourceLocation.startOf(problems.file()),
            "the package given to the build, '" + override + "', is not a Java package name");
      }
      m.string("package");
      Optional<String> reserved = JavaNames.reservedRoot(override);
      if (reserved.isPresent()) {
        problems.add(
            SourceLocation.startOf(problems.file()),
            "the package given to the build: "
                + JavaNames.reservedMessage(override, reserved.get()));
        return "invalid";
      }
      Optional<String> longPart = JavaNames.tooLongPart(override);
      if (longPart.isPresent()) {
        problems.add(
            SourceLocation.startOf(problems.file()),
            "the package given to the build: " + JavaNames.tooLongMessage("part", longPart.get()));
        return "invalid";
      }
      return JavaNames.isPackageName(override) ? override : "invalid";
    }
    if (!m.has("package")) {
      problems.add(
          m.node(),
          "missing 'package': the Java package of the generated kernels, e.g."
              + " 'package: com.example.attention'");
      return "invalid";
    }
    Optional<String> name = m.string("package");
    if (name.isPresent() && !JavaNames.isPackageName(name.get())) {
      problems.add(
          m.nodeOf("package"),
          "package '"
              + name.get()
              + "' is not a Java package name (dotted"
              + " ASCII identifiers, no keywords)");
    }
    Optional<String> reserved = name.flatMap(JavaNames::reservedRoot);
    if (name.isPresent() && JavaNames.isPackageName(name.get()) && reserved.isPresent()) {
      problems.add(m.nodeOf("package"), JavaNames.reservedMessage(name.get(), reserved.get()));
      return "invalid";
    }
    Optional<String> longPart = name.flatMap(JavaNames::tooLongPart);
    if (name.isPresent() && JavaNames.isPackageName(name.get()) && longPart.isPresent()) {
      problems.add(
          m.nodeOf("package"), "package " + JavaNames.tooLongMessage("part", longPart.get()));
      return "invalid";
    }
    return name.filter(JavaNames::isPackageName).orElse("invalid");
  }

  private static void kernels(Node node, KernelSet set, Problems problems) {
    if (!(node instanceof SequenceNode list)) {
      problems.add(
          node,
          "'kernels' must be a list of shapes ('- family: ...'), got "
              + YamlMapping.describe(node));
      return;
    }
    KernelEntryParser parser = new KernelEntryParser(problems);
    int n = 0;
    for (Node item : list.getValue()) {
      n++;
      String name = "kernel #" + n;
      Optional<YamlMapping> m = YamlMapping.of(item, name, problems);
      if (m.isPresent()) {
        int index = n;
        parser
            .parse(m.get())
            .ifPresent(
                spec -> set.addExplicit(spec, problems.at(item), "kernel #" + index, m.get()));
      }
    }
  }

  private static void models(Node node, KernelSet set, Problems problems) {
    if (!(node instanceof SequenceNode list)) {
      problems.add(
          node,
          "'models' must be a list like '- swin_t: {image: 224}', got "
              + YamlMapping.describe(node));
      return;
    }
    PresetExpander expander = new PresetExpander(problems);
    for (Node item : list.getValue()) {
      Optional<YamlMapping> entry = YamlMapping.of(item, "model entry", problems);
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.get().keys().size() != 1) {
        problems.add(
            item,
            "a model entry names one model, like '- swin_t: {image: 224}'"
                + " (got "
                + entry.get().keys().size()
                + " keys)");
        continue;
      }
      String id = entry.get().keys().iterator().next();
      Node params = entry.get().nodeOf(id);
      Optional<ModelPreset> preset = ModelPreset.byId(id);
      if (preset.isEmpty()) {
        problems.add(
            item, "unknown model '" + id + "' (expected one of: " + ModelPreset.ids() + ")");
        continue;
      }
      if (params instanceof ScalarNode s && Tag.NULL.equals(s.getTag())) {
        params =
            new org.snakeyaml.engine.v2.nodes.MappingNode(
                Tag.MAP,
                false,
                List.of(),
                org.snakeyaml.engine.v2.common.FlowStyle.FLOW,
                s.getStartMark(),
                s.getEndMark());
      }
      Optional<YamlMapping> m = YamlMapping.of(params, "model " + id, problems);
      if (m.isPresent()) {
        for (PresetExpander.StageKernel k : expander.expand(preset.get(), m.get())) {
          set.addPreset(
              new KernelSpec(k.shape(), k.masked(), "", k.maps()),
              problems.at(item),
              "model " + k.stage());
        }
        set.mlps.addAll(PresetExpander.mlpShapes(preset.get()));
      }
    }
  }

  /** The kernels in order of first mention, one per shape, with class-name checks. */
  private static final class KernelSet {
    private final Problems problems;
    private final Map<AttentionShape, ConfiguredKernel> byShape = new LinkedHashMap<>();
    private final Map<String, SourceLocation> classNames = new LinkedHashMap<>();
    private final java.util.Set<MlpShape> mlps = new java.util.LinkedHashSet<>();

    KernelSet(Problems problems) {
      this.problems = problems;
    }

    void addExplicit(KernelSpec spec, SourceLocation at, String source, YamlMapping m) {
      ConfiguredKernel previous = byShape.get(spec.shape());
      if (previous != null
          && !spec.featureMaps().isEmpty()
          && !previous.spec().featureMaps().isEmpty()
          && previous.spec().masked() == spec.masked()
          && previous.spec().className().equals(spec.className())) {
        // one entry per feature map of a shape (e.g. per stage): the kernel gets all of them
        byShape.put(
            spec.shape(),
            new ConfiguredKernel(
                previous.spec().withFeatureMaps(spec.featureMaps()),
                previous.origin(),
                previous.source()));
        return;
      }
      if (previous != null) {
        problems.add(
            at,
            "duplicate kernel: "
                + spec.shape().describe()
                + " is already "
                + previous.source()
                + " at "
                + previous.origin()
                + " (list a shape once; a masked"
                + " kernel also runs unmasked calls)");
        return;
      }
      if (!spec.className().isEmpty()) {
        SourceLocation first = classNames.putIfAbsent(spec.className(), at);
        if (first != null) {
          problems.add(
              problems.at(m.nodeOf("class")),
              "duplicate class name '"
                  + spec.className()
                  + "' (also used by the kernel at "
                  + first
                  + ")");
          return;
        }
      }
      byShape.put(spec.shape(), new ConfiguredKernel(spec, at, source));
    }

    void addPreset(KernelSpec spec, SourceLocation at, String source) {
      ConfiguredKernel previous = byShape.get(spec.shape());
      if (previous == null) {
        byShape.put(spec.shape(), new ConfiguredKernel(spec, at, source));
      } else {
        // masked if any model shifts there; the feature maps of every model that runs the shape
        KernelSpec p = previous.spec();
        KernelSpec merged =
            new KernelSpec(
                    spec.shape(), p.masked() || spec.masked(), p.className(), p.featureMaps())
                .withFeatureMaps(spec.featureMaps());
        byShape.put(
            spec.shape(), new ConfiguredKernel(merged, previous.origin(), previous.source()));
      }
    }

    List<MlpShape> mlps() {
      return List.copyOf(mlps);
    }

    List<ConfiguredKernel> kernels() {
      return new ArrayList<>(byShape.values());
    }
  }
}
