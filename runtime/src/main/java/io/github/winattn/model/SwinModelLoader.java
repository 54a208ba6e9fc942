package io.github.winattn.model;

import io.github.winattn.diagnostics.UntrustedText;
import io.github.winattn.featuremap.FeatureMapAttention;
import io.github.winattn.featuremap.FeatureMapAttentions;
import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.kernel.MlpKernel;
import io.github.winattn.kernel.MlpShape;
import io.github.winattn.kernel.MlpWeights;
import io.github.winattn.model.checkpoint.CheckpointNames;
import io.github.winattn.model.checkpoint.SwinStateDictFacts;
import io.github.winattn.model.layers.LayerNorm;
import io.github.winattn.model.layers.MatMul;
import io.github.winattn.model.layers.MatMulKind;
import io.github.winattn.model.layers.PatchEmbed;
import io.github.winattn.model.layers.PatchMerging;
import io.github.winattn.model.layers.SwinBlock;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.ShiftedWindowMask;
import io.github.winattn.shape.Window;
import io.github.winattn.weights.AttentionWeights;
import io.github.winattn.weights.StateDictBinder;
import io.github.winattn.weights.TensorSource;
import io.github.winattn.weights.WeightBindingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Resolves a {@link SwinConfig} from a state dict and {@link SwinModelOptions}, checks every tensor
 * and builds the layers. Every problem (an option that contradicts the tensors, a missing,
 * misshaped or unknown tensor, an attention the binder refuses, a stored {@code attn_mask} that
 * differs from the one the block computes) is collected and reported at once in a {@link
 * WeightBindingException}.
 */
final class SwinModelLoader {

  private final TensorSource source;
  private final SwinModelOptions options;
  private final CheckpointNames names;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> consumed = new HashSet<>();

  private SwinModelLoader(TensorSource source, SwinModelOptions options) {
    this.source = source;
    this.options = options;
    this.names = CheckpointNames.detect(source.names());
  }

  static SwinModel load(TensorSource source, SwinModelOptions options) {
    if (source == null || options == null) {
      throw new IllegalArgumentException("source and options must not be null");
    }
    return new SwinModelLoader(source, options).load();
  }

  private SwinModel load() {
    SwinStateDictFacts facts = SwinStateDictFacts.of(source, names);
    problems.addAll(facts.problems());
    SwinConfig config = resolve(facts);
    if (config == null) {
      throw failure("");
    }
    String what = " as " + config.family() + " (" + names + " names)";
    List<List<AttentionWeights>> attention = checkTensors(config);
    if (!problems.isEmpty()) {
      throw failure(what);
    }
    return build(config, attention);
  }

  // ---- configuration ----

