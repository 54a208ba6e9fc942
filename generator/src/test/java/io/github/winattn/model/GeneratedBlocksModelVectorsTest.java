package io.github.winattn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.generator.KernelGenerator;
import io.github.winattn.generator.KernelNaming;
import io.github.winattn.generator.testing.CompiledKernels;
import io.github.winattn.kernel.KernelCatalog;
import io.github.winattn.kernel.MlpShape;
import io.github.winattn.model.layers.MatMulKind;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.shape.Family;
import io.github.winattn.testing.Tolerance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole-model vectors ({@code runtime/src/test/resources/model-vectors}) through generated MLP
 * block kernels: every stage's MLP shape of every case is generated for a test catalogue, the model
 * binds them (and reports it), its logits meet the float64 run within {@link
 * ModelVectorsTest#MODEL_ATOL} and equal the generic path's bit for bit. A registry without the
 * shapes falls back to the generic layers with one WARNING per shape naming it.
 */
class GeneratedBlocksModelVectorsTest {

  private static final String PACKAGE = "modelvectors.blocks";
  private static KernelCatalog catalog;

  static List<ModelVectorCase> models() {
    return ModelVectorCase.all("model");
  }

  static List<MlpShape> shapes(ModelVectorCase c) {
    List<MlpShape> shapes = new ArrayList<>();
    int embed = c.integer("embed_dim");
    for (int s = 0; s < c.list("depths").size(); s++) {
      int dim = embed << s;
      shapes.add(
          new MlpShape(Family.fromId(c.text("family")), dim, (int) (dim * c.number("mlp_ratio"))));
    }
    return shapes;
  }

  @BeforeAll
  static void generateEveryStageShape() throws ReflectiveOperationException {
    Set<MlpShape> all = new LinkedHashSet<>();
    models().forEach(c -> all.addAll(shapes(c)));
    CompiledKernels compiled =
        CompiledKernels.compile(
            new KernelGenerator().generate(PACKAGE, List.of(), new ArrayList<>(all)));
    catalog =
        (KernelCatalog)
            Class.forName(
                    PACKAGE + "." + KernelNaming.catalogClass(PACKAGE), true, compiled.loader())
                .getConstructor()
                .newInstance();
  }

  static SwinModelOptions.Builder options(ModelVectorCase c) {
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
            .family(Family.fromId(c.text("family")))
            .matMul(MatMulKind.VECTOR);
    if (c.has("pretrained_window_sizes")) {
      b.pretrainedWindows(c.list("pretrained_window_sizes"));
    }
    return b;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void generatedBlocksMatchFloat64AndTheGenericPath(ModelVectorCase c) throws IOException {
    Recording log = new Recording();
    KernelRegistry registry =
        KernelRegistry.builder()
            .catalogs(List.of(catalog))
            .vectorAvailable(true)
            .logger(log)
            .build();
    int batch = c.integer("batch");
    try (SafetensorsFile w = c.weights();
        SafetensorsFile io = c.io()) {
      float[] input = io.readFloats("input");
      double[] expected = io.readDoubles("output_f64");
      SwinModel generated = SwinModel.load(w, options(c).registry(registry).build());
      assertEquals(
          Collections.nCopies(c.list("depths").size(), "generated"),
          generated.mlpImplementations());
      float[] logits = new float[batch * generated.numClasses()];
      generated.classify(input, 0, batch, logits, 0);
      double err = Tolerance.maxErrorVsF64(logits, expected);
      assertTrue(err <= ModelVectorsTest.MODEL_ATOL, c + ": max |generated blocks - f64| = " + err);
      // in parallel every MLP here has few rows, so it is split by columns: the same floats
      ForkJoinPool pool = new ForkJoinPool(2);
      try {
        float[] parallel = new float[logits.length];
        generated.classifyParallel(input, 0, batch, parallel, 0, pool, 3);
        assertArrayEquals(logits, parallel, c + ": classifyParallel against classify");
      } finally {
        pool.shutdownNow();
      }
      SwinModel generic =
          SwinModel.load(w, options(c).registry(registry).generatedBlocks(false).build());
      assertEquals(
          Collections.nCopies(c.list("depths").size(), "generic"), generic.mlpImplementations());
      float[] genericLogits = new float[logits.length];
      generic.classify(input, 0, batch, genericLogits, 0);
      for (int i = 0; i < logits.length; i++) {
        assertEquals(genericLogits[i], logits[i], 0f, c + ": logit " + i);
      }
    }
    assertTrue(
        log.lines.stream().noneMatch(l -> l.contains("MLP")), "no MLP fallback: " + log.lines);
  }

  @Test
  void aMissingShapeFallsBackWithOneWarningPerShape() throws IOException {
    ModelVectorCase c = models().get(0);
    Recording log = new Recording();
    KernelRegistry empty =
        KernelRegistry.builder().catalogs(List.of()).vectorAvailable(true).logger(log).build();
    try (SafetensorsFile w = c.weights()) {
      SwinModel model = SwinModel.load(w, options(c).registry(empty).build());
      assertTrue(model.mlpImplementations().stream().allMatch("generic"::equals));
    }
    for (MlpShape s : shapes(c)) {
      List<String> warnings =
          log.lines.stream()
              .filter(l -> l.startsWith("WARNING no generated kernel for " + s.describe() + ";"))
              .toList();
      assertEquals(1, warnings.size(), s.describe() + " in " + log.lines);
      assertTrue(
          warnings.get(0).contains("kernels.yaml") && warnings.get(0).contains("generic MLP"),
          warnings.get(0));
    }
  }

  /** A {@link System.Logger} that keeps every message as {@code "LEVEL message"}. */
  static final class Recording implements System.Logger {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String getName() {
      return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(level.getName() + " " + msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(level.getName() + " " + format);
    }
  }
}
