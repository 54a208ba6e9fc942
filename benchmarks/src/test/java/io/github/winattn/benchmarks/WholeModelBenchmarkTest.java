package io.github.winattn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole-model benchmark's checks outside JMH (no timing): the logits check before timing and
 * the message when the exported network is missing.
 */
class WholeModelBenchmarkTest {

  @Test
  void logitsWithinTheToleranceAreAccepted() {
    float[] expected = {13.0f, -2.0f, 0.0f, 0.5f};
    float[] actual = {13.0f + 1e-3f, -2.0f - 2e-4f, 9e-5f, 0.5f};
    String report = WholeModelBenchmark.checkLogits("test", actual, expected, 2);
    assertTrue(report.contains("agree with PyTorch's"), report);
  }

  @Test
  void aWrongLogitFailsNamingImageClassAndValues() {
    float[] expected = {1.0f, 2.0f, 3.0f, 4.0f};
    float[] actual = {1.0f, 2.0f, 3.0f, 4.01f};
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> WholeModelBenchmark.checkLogits("WinAttn", actual, expected, 2));
    assertTrue(e.getMessage().contains("[image 1, class 1]: 4.01 vs 4.0"), e.getMessage());
  }

  @Test
  void nanAndLengthMismatchFail() {
    assertThrows(
        IllegalStateException.class,
        () -> WholeModelBenchmark.checkLogits("x", new float[] {Float.NaN}, new float[] {0f}, 1));
    assertThrows(
        IllegalStateException.class,
        () -> WholeModelBenchmark.checkLogits("x", new float[2], new float[3], 1));
  }

  @Test
  void aMissingExportNamesTheCommand(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("swin_model"));
    Files.writeString(dir.resolve("swin_model/weights.safetensors"), "x");
    String old = System.getProperty(WindowAttentionBenchmark.WORK_PROPERTY);
    System.setProperty(WindowAttentionBenchmark.WORK_PROPERTY, dir.toString());
    try {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, WholeModelBenchmark::modelDir);
      assertTrue(e.getMessage().startsWith("no model.onnx in "), e.getMessage());
      assertTrue(e.getMessage().contains("tools/reference/export_swin_model.py"), e.getMessage());
    } finally {
      if (old == null) {
        System.clearProperty(WindowAttentionBenchmark.WORK_PROPERTY);
      } else {
        System.setProperty(WindowAttentionBenchmark.WORK_PROPERTY, old);
      }
    }
  }
}