  private SwinConfig resolve(SwinStateDictFacts f) {
    Family family =
        pick("family", options.family(), f.family(), "the attention tensors", Family.SWIN_V1);
    boolean v2 = f.family().orElse(family) == Family.SWIN_V2;
    int embedDim =
        pickInt("embed_dim", options.embedDim(), f.embedDim(), "patch_embed.proj.weight");
    int patch =
        pickInt("patch_size", options.patchSize(), f.patchSize(), "patch_embed.proj.weight");
    int inChans = f.inChans().orElse(3);
    List<Integer> depths =
        pick(
            "depths",
            options.depths(),
            f.depths().isEmpty() ? Optional.empty() : Optional.of(f.depths()),
            "the layers.{i}.blocks.{j} names",
            null);
    List<Integer> inferredHeads = f.heads().contains(-1) ? null : f.heads();
    List<Integer> heads =
        pick(
            "heads",
            options.heads(),
            Optional.ofNullable(inferredHeads),
            v2 ? "the logit_scale tensors" : "the relative_position_bias_table tensors",
            null);
    int window =
        pickInt(
            "window",
            options.window(),
            f.window(),
            v2
                ? "layers.0.blocks.0.attn.relative_position_index or relative_coords_table (timm does not save them: pass the window)"
                : "layers.0.blocks.0.attn.relative_position_bias_table");
    int classes = pickInt("classes", options.classes(), OptionalInt.of(f.classes()), "head.weight");
    boolean ape = pick("ape", options.ape(), Optional.of(f.ape()), "absolute_pos_embed", false);
    boolean patchNorm =
        pick(
            "patch_norm",
            options.patchNorm(),
            Optional.of(f.patchNorm()),
            "patch_embed.norm.weight",
            true);
    boolean qkvBias = f.qkvBias().orElse(true);
    double mlpRatio = 4.0;
    if (options.mlpRatio().isPresent()) {
      mlpRatio = options.mlpRatio().getAsDouble();
      if (f.hidden().isPresent()
          && embedDim > 0
          && f.hidden().getAsInt() != (int) (embedDim * mlpRatio)) {
        problems.add(
            "mlp ratio "
                + mlpRatio
                + " gives "
                + (int) (embedDim * mlpRatio)
                + " hidden features at stage 0, but '"
                + UntrustedText.quote(names.fileName("layers.0.blocks.0.mlp.fc1.weight"))
                + "' has "
                + f.hidden().getAsInt());
      }
    } else if (f.hidden().isPresent() && embedDim > 0) {
      mlpRatio = (double) f.hidden().getAsInt() / embedDim;
    }
    List<Integer> pretrained = List.of();
    if (family == Family.SWIN_V2 && depths != null) {
      pretrained = options.pretrainedWindows().orElse(Collections.nCopies(depths.size(), 0));
      if (pretrained.size() != depths.size()) {
        problems.add(
            "pretrained windows "
                + pretrained
                + " need one entry per stage ("
                + depths.size()
                + ")");
      }
    } else if (family == Family.SWIN_V1
        && options.pretrainedWindows().isPresent()
        && options.pretrainedWindows().get().stream().anyMatch(p -> p != 0)) {
      problems.add("pretrained windows are a swin_v2 option (the tensors are swin_v1)");
    }
    if (depths != null && heads != null && depths.size() != heads.size()) {
      problems.add("depths " + depths + " and heads " + heads + " differ in the number of stages");
    }
    if (!problems.isEmpty() || depths == null || heads == null) {
      return null;
    }
    try {
      return new SwinConfig(
          family,
          names,
          options.imageHeight(),
          options.imageWidth(),
          patch,
          inChans,
          embedDim,
          depths,
          heads,
          window,
          mlpRatio,
          qkvBias,
          ape,
          patchNorm,
          classes,
          pretrained);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  /**
   * The option when given (checked against the tensors), else what the tensors say, else a problem.
   */
  private <T> T pick(
      String what, Optional<T> given, Optional<T> inferred, String from, T fallback) {
    if (given.isPresent()) {
      if (inferred.isPresent() && !inferred.get().equals(given.get())) {
        problems.add(
            what
                + " "
                + text(given.get())
                + " was given, but the tensors say "
                + text(inferred.get())
                + " ("
                + from
                + ")");
      }
      return given.get();
    }
    if (inferred.isPresent()) {
      return inferred.get();
    }
    if (fallback == null) {
      problems.add("cannot infer " + what + " from " + from + ": pass it");
    }
    return fallback;
  }

  private int pickInt(String what, OptionalInt given, OptionalInt inferred, String from) {
    Optional<Integer> g = given.isPresent() ? Optional.of(given.getAsInt()) : Optional.empty();
    Optional<Integer> i =
        inferred.isPresent() ? Optional.of(inferred.getAsInt()) : Optional.empty();
    Integer v = pick(what, g, i, from, null);
    return v == null ? -1 : v;
  }

  private static String text(Object v) {
    return v instanceof Family f ? f.id() : String.valueOf(v);
  }

  // ---- tensors ----

  private List<List<AttentionWeights>> checkTensors(SwinConfig c) {
    int c0 = c.embedDim();
    int p = c.patchSize();
    expect("patch_embed.proj.weight", c0, c.inChans(), p, p);
    expect("patch_embed.proj.bias", c0);
    if (c.patchNorm()) {
      expect("patch_embed.norm.weight", c0);
      expect("patch_embed.norm.bias", c0);
    }
    if (c.ape()) {
      String file = names.fileName("absolute_pos_embed");
      consumed.add(file);
      List<Long> actual = source.contains(file) ? source.shape(file) : null;
      List<Long> flat = List.of(1L, (long) c.stageTokens(0), (long) c0);
      List<Long> grid = List.of(1L, (long) c.stageHeight(0), (long) c.stageWidth(0), (long) c0);
      if (actual == null) {
        problems.add("missing tensor '" + quote(file) + "', expected shape " + format(flat));
      } else if (!actual.equals(flat) && !actual.equals(grid)) {
        problems.add(
            "tensor '"
                + quote(file)
                + "' has shape "
                + format(actual)
                + ", expected "
                + format(flat)
                + " (or "
                + format(grid)
                + ")");
      }
    }
    List<List<AttentionWeights>> attention = new ArrayList<>();
    for (int i = 0; i < c.stages(); i++) {
      int dim = c.stageDim(i);
      int hidden = c.hidden(i);
      List<AttentionWeights> stage = new ArrayList<>();
      for (int j = 0; j < c.depths().get(i); j++) {
        String b = "layers." + i + ".blocks." + j + ".";
        expect(b + "norm1.weight", dim);
        expect(b + "norm1.bias", dim);
        expect(b + "norm2.weight", dim);
        expect(b + "norm2.bias", dim);
        expect(b + "mlp.fc1.weight", hidden, dim);
        expect(b + "mlp.fc1.bias", hidden);
        expect(b + "mlp.fc2.weight", dim, hidden);
        expect(b + "mlp.fc2.bias", dim);
        FeatureMapGeometry g = geometry(c, i, j);
        if (g == null) {
          continue;
        }
        checkMask(b + "attn_mask", c, i, g);
        String prefix = b + "attn.";
        for (String name : source.names()) {
          if (name.startsWith(prefix)) {
            consumed.add(name);
          }
        }
        try {
          stage.add(StateDictBinder.bind(shape(c, i, g), source, prefix));
        } catch (WeightBindingException e) {
          problems.addAll(e.problems());
        } catch (IllegalArgumentException e) {
          problems.add(prefix + ": " + e.getMessage());
        }
      }
      attention.add(stage);
      if (i < c.stages() - 1) {
        String d = "layers." + i + ".downsample.";
        expect(d + "reduction.weight", 2L * dim, 4L * dim);
        long normDim = c.family() == Family.SWIN_V1 ? 4L * dim : 2L * dim;
        expect(d + "norm.weight", normDim);
        expect(d + "norm.bias", normDim);
      }
    }
    expect("norm.weight", c.numFeatures());
    expect("norm.bias", c.numFeatures());
    if (c.numClasses() > 0) {
      expect("head.weight", c.numClasses(), c.numFeatures());
      expect("head.bias", c.numClasses());
    }
    List<String> unknown = new ArrayList<>();
    for (String name : source.names()) {
      if (!consumed.contains(name)) {
        unknown.add(name);
      }
    }
    for (String name : unknown) {
      problems.add(
          "unknown tensor '"
              + quote(name)
              + "' "
              + format(source.shape(name))
              + ": not part of a "
              + c.family()
              + " model with depths "
              + c.depths()
              + (c.numClasses() == 0 ? " and no head" : "")
              + " ("
              + names
              + " names)");
    }
    return attention;
  }

  /**
   * Block {@code j} of stage {@code i}: shift {@code window // 2} on odd blocks, then the clamp.
   */
  private FeatureMapGeometry geometry(SwinConfig c, int i, int j) {
    int w = c.windowSize();
    try {
      return FeatureMapGeometry.swin(
          c.family(), c.stageHeight(i), c.stageWidth(i), w, j % 2 == 0 ? 0 : w / 2);
    } catch (IllegalArgumentException e) {
      problems.add("layers." + i + ".blocks." + j + ": " + e.getMessage());
      return null;
    }
  }

  private static AttentionShape shape(SwinConfig c, int i, FeatureMapGeometry g) {
    AttentionShape.Builder b = g.shapeBuilder(c.stageDim(i), c.heads().get(i)).qkvBias(c.qkvBias());
    if (c.family() == Family.SWIN_V2 && c.pretrainedWindows().get(i) > 0) {
      int pw = c.pretrainedWindows().get(i);
      b.pretrainedWindow(Window.of2d(pw, pw));
    }
    return b.build();
  }

  /**
   * The block's {@code attn_mask} buffer, when stored: it must be absent for an unshifted block and
   * equal the mask the official block computes otherwise (the attention itself never reads it: the
   * feature-map path derives the same regions from the geometry).
   */
  private void checkMask(String official, SwinConfig c, int stage, FeatureMapGeometry g) {
    String file = names.fileName(official);
    if (!source.contains(file)) {
      return;
    }
    consumed.add(file);
    if (!g.shifted()) {
      problems.add("unexpected tensor '" + quote(file) + "': the block is not shifted (" + g + ")");
      return;
    }
    int n = g.tokens();
    List<Long> expected = List.of((long) g.windows(), (long) n, (long) n);
    List<Long> actual = source.shape(file);
    if (!actual.equals(expected)) {
      problems.add(
          "tensor '"
              + quote(file)
              + "' has shape "
              + format(actual)
              + ", expected "
              + format(expected)
              + " (nW follows from the image size "
              + c.imageHeight()
              + "x"
              + c.imageWidth()
              + ")");
      return;
    }
    float[] stored;
    try {
      stored = source.floats(file);
    } catch (IllegalArgumentException e) {
      problems.add("tensor '" + quote(file) + "' cannot be read as floats: " + e.getMessage());
      return;
    }
    float[] computed =
        ShiftedWindowMask.build(
            new int[] {c.stageHeight(stage), c.stageWidth(stage)}, g.window(), g.shift());
    for (int k = 0; k < computed.length; k++) {
      if (stored[k] != computed[k]) {
        problems.add(
            "buffer '"
                + quote(file)
                + "' differs from the mask of "
                + g
                + " at ["
                + k / (n * n)
                + ", "
                + k / n % n
                + ", "
                + k % n
                + "]: "
                + stored[k]
                + " instead of "
                + computed[k]);
        return;
      }
    }
  }

  private void expect(String official, long... shape) {
    String file = names.fileName(official);
    consumed.add(file);
    List<Long> expected = Arrays.stream(shape).boxed().toList();
    if (!source.contains(file)) {
      problems.add("missing tensor '" + quote(file) + "', expected shape " + format(expected));
      return;
    }
    List<Long> actual = source.shape(file);
    if (!actual.equals(expected)) {
      problems.add(
          "tensor '"
              + quote(file)
              + "' has shape "
              + format(actual)
              + ", expected "
              + format(expected));
    }
  }

  // ---- layers ----

  private SwinModel build(SwinConfig c, List<List<AttentionWeights>> attention) {
    KernelRegistry registry = options.registry().orElseGet(KernelRegistry::shared);
    MatMulKind mm = options.matMul().resolve();
    LayerNorm embedNorm = c.patchNorm() ? norm("patch_embed.norm") : null;
    float[] ape = c.ape() ? floats("absolute_pos_embed") : null;
    PatchEmbed embed =
        new PatchEmbed(
            c.inChans(),
            c.patchSize(),
            c.imageHeight(),
            c.imageWidth(),
            c.embedDim(),
            floats("patch_embed.proj.weight"),
            floats("patch_embed.proj.bias"),
            embedNorm,
            ape,
            mm);
    List<List<SwinBlock>> stages = new ArrayList<>();
    List<PatchMerging> merging = new ArrayList<>();
    for (int i = 0; i < c.stages(); i++) {
      int dim = c.stageDim(i);
      int hidden = c.hidden(i);
      List<SwinBlock> blocks = new ArrayList<>();
      for (int j = 0; j < c.depths().get(i); j++) {
        String b = "layers." + i + ".blocks." + j + ".";
        AttentionWeights w = attention.get(i).get(j);
        FeatureMapGeometry g = geometry(c, i, j);
        FeatureMapAttention attn =
            FeatureMapAttentions.of(registry.bind(w, options.attention(), g.shifted()), g);
        blocks.add(
            new SwinBlock(
                c.family(),
                norm(b + "norm1"),
                attn,
                norm(b + "norm2"),
                mm.create(floats(b + "mlp.fc1.weight"), floats(b + "mlp.fc1.bias"), dim, hidden),
                mm.create(floats(b + "mlp.fc2.weight"), floats(b + "mlp.fc2.bias"), hidden, dim),
                generatedMlp(registry, mm, new MlpShape(c.family(), dim, hidden), b)));
      }
      stages.add(blocks);
      if (i < c.stages() - 1) {
        String d = "layers." + i + ".downsample.";
        merging.add(
            new PatchMerging(
                c.family(),
                c.stageHeight(i),
                c.stageWidth(i),
                dim,
                floats(d + "reduction.weight"),
                norm(d + "norm"),
                mm));
      }
    }
    MatMul head =
        c.numClasses() > 0
            ? mm.create(floats("head.weight"), floats("head.bias"), c.numFeatures(), c.numClasses())
            : null;
    return new SwinModel(c, embed, stages, merging, norm("norm"), head, mm);
  }

  /**
   * The registry's generated MLP kernel for block {@code b} (prefix {@code layers.i.blocks.j.}),
   * with the vector matrix product only (the generated kernels use the same Vector API tiles); the
   * registry warns once per shape it does not have.
   */
  private Optional<MlpKernel> generatedMlp(
      KernelRegistry registry, MatMulKind mm, MlpShape shape, String b) {
    if (!options.generatedBlocks() || mm != MatMulKind.VECTOR) {
      return Optional.empty();
    }
    return registry.bindMlp(
        new MlpWeights(
            shape,
            floats(b + "norm1.weight"),
            floats(b + "norm1.bias"),
            floats(b + "norm2.weight"),
            floats(b + "norm2.bias"),
            floats(b + "mlp.fc1.weight"),
            floats(b + "mlp.fc1.bias"),
            floats(b + "mlp.fc2.weight"),
            floats(b + "mlp.fc2.bias")));
  }

  private LayerNorm norm(String official) {
    return new LayerNorm(floats(official + ".weight"), floats(official + ".bias"));
  }

  private float[] floats(String official) {
    return source.floats(names.fileName(official));
  }

  private WeightBindingException failure(String what) {
    return new WeightBindingException("cannot load " + source.describe() + what, problems);
  }

  private static String quote(String name) {
    return UntrustedText.quote(name);
  }

  private static String format(List<Long> shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.size(); i++) {
      sb.append(i > 0 ? ", " : "").append(shape.get(i));
    }
    return sb.append(')').toString();
  }
}
