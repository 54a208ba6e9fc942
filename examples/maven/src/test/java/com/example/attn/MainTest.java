package com.example.attn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.registry.KernelChoice;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.safetensors.SafetensorsWriter;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.ShiftedWindowMask;
import io.github.winattn.shape.Window;
import io.github.winattn.weights.AttentionWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated kernels of this project run their vector variant and match the reference kernel. */
class MainTest {

  /** Strict: a shape that was not generated fails instead of falling back to the reference. */
  private final KernelRegistry registry = KernelRegistry.builder().strict(true).build();

  private static float[] random(long seed, int n) {
    return Main.random(new Random(seed), n);
  }

  private static AttentionWeights swinTWeights() {
    int c = Main.SHAPE.dim();
    return Main.fromArrays(random(1, 3 * c * c), random(2, 3 * c), random(3, c * c), random(4, c),
        random(5, Main.SHAPE.tableRows() * Main.SHAPE.heads()));
  }

  @Test
  void presetKernelRunsTheVectorVariantAndMatchesTheReference() {
    AttentionWeights weights = swinTWeights();
    AttentionKernel kernel = registry.bind(weights, KernelChoice.AUTO, true);
    assertEquals("generated-vector", kernel.implementation(),
        "surefire's argLine must add jdk.incubator.vector");
    float[] x = random(6, 2 * 64 * Main.SHAPE.tokens() * Main.SHAPE.dim()); // two images
    double error = Main.maxError(Main.attention(kernel, x),
        Main.attention(new ReferenceKernel(weights), x));
    assertTrue(error < 1e-4, "max error " + error);
  }

  @Test
  void checkpointBindsLikeArrays(@TempDir Path dir) throws IOException {
    AttentionWeights fromArrays = swinTWeights();
    int c = Main.SHAPE.dim();
    Path file = dir.resolve("swin_t.safetensors");
    new SafetensorsWriter() // what safetensors.torch.save_file(model.state_dict()) would hold
        .putF32(Main.PREFIX + "qkv.weight", random(1, 3 * c * c), 3 * c, c)
        .putF32(Main.PREFIX + "qkv.bias", random(2, 3 * c), 3 * c)
        .putF32(Main.PREFIX + "proj.weight", random(3, c * c), c, c)
        .putF32(Main.PREFIX + "proj.bias", random(4, c), c)
        .putF32(Main.PREFIX + "relative_position_bias_table",
            random(5, Main.SHAPE.tableRows() * Main.SHAPE.heads()), Main.SHAPE.tableRows(),
            Main.SHAPE.heads())
        .putF32("layers.0.blocks.1.norm1.weight", random(7, c), c) // other modules are ignored
        .write(file);
    AttentionWeights fromFile = Main.fromCheckpoint(file);
    float[] x = random(8, 64 * Main.SHAPE.tokens() * c);
    assertArrayEquals(Main.attention(new ReferenceKernel(fromArrays), x),
        Main.attention(registry.bind(fromFile, KernelChoice.AUTO, true), x), 1e-4f);
  }

  @Test
  void customShapeIsGeneratedWithMaskSupport() {
    AttentionShape shape = AttentionShape.builder(Family.SWIN_V1, Window.of2d(6, 6), 64, 2).build();
    int c = shape.dim();
    AttentionWeights weights = new AttentionWeights(shape, random(1, 3 * c * c), random(2, 3 * c),
        random(3, c * c), random(4, c), random(5, shape.tableRows() * shape.heads()), new float[0]);
    AttentionKernel kernel = registry.bind(weights, KernelChoice.GENERATED_VECTOR, true);
    int[] resolution = {12, 12};
    int[] window = {6, 6};
    int nW = ShiftedWindowMask.windows(resolution, window);
    Mask mask = Mask.of(ShiftedWindowMask.build(resolution, window, new int[] {3, 3}), nW);
    float[] x = random(6, nW * shape.tokens() * c);
    float[] expected = new float[x.length];
    float[] actual = new float[x.length];
    new ReferenceKernel(weights).forward(x, 0, expected, 0, mask, nW);
    kernel.forward(x, 0, actual, 0, mask, nW);
    assertArrayEquals(expected, actual, 1e-4f);
  }
}
