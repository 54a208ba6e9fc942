package io.github.winattn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.testing.Tolerance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The Java example of README "Whole Swin models", run on a committed model vector. */
class ModelReadmeExampleTest {

  @Test
  void readmeExampleReproducesTheLogits() throws IOException {
    Path folder = ModelVectorCase.vectors().resolve("model_swin_v2_32_e16_d2-2_h2-4_pre6-3");
    float[] images;
    double[] expected;
    try (SafetensorsFile io = SafetensorsFile.open(folder.resolve("io.safetensors"))) {
      images = io.readFloats("input"); // (1, 3, 32, 32), normalised
      expected = io.readDoubles("output_f64");
    }
    int batch = 1;
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try (SafetensorsFile checkpoint = SafetensorsFile.open(folder.resolve("weights.safetensors"))) {
      SwinModelOptions options =
          SwinModelOptions.builder()
              .imageSize(32, 32) // not in the tensors: img_size
              .pretrainedWindows(List.of(6, 3)) // Swin v2 only, not in the tensors either
              .build(); // dims, depths, heads, window, classes: inferred from the tensors
      SwinModel model = SwinModel.load(checkpoint, options); // every tensor checked here
      float[] logits = new float[batch * model.numClasses()];
      model.classify(images, 0, batch, logits, 0); // calling thread
      model.classifyParallel(images, 0, batch, logits, 0, pool, 2); // pool + calling thread
      float[][] stages = new float[model.config().stages()][]; // backbone: (B, H_i*W_i, C_i)
      for (int i = 0; i < stages.length; i++) {
        stages[i] = new float[batch * model.featureSize(i)];
      }
      model.features(images, 0, batch, stages);
      assertTrue(Tolerance.maxErrorVsF64(logits, expected) <= ModelVectorsTest.MODEL_ATOL);
    } finally {
      pool.shutdown();
    }
  }
}
