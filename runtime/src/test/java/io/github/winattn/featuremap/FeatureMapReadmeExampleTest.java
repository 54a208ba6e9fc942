package io.github.winattn.featuremap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.testing.FeatureMapVectorCase;
import io.github.winattn.weights.AttentionWeights;
import io.github.winattn.weights.StateDictBinder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** The Java example of README "Attention on whole feature maps", run on a committed vector. */
class FeatureMapReadmeExampleTest {

  @Test
  void readmeExampleMatchesTheOfficialBlock() throws IOException {
    Path folder = FeatureMapVectorCase.vectorsFolder().resolve("fm_swin_v1_8x12_w4_s2_b2");
    FeatureMapVectorCase c = FeatureMapVectorCase.load(folder);
    float[] x = c.input(); // (2, 8, 12, 16): the block's input after norm1
    int images = 2;
    // window_size=4, shift_size=2 as given to SwinTransformerBlock, on (B, 8, 12, C) maps
    FeatureMapGeometry geometry = FeatureMapGeometry.swin(Family.SWIN_V1, 8, 12, 4, 2);
    AttentionShape shape = geometry.shapeBuilder(16, 2).build(); // dim 16, 2 heads
    try (SafetensorsFile checkpoint = SafetensorsFile.open(folder.resolve("weights.safetensors"))) {
      AttentionWeights weights = StateDictBinder.bind(shape, checkpoint, "");
      FeatureMapAttention attention = FeatureMapAttentions.bind(weights, geometry);
      float[] y = new float[x.length]; // (B, H, W, C) like x: rolled back, reversed, cropped
      attention.forwardParallel(x, 0, y, 0, images, ForkJoinPool.commonPool(), 2);
      assertTrue(c.maxErrorVsF64(y) <= c.toleranceVsF64());
    }
  }
}
