package io.github.winattn.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.testing.VectorCase;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Binds every {@code weights.safetensors} written by the real PyTorch modules
 * (tools/reference/make_vectors.py); the shape comes from the sibling {@code io.safetensors}.
 */
class PyTorchVectorsBindTest {

  static Path vectors() throws URISyntaxException {
    URL index = PyTorchVectorsBindTest.class.getClassLoader().getResource("vectors/index.json");
    if (index == null) {
      throw new IllegalStateException("test resources vectors/index.json not found");
    }
    return Path.of(index.toURI()).getParent();
  }

  static Stream<Path> cases() throws IOException, URISyntaxException {
    try (Stream<Path> dirs = Files.list(vectors())) {
      return dirs
          .filter(d -> Files.isRegularFile(d.resolve("weights.safetensors")))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void theVectorsCoverEveryFamily() throws Exception {
    List<String> names = cases().map(p -> p.getFileName().toString()).toList();
    for (Family f : Family.values()) {
      assertTrue(names.stream().anyMatch(n -> n.startsWith(f.id() + "_")), f + " in " + names);
    }
  }

  @Test
  void checkpointPrefixSkipsTheTrapsAroundIt() throws Exception {
    Path dir = vectors().resolve("swin_v1_w7x7_d24_h3_checkpoint");
    try (SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors"));
        SafetensorsFile w = SafetensorsFile.open(dir.resolve("weights.safetensors"))) {
      AttentionShape shape = VectorCase.shapeOf(io.metadata());
      assertEquals("layers.0.blocks.1.attn.", io.metadata().get("prefix"));
      assertTrue(w.contains("layers.0.blocks.1.attn_mask"), "the trap is still in the file");
      // without the trailing dot, attn_mask must not count as a tensor of the module
      AttentionWeights b1 = StateDictBinder.bind(shape, w, "layers.0.blocks.1.attn");
      assertArrayEquals(w.readFloats("layers.0.blocks.1.attn.qkv.weight"), b1.qkvWeight());
      // the decoy module next to it has no projection
      WeightBindingException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              WeightBindingException.class,
              () -> StateDictBinder.bind(shape, w, "layers.0.blocks.0.attn."));
      assertEquals(
          List.of(
              "missing tensor 'layers.0.blocks.0.attn.proj.weight', expected shape (24, 24)",
              "missing tensor 'layers.0.blocks.0.attn.proj.bias', expected shape (24)"),
          e.problems());
      assertTrue(StateDictInspector.modulePrefixes(w).contains("layers.0.blocks.1.attn."));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bindsAndKeepsEveryValue(Path dir) throws IOException {
    try (SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors"));
        SafetensorsFile w = SafetensorsFile.open(dir.resolve("weights.safetensors"))) {
      AttentionShape shape = VectorCase.shapeOf(io.metadata());
      String prefix = io.metadata().getOrDefault("prefix", "");
      AttentionWeights weights = StateDictBinder.bind(shape, w, prefix);
      assertEquals(shape, weights.shape());
      if (shape.withQkv()) {
        assertArrayEquals(w.readFloats(prefix + "qkv.weight"), weights.qkvWeight());
        assertArrayEquals(w.readFloats(prefix + "proj.weight"), weights.projWeight());
        assertArrayEquals(w.readFloats(prefix + "proj.bias"), weights.projBias());
      }
      if (shape.family() == Family.SWIN_V2) {
        assertArrayEquals(w.readFloats(prefix + "logit_scale"), weights.logitScale());
        // PyTorch's float32 MLP is itself up to ~7e-6 from the float64 value; ours accumulates
        // in double, so it must be within 1e-6 of a float64 fold of the stored tensors and
        // within 1e-5 of PyTorch's folded_table.
        double[] exact = foldInDouble(w, prefix, shape.heads());
        float[] folded = io.readFloats("folded_table");
        assertEquals(folded.length, weights.biasTable().length);
        for (int k = 0; k < folded.length; k++) {
          String at = "table[" + k / shape.heads() + ", " + k % shape.heads() + "]";
          assertEquals(exact[k], weights.biasTable()[k], 1e-6, at + " vs float64");
          assertEquals(folded[k], weights.biasTable()[k], 1e-5, at + " vs folded_table");
        }
        if (shape.qkvBias()) {
          int c = shape.dim();
          float[] q = w.readFloats(prefix + "q_bias");
          float[] v = w.readFloats(prefix + "v_bias");
          for (int i = 0; i < c; i++) {
            assertEquals(q[i], weights.qkvBias()[i]);
            assertEquals(0f, weights.qkvBias()[c + i]);
            assertEquals(v[i], weights.qkvBias()[2 * c + i]);
          }
        }
      } else {
        assertArrayEquals(
            w.readFloats(prefix + "relative_position_bias_table"), weights.biasTable());
        if (shape.qkvBias()) {
          assertArrayEquals(w.readFloats(prefix + "qkv.bias"), weights.qkvBias());
        }
      }
    }
  }

  /** {@code 16 * sigmoid(cpb_mlp(relative_coords_table))} in float64 from the stored tensors. */
  private static double[] foldInDouble(SafetensorsFile w, String prefix, int heads) {
    double[] coords = w.readDoubles(prefix + "relative_coords_table");
    double[] w0 = w.readDoubles(prefix + "cpb_mlp.0.weight");
    double[] b0 = w.readDoubles(prefix + "cpb_mlp.0.bias");
    double[] w2 = w.readDoubles(prefix + "cpb_mlp.2.weight");
    int rows = coords.length / 2;
    double[] out = new double[rows * heads];
    for (int r = 0; r < rows; r++) {
      for (int h = 0; h < heads; h++) {
        double logit = 0;
        for (int k = 0; k < 512; k++) {
          double hidden =
              Math.max(0, coords[2 * r] * w0[2 * k] + coords[2 * r + 1] * w0[2 * k + 1] + b0[k]);
          logit += hidden * w2[h * 512 + k];
        }
        out[r * heads + h] = 16 / (1 + Math.exp(-logit));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void inspectorAgreesWithTheMetadata(Path dir) throws IOException {
    try (SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors"));
        SafetensorsFile w = SafetensorsFile.open(dir.resolve("weights.safetensors"))) {
      AttentionShape shape = VectorCase.shapeOf(io.metadata());
      InspectedModule m =
          StateDictInspector.inspect(w, io.metadata().getOrDefault("prefix", ""), shape.family());
      assertEquals(List.of(), m.mismatches(shape));
      assertTrue(m.windows().contains(shape.window()), m.windows() + " has " + shape.window());
      assertFalse(m.windows().isEmpty());
    }
  }
}
