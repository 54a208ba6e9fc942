package io.github.winattn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.featuremap.FeatureMapAttentions;
import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.model.checkpoint.CheckpointNames;
import io.github.winattn.model.layers.LayerNorm;
import io.github.winattn.model.layers.MatMulKind;
import io.github.winattn.model.layers.PatchEmbed;
import io.github.winattn.model.layers.PatchMerging;
import io.github.winattn.model.layers.Scratch;
import io.github.winattn.model.layers.SwinBlock;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.registry.KernelChoice;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.testing.Tolerance;
import io.github.winattn.weights.StateDictBinder;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Blocks, patch merging, patch embedding and whole models against the float64 runs of the official
 * modules ({@code model-vectors/}), for the reference attention kernel and the registry's choice.
 *
 * <p>Tolerances on {@code max |ours - float64|}, measured when this was written (ours / PyTorch's
 * own float32 run): layers {@link #LAYER_ATOL} (blocks up to 7.1e-6 / 3.8e-6, merging 7.8e-7 /
 * 4.9e-7, patch embedding 8.0e-7 / 7.1e-7: a handful of float roundings on sums of at most 4C
 * terms, v2's logit scales amplify them); model logits {@link #MODEL_ATOL} absolute on logits up to
 * 7 in magnitude (measured up to 1.1e-5 / 6.1e-6: a dozen layers compound the rounding), per-stage
 * maps the same relative to their largest value when above 1.
 */
class ModelVectorsTest {

  static final double LAYER_ATOL = 2e-5;
  static final double MODEL_ATOL = 5e-5;

  static List<ModelVectorCase> blocks() {
    return ModelVectorCase.all("block");
  }

  static List<ModelVectorCase> mergings() {
    return ModelVectorCase.all("merging");
  }

  static List<ModelVectorCase> embeds() {
    return ModelVectorCase.all("patch_embed");
  }

  static List<ModelVectorCase> models() {
    return ModelVectorCase.all("model");
  }

  @Test
  void everyKindIsThere() {
    assertTrue(blocks().size() >= 8, "blocks " + blocks());
    assertTrue(mergings().size() >= 4, "mergings " + mergings());
    assertTrue(embeds().size() >= 3, "patch embeds " + embeds());
    assertTrue(models().stream().anyMatch(c -> c.text("names").equals("timm")), "timm model");
    assertTrue(models().stream().anyMatch(c -> c.text("family").equals("swin_v2")), "v2 model");
    assertTrue(models().stream().anyMatch(c -> c.bool("ape")), "ape model");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blocks")
  void blockMatchesFloat64(ModelVectorCase c) throws IOException {
    Family family = Family.fromId(c.text("family"));
    int[] res = c.ints("input_resolution");
    int dim = c.integer("dim");
    int window = c.integer("window_size");
    FeatureMapGeometry g =
        FeatureMapGeometry.swin(family, res[0], res[1], window, c.integer("shift_size"));
    AttentionShape.Builder sb =
        g.shapeBuilder(dim, c.integer("num_heads")).qkvBias(c.bool("qkv_bias"));
    if (family == Family.SWIN_V2 && c.integer("pretrained_window_size") > 0) {
      int p = c.integer("pretrained_window_size");
      sb.pretrainedWindow(Window.of2d(p, p));
    }
    int batch = c.integer("batch");
    try (SafetensorsFile w = c.weights();
        SafetensorsFile io = c.io()) {
      var weights = StateDictBinder.bind(sb.build(), w, "attn.");
      int hidden = (int) (dim * c.number("mlp_ratio"));
      float[] input = io.readFloats("input");
      double[] expected = io.readDoubles("output_f64");
      for (int run = 0; run < 3; run++) {
        boolean reference = run == 0;
        MatMulKind mm = run == 2 ? MatMulKind.PLAIN : MatMulKind.VECTOR;
        var attention =
            reference
                ? FeatureMapAttentions.of(new ReferenceKernel(weights), g)
                : FeatureMapAttentions.bind(weights, g);
        SwinBlock block =
            new SwinBlock(
                family,
                norm(w, "norm1"),
                attention,
                norm(w, "norm2"),
                mm.create(
                    w.readFloats("mlp.fc1.weight"), w.readFloats("mlp.fc1.bias"), dim, hidden),
                mm.create(
                    w.readFloats("mlp.fc2.weight"), w.readFloats("mlp.fc2.bias"), hidden, dim));
        float[] x = input.clone();
        float[] n = new float[x.length];
        float[] y = new float[x.length];
        int rows = batch * res[0] * res[1];
        float[] attnIn = x;
        if (block.preNorm()) {
          block.preNormRows(x, n, 0, rows);
          attnIn = n;
        }
        block.attention().forward(attnIn, 0, y, 0, batch);
        // the generic layers split by rows only
        assertEquals(0, block.mlpSplitUnits(0, rows));
        float[] none = new float[0];
        assertThrows(
            IllegalStateException.class, () -> block.mlpSplit(0, none, none, 0, none, 0, 0));
        block.mlpRows(x, y, 0, rows, new Scratch(hidden, 4 * dim, hidden));
        double err = Tolerance.maxErrorVsF64(x, expected);
        double torch = Tolerance.maxErrorVsF64(io.readFloats("output"), expected);
        assertTrue(
            err <= LAYER_ATOL,
            c
                + " "
                + attention.implementation()
                + " "
                + mm
                + ": max |ours - f64| = "
                + err
                + " (torch f32 "
                + torch
                + ")");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mergings")
  void mergingMatchesFloat64(ModelVectorCase c) throws IOException {
    Family family = Family.fromId(c.text("family"));
    int[] res = c.ints("input_resolution");
    int dim = c.integer("dim");
    try (SafetensorsFile w = c.weights();
        SafetensorsFile io = c.io()) {
      for (MatMulKind mm : new MatMulKind[] {MatMulKind.PLAIN, MatMulKind.VECTOR}) {
        PatchMerging m =
            new PatchMerging(
                family, res[0], res[1], dim, w.readFloats("reduction.weight"), norm(w, "norm"), mm);
        int batch = c.integer("batch");
        float[] out = new float[batch * m.outputTokens() * 2 * dim];
        m.rows(
            io.readFloats("input"),
            0,
            out,
            0,
            0,
            batch * m.outputTokens(),
            new Scratch(2 * dim, 4 * dim, 1));
        double err = Tolerance.maxErrorVsF64(out, io.readDoubles("output_f64"));
        assertTrue(err <= LAYER_ATOL, c + " " + mm + ": max |ours - f64| = " + err);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("embeds")
  void patchEmbedMatchesFloat64(ModelVectorCase c) throws IOException {
    int[] img = c.ints("img_size");
    int p = c.integer("patch_size");
    int e = c.integer("embed_dim");
    int in = c.integer("in_chans");
    try (SafetensorsFile w = c.weights();
        SafetensorsFile io = c.io()) {
      for (MatMulKind mm : new MatMulKind[] {MatMulKind.PLAIN, MatMulKind.VECTOR}) {
        PatchEmbed embed =
            new PatchEmbed(
                in,
                p,
                img[0],
                img[1],
                e,
                w.readFloats("proj.weight"),
                w.readFloats("proj.bias"),
                c.bool("patch_norm") ? norm(w, "norm") : null,
                null,
                mm);
        int batch = c.integer("batch");
        float[] out = new float[batch * embed.tokens() * e];
        embed.rows(
            io.readFloats("input"),
            0,
            out,
            0,
            batch * embed.tokens(),
            new Scratch(e, embed.patchFeatures(), 1));
        double err = Tolerance.maxErrorVsF64(out, io.readDoubles("output_f64"));
        assertTrue(err <= LAYER_ATOL, c + " " + mm + ": max |ours - f64| = " + err);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void modelMatchesFloat64(ModelVectorCase c) throws IOException {
    int[] img = c.ints("img_size");
    SwinModelOptions.Builder b =
        SwinModelOptions.builder()
            .imageSize(img[0], img[1])
            .patchSize(c.integer("patch_size"))
            .mlpRatio(c.number("mlp_ratio"))
            .embedDim(c.integer("embed_dim"))
            .depths(c.list("depths"))
            .heads(c.list("num_heads"))
            .window(c.integer("window_size"))
            .classes(c.integer("num_classes"))
            .ape(c.bool("ape"))
            .patchNorm(c.bool("patch_norm"))
            .family(Family.fromId(c.text("family")));
    if (c.has("pretrained_window_sizes")) {
      b.pretrainedWindows(c.list("pretrained_window_sizes"));
    }
    int batch = c.integer("batch");
    try (SafetensorsFile w = c.weights();
        SafetensorsFile io = c.io()) {
      float[] input = io.readFloats("input");
      double[] expected = io.readDoubles("output_f64");
      double torch = Tolerance.maxErrorVsF64(io.readFloats("output"), expected);
      for (int run = 0; run < 3; run++) {
        KernelChoice choice = run == 0 ? KernelChoice.REFERENCE : KernelChoice.AUTO;
        MatMulKind mm = run == 2 ? MatMulKind.PLAIN : MatMulKind.VECTOR;
        SwinModel model = SwinModel.load(w, b.attention(choice).matMul(mm).build());
        assertEquals(mm.name().toLowerCase(java.util.Locale.ROOT), model.matMulImplementation());
        assertEquals(c.text("names"), model.config().names().id(), c.name());
        float[] logits = new float[batch * model.numClasses()];
        model.classify(input, 0, batch, logits, 0);
        double err = Tolerance.maxErrorVsF64(logits, expected);
        assertTrue(
            err <= MODEL_ATOL,
            c
                + " "
                + choice
                + " "
                + model.attentionImplementations()
                + " "
                + model.matMulImplementation()
                + ": max |ours - f64| = "
                + err
                + " (torch f32 "
                + torch
                + ")");
        float[] parallel = new float[logits.length];
        model.classifyParallel(input, 0, batch, parallel, 0, ForkJoinPool.commonPool(), 3);
        assertArrayEquals(logits, parallel, c + " parallel");
        float[][] stages = new float[model.config().stages()][];
        for (int i = 0; i < stages.length; i++) {
          stages[i] = new float[batch * model.featureSize(i)];
        }
        model.features(input, 0, batch, stages);
        for (int i = 0; i < stages.length; i++) {
          double[] f64 = io.readDoubles("stage" + i);
          double e = Tolerance.maxErrorVsF64(stages[i], f64);
          assertTrue(
              e <= MODEL_ATOL * Math.max(1, maxAbs(f64)),
              c + " stage" + i + ": max |ours - f64| = " + e);
        }
      }
    }
  }

  @Test
  void inferredConfigurationEqualsTheVectorsConfiguration() throws IOException {
    for (ModelVectorCase c : models()) {
      int[] img = c.ints("img_size");
      SwinModelOptions.Builder b = SwinModelOptions.builder().imageSize(img[0], img[1]);
      if (c.has("pretrained_window_sizes")) {
        b.pretrainedWindows(c.list("pretrained_window_sizes"));
      }
      try (SafetensorsFile w = c.weights()) {
        SwinConfig config = SwinModel.load(w, b.build()).config();
        assertEquals(c.list("depths"), config.depths(), c.name());
        assertEquals(c.list("num_heads"), config.heads(), c.name());
        assertEquals(c.integer("window_size"), config.windowSize(), c.name());
        assertEquals(c.integer("embed_dim"), config.embedDim(), c.name());
        assertEquals(c.integer("num_classes"), config.numClasses(), c.name());
        assertEquals(c.bool("ape"), config.ape(), c.name());
        assertEquals(c.bool("patch_norm"), config.patchNorm(), c.name());
        assertEquals(c.number("mlp_ratio"), config.mlpRatio(), c.name());
        assertEquals(c.text("family"), config.family().id(), c.name());
        assertEquals(
            CheckpointNames.valueOf(c.text("names").toUpperCase(java.util.Locale.ROOT)),
            config.names(),
            c.name());
      }
    }
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double d : v) {
      m = Math.max(m, Math.abs(d));
    }
    return m;
  }

  private static LayerNorm norm(SafetensorsFile w, String prefix) {
    return new LayerNorm(w.readFloats(prefix + ".weight"), w.readFloats(prefix + ".bias"));
  }

  static KernelRegistry registry() {
    return KernelRegistry.shared();
  }
}
