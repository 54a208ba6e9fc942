package io.github.winattn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.weights.AttentionWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the benchmark's set-up and one timed step outside JMH (no timing): the state binds what it
 * says, the step computes what the kernel computes, and the generated variants, when the catalogue
 * has them, pass the agreement check.
 */
class WindowAttentionBenchmarkTest {

  private static WindowAttentionBenchmark state(String shape, String implementation, int threads) {
    WindowAttentionBenchmark b = new WindowAttentionBenchmark();
    b.shape = shape;
    b.implementation = implementation;
    b.threads = threads;
    return b;
  }

  @ParameterizedTest
  @CsvSource({"swin_t_s1, 1", "swin_t_s1, 2", "swin_t_s3, 2"})
  void referenceStepComputesTheMaskedForward(String shapeId, int threads) {
    WindowAttentionBenchmark b = state(shapeId, "reference", threads);
    b.setUp();
    try {
      assertEquals("reference", b.boundKernel().implementation());
      float checksum = b.step();
      BenchShape s = BenchShape.fromId(shapeId);
      float[] x = SyntheticWeights.input(s.activationLength(), 7);
      float[] expected = new float[x.length];
      new ReferenceKernel(SyntheticWeights.of(s.shape(), 42))
          .forward(x, 0, expected, 0, s.mask(), s.windows());
      assertArrayEquals(expected, b.output());
      assertEquals(
          expected[0] + expected[expected.length / 2] + expected[expected.length - 1], checksum);
    } finally {
      b.tearDown();
    }
  }

  @Test
  void theMaskChangesTheStageOneOutput() {
    // Guards against benchmarking SW-MSA without its mask.
    BenchShape s = BenchShape.SWIN_T_S1;
    ReferenceKernel k = new ReferenceKernel(SyntheticWeights.of(s.shape(), 42));
    float[] x = SyntheticWeights.input(s.activationLength(), 7);
    float[] masked = new float[x.length];
    float[] plain = new float[x.length];
    k.forward(x, 0, masked, 0, s.mask(), s.windows());
    k.forward(x, 0, plain, 0, Mask.NONE, s.windows());
    int last = (s.windows() - 1) * 49 * 96;
    assertNotEquals(plain[last], masked[last]);
  }

  @ParameterizedTest
  @CsvSource({
    "swin_t_s1, generated-plain", "swin_t_s1, generated-vector",
    "swin_t_s4, generated-plain", "swin_t_s4, generated-vector",
    "swin_t_s3, generated-vector"
  })
  void generatedVariantsAgreeWithTheReferenceWhenGenerated(String shapeId, String kernel) {
    BenchShape s = BenchShape.fromId(shapeId);
    assumeTrue(
        GeneratedKernels.find(s.shape(), s.masked()).isPresent(),
        "the catalogue has no " + s.shape().describe() + "; nothing to check yet");
    WindowAttentionBenchmark b = state(shapeId, kernel, 2);
    b.setUp(); // runs AgreementCheck.require
    try {
      assertTrue(
          kernel.endsWith(b.boundKernel().implementation()),
          "bound " + b.boundKernel().implementation() + " for " + kernel);
    } finally {
      b.tearDown();
    }
  }

  @Test
  void aShapeMissingFromTheCatalogueFailsWithAClearMessage() {
    AttentionShape odd = AttentionShape.builder(Family.SWIN_V1, Window.of2d(3, 5), 12, 3).build();
    AttentionWeights w = SyntheticWeights.of(odd, 1);
    KernelNotGeneratedException e =
        assertThrows(
            KernelNotGeneratedException.class, () -> Implementation.GENERATED_VECTOR.bind(w, true));
    assertTrue(
        e.getMessage()
            .startsWith(
                "no generated kernel for swin_v1 window=3x5 dim=12 heads=3 qkv_bias=true with mask support"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "add the shape with masked: true to generated/src/main/winattn/kernels.yaml and rebuild"
                    + " benchmarks.jar"),
        e.getMessage());
  }

