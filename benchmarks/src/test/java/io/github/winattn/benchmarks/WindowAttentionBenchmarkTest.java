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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the benchmark's set-up and one timed step outside JMH (no timing): the state binds what it
 * says, the step computes what the kernel computes, and the generated variants, when the catalogue
 * has them, pass the agreement check.
 */
class WindowAttentionBenchmarkTest {

  private static WindowAttentionBenchmark state(String shape, String kernel, int threads) {
    WindowAttentionBenchmark b = new WindowAttentionBenchmark();
    b.shape = shape;
    b.kernel = kernel;
    b.threads = threads;
    return b;
  }

  @ParameterizedTest
  @CsvSource({"swin_t_stage1_sw_msa, 1", "swin_t_stage1_sw_msa, 2", "swin_t_stage3_w_msa, 2"})
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
    BenchShape s = BenchShape.SWIN_T_STAGE1_SW_MSA;
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
    "swin_t_stage1_sw_msa, plain", "swin_t_stage1_sw_msa, vector",
    "swin_t_stage3_w_msa, plain", "swin_t_stage3_w_msa, vector"
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
          b.boundKernel().implementation().contains(kernel),
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
        assertThrows(KernelNotGeneratedException.class, () -> KernelVariant.VECTOR.bind(w, true));
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
    AttentionShape s = BenchShape.SWIN_T_STAGE1_SW_MSA.shape();
    assertArrayEquals(SyntheticWeights.of(s, 5).qkvWeight(), SyntheticWeights.of(s, 5).qkvWeight());
    assertNotEquals(
        SyntheticWeights.of(s, 5).qkvWeight()[0], SyntheticWeights.of(s, 6).qkvWeight()[0]);
  }

  @Test
  void shapeTableCarriesTheFlops() {
    String json = ShapeTable.json();
    assertTrue(
        json.contains(
            "\"swin_t_stage1_sw_msa\": {\"description\": \"swin_v1 window=7x7 dim=96"
                + " heads=3 qkv_bias=true\", \"batch\": 1, \"windows\": 64, \"masked\": true, \"flopsPerWindow\": "
                + BenchShape.SWIN_T_STAGE1_SW_MSA.shape().flopsPerWindow()),
        json);
    assertTrue(
        json.contains("\"flopsPerCall\": " + BenchShape.SWIN_T_STAGE3_W_MSA.flopsPerCall()), json);
  }
}
