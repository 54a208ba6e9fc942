package io.github.winattn.benchmarks;

import io.github.winattn.weights.InMemoryTensorSource;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded Swin v1 state dict under the official names (no buffers): linear weights uniform in
 * {@code ±1/sqrt(in)}, biases likewise, bias tables normal with std 0.02, LayerNorms weight 1 and
 * bias 0; the magnitudes of a real checkpoint, so that timing sees no denormals or overflow.
 */
public final class SyntheticSwin {

  private SyntheticSwin() {}

  /** Swin v1 with {@code embed}, {@code depths}, {@code heads} per stage, {@code window}, mlp 4. */
  public static InMemoryTensorSource v1(
      int embed, List<Integer> depths, List<Integer> heads, int window, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    InMemoryTensorSource.Builder b = InMemoryTensorSource.builder("synthetic swin_v1");
    linear(b, r, "patch_embed.proj", embed, 3 * 4 * 4, true, embed, 3, 4, 4);
    norm(b, "patch_embed.norm", embed);
    for (int i = 0; i < depths.size(); i++) {
      int c = embed << i;
      int h = heads.get(i);
      for (int j = 0; j < depths.get(i); j++) {
        String p = "layers." + i + ".blocks." + j + ".";
        norm(b, p + "norm1", c);
        linear(b, r, p + "attn.qkv", 3 * c, c, true, 3 * c, c);
        linear(b, r, p + "attn.proj", c, c, true, c, c);
        int side = 2 * window - 1;
        float[] table = new float[side * side * h];
        for (int k = 0; k < table.length; k++) {
          table[k] = (float) (0.02 * gaussian(r));
        }
        b.floats(p + "attn.relative_position_bias_table", table, side * side, h);
        norm(b, p + "norm2", c);
        linear(b, r, p + "mlp.fc1", 4 * c, c, true, 4 * c, c);
        linear(b, r, p + "mlp.fc2", c, 4 * c, true, c, 4 * c);
      }
      if (i < depths.size() - 1) {
        norm(b, "layers." + i + ".downsample.norm", 4 * c);
        linear(b, r, "layers." + i + ".downsample.reduction", 2 * c, 4 * c, false, 2 * c, 4 * c);
      }
    }
    int last = embed << (depths.size() - 1);
    norm(b, "norm", last);
    linear(b, r, "head", classes, last, true, classes, last);
    return b.build();
  }

  private static void linear(
      InMemoryTensorSource.Builder b,
      SplittableRandom r,
      String name,
      int out,
      int in,
      boolean bias,
      long... shape) {
    float bound = (float) (1 / Math.sqrt(in));
    float[] w = new float[out * in];
    for (int k = 0; k < w.length; k++) {
      w[k] = (float) ((2 * r.nextDouble() - 1) * bound);
    }
    b.floats(name + ".weight", w, shape);
    if (bias) {
      float[] v = new float[out];
      for (int k = 0; k < out; k++) {
        v[k] = (float) ((2 * r.nextDouble() - 1) * bound);
      }
      b.floats(name + ".bias", v, out);
    }
  }

  private static void norm(InMemoryTensorSource.Builder b, String name, int c) {
    float[] ones = new float[c];
    java.util.Arrays.fill(ones, 1f);
    b.floats(name + ".weight", ones, c);
    b.floats(name + ".bias", new float[c], c);
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
