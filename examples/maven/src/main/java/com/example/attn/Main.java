package com.example.attn;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.registry.KernelChoice;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.ShiftedWindowMask;
import io.github.winattn.shape.Window;
import io.github.winattn.weights.AttentionWeights;
import io.github.winattn.weights.InMemoryTensorSource;
import io.github.winattn.weights.StateDictBinder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

/**
 * Runs the attention of Swin-T's second block (stage 1, shifted windows) on the generated kernel
 * and checks it against the reference kernel. With a safetensors checkpoint as argument it binds
 * the block's weights from there, otherwise from random arrays.
 */
public final class Main {

  /** Swin-T stage 1: window 7x7, dim 96, 3 heads (generated from the swin_t preset). */
  static final AttentionShape SHAPE =
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3).build();

  /** The module's key prefix in the checkpoint. */
  static final String PREFIX = "layers.0.blocks.1.attn.";

  private Main() {}

  /** Binds the module under {@link #PREFIX} of a checkpoint saved with safetensors. */
  static AttentionWeights fromCheckpoint(Path file) throws IOException {
    try (SafetensorsFile checkpoint = SafetensorsFile.open(file)) {
      return StateDictBinder.bind(SHAPE, checkpoint, PREFIX);
    }
  }

  /** Binds weights held in arrays, by their PyTorch names and shapes (row-major). */
  static AttentionWeights fromArrays(
      float[] qkvWeight, float[] qkvBias, float[] projWeight, float[] projBias, float[] biasTable) {
    int c = SHAPE.dim();
    InMemoryTensorSource tensors = InMemoryTensorSource.builder("arrays")
        .floats("qkv.weight", qkvWeight, 3 * c, c)
        .floats("qkv.bias", qkvBias, 3 * c)
        .floats("proj.weight", projWeight, c, c)
        .floats("proj.bias", projBias, c)
        .floats("relative_position_bias_table", biasTable, SHAPE.tableRows(), SHAPE.heads())
        .build();
    return StateDictBinder.bind(SHAPE, tensors, "");
  }

  /** The attention of all windows of {@code x (B_, N, C)}, shifted by 3 on a 56x56 input. */
  static float[] attention(AttentionKernel kernel, float[] x) {
    int[] resolution = {56, 56};
    int[] window = {7, 7};
    Mask mask = Mask.of(ShiftedWindowMask.build(resolution, window, new int[] {3, 3}),
        ShiftedWindowMask.windows(resolution, window));
    int windows = x.length / (SHAPE.tokens() * SHAPE.dim());
    float[] out = new float[x.length];
    kernel.forwardParallel(x, 0, out, 0, mask, windows, ForkJoinPool.commonPool(),
        Runtime.getRuntime().availableProcessors());
    return out;
  }

  /** The largest absolute difference between two outputs. */
  static double maxError(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  static float[] random(Random random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian() * 0.1f;
    }
    return a;
  }

  public static void main(String[] args) throws IOException {
    Random random = new Random(1);
    int c = SHAPE.dim();
    AttentionWeights weights = args.length > 0
        ? fromCheckpoint(Path.of(args[0]))
        : fromArrays(random(random, 3 * c * c), random(random, 3 * c), random(random, c * c),
            random(random, c), random(random, SHAPE.tableRows() * SHAPE.heads()));
    // The generated kernel: its Vector API variant if java runs with --add-modules jdk.incubator.vector.
    AttentionKernel kernel = KernelRegistry.shared().bind(weights, KernelChoice.AUTO, true);
    float[] x = random(random, 64 * SHAPE.tokens() * c); // one 224x224 image: 64 windows of 49 tokens
    float[] out = attention(kernel, x);
    double error = maxError(out, attention(new ReferenceKernel(weights), x));
    System.out.printf("%s on %s: max |generated - reference| = %.2e%n",
        SHAPE.describe(), kernel.implementation(), error);
    if (error > 1e-4) {
      System.exit(1);
    }
  }
}
