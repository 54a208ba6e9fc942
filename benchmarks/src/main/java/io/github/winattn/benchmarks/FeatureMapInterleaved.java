package io.github.winattn.benchmarks;

import io.github.winattn.featuremap.FeatureMapAttention;
import io.github.winattn.featuremap.FeatureMapAttentions;
import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.featuremap.WindowCopies;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import java.util.Arrays;
import java.util.Locale;

/**
 * A cross-check of {@link FeatureMapBenchmark} for a loaded machine, not a JMH benchmark: the fused
 * and the unfused path alternate call by call in one JVM, so load that comes and goes hits both
 * alike, and the medians are compared. {@code --mask-value V} replaces the dense mask's -100 by V
 * (e.g. -1e30, whose exp is exactly 0) to show what the official -100 costs: e^-100 of a score is a
 * subnormal float, and arithmetic on subnormals is slow on many CPUs.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * io.github.winattn.benchmarks.FeatureMapInterleaved vector|plain|reference swin|video [calls]
 * [--mask-value V]}
 */
public final class FeatureMapInterleaved {

  private FeatureMapInterleaved() {}

  /** Prints the medians and their ratio. */
  public static void main(String[] args) {
    if (args.length < 2) {
      throw new IllegalArgumentException(
          "usage: vector|plain|reference swin|video [calls] [--mask-value V]");
    }
    boolean video = args[1].equals("video");
    int calls = args.length > 2 && !args[2].startsWith("--") ? Integer.parseInt(args[2]) : 40;
    FeatureMapGeometry g =
        video
            ? FeatureMapGeometry.videoSwin(
                new int[] {4, 56, 56}, new int[] {8, 7, 7}, new int[] {4, 3, 3})
            : FeatureMapGeometry.swin(Family.SWIN_V1, 56, 56, 7, 3);
    AttentionShape shape = g.shapeBuilder(96, 3).build();
    AttentionKernel kernel =
        FeatureMapBenchmark.bindKernel(args[0], SyntheticWeights.of(shape, 42));
    FeatureMapAttention fused = FeatureMapAttentions.of(kernel, g);
    Mask mask = WindowCopies.mask(g);
    int flag = Arrays.asList(args).indexOf("--mask-value");
    if (flag >= 0) {
      float value = Float.parseFloat(args[flag + 1]);
      float[] v = mask.values().clone();
      for (int i = 0; i < v.length; i++) {
        v[i] = v[i] != 0f ? value : 0f;
      }
      mask = Mask.of(v, mask.windows());
    }
    float[] x = SyntheticWeights.input(g.rowsPerImage() * shape.dim(), 7);
    float[] out = new float[x.length];
    float[] windowsIn = new float[g.windows() * g.tokens() * shape.dim()];
    float[] windowsOut = new float[windowsIn.length];
    int warm = 10;
    long[] f = new long[calls];
    long[] u = new long[calls];
    for (int r = 0; r < calls + warm; r++) {
      long t0 = System.nanoTime();
      fused.forward(x, 0, out, 0, 1);
      long t1 = System.nanoTime();
      WindowCopies.forward(kernel, g, mask, x, 1, windowsIn, windowsOut, out);
      long t2 = System.nanoTime();
      if (r >= warm) {
        f[r - warm] = t1 - t0;
        u[r - warm] = t2 - t1;
      }
    }
    Arrays.sort(f);
    Arrays.sort(u);
    System.out.printf(
        Locale.ROOT,
        "%s %s: fused median %.2f ms, unfused median %.2f ms, unfused / fused %.3f"
            + " (%d alternating calls after %d warm-up)%n",
        args[0],
        args[1],
        f[calls / 2] / 1e6,
        u[calls / 2] / 1e6,
        (double) u[calls / 2] / f[calls / 2],
        calls,
        warm);
  }
}