  @Test
  void syntheticWeightsAreSeeded() {
    AttentionShape s = BenchShape.SWIN_T_S1.shape();
    assertArrayEquals(SyntheticWeights.of(s, 5).qkvWeight(), SyntheticWeights.of(s, 5).qkvWeight());
    assertNotEquals(
        SyntheticWeights.of(s, 5).qkvWeight()[0], SyntheticWeights.of(s, 6).qkvWeight()[0]);
  }

  @Test
  void shapeTableCarriesTheModuleArgumentsAndFlops() {
    String json = ShapeTable.json();
    assertTrue(
        json.contains(
            "\"swin_t_s1\": {\"model\": \"Swin-T 224 stage 1\", \"description\":"
                + " \"swin_v1 window=7x7 dim=96 heads=3 qkv_bias=true\", \"family\": \"swin_v1\", \"window\":"
                + " [7, 7], \"effectiveWindow\": [7, 7], \"pretrainedWindow\": [7, 7], \"dim\": 96, \"heads\": 3,"
                + " \"tokens\": 49, \"qkvBias\": true, \"batch\": 1, \"windowsPerItem\": 64, \"windows\": 64,"
                + " \"resolution\": [56, 56], \"shift\": [3, 3], \"masked\": true, \"flopsPerWindow\": "
                + BenchShape.SWIN_T_S1.shape().flopsPerWindow()),
        json);
    assertTrue(json.contains("\"effectiveWindow\": [4, 7, 7]"), json);
    assertTrue(json.contains("\"flopsPerCall\": " + BenchShape.TEMPORAL_T16.flopsPerCall()), json);
  }

  @Test
  void onnxRuntimeAgreesWithTheReferenceWhenTheModelIsExported() {
    // benchmarks/run exports the models into benchmarks/work (the module's "work" folder here);
    // without python3 + torch there is none, and the wiring is covered by the test below only.
    Path model = Path.of("work", "swin_t_s4", "model.onnx");
    assumeTrue(
        Files.isRegularFile(model),
        "no exported model at "
            + model.toAbsolutePath()
            + " (run benchmarks/run or tools/reference/export_onnx.py)");
    String previous = System.getProperty(WindowAttentionBenchmark.WORK_PROPERTY);
    System.setProperty(WindowAttentionBenchmark.WORK_PROPERTY, "work");
    try {
      WindowAttentionBenchmark b = state("swin_t_s4", "onnxruntime", 1);
      b.setUp(); // binds the exported weights, runs ONNX Runtime, AgreementCheck.require
      try {
        float checksum = b.step();
        float[] out = b.output();
        assertEquals(out[0] + out[out.length / 2] + out[out.length - 1], checksum);
      } finally {
        b.tearDown();
      }
    } finally {
      restore(previous);
    }
  }

  private static void restore(String previous) {
    if (previous == null) {
      System.clearProperty(WindowAttentionBenchmark.WORK_PROPERTY);
    } else {
      System.setProperty(WindowAttentionBenchmark.WORK_PROPERTY, previous);
    }
  }

  @Test
  void onnxRuntimeWithoutAnExportedModelSaysHowToExportIt() {
    String previous = System.getProperty(WindowAttentionBenchmark.WORK_PROPERTY);
    System.setProperty(WindowAttentionBenchmark.WORK_PROPERTY, "target/no-such-work-dir");
    try {
      WindowAttentionBenchmark b = state("swin_t_s4", "onnxruntime", 1);
      RuntimeException e = assertThrows(RuntimeException.class, b::setUp);
      assertTrue(
          e.getMessage().contains("no-such-work-dir/swin_t_s4/weights.safetensors")
              && e.getMessage().contains("tools/reference/export_onnx.py"),
          e.getMessage());
      b.tearDown();
    } finally {
      restore(previous);
    }
  }
}
