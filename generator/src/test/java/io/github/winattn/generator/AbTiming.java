package io.github.winattn.generator;

import io.github.winattn.generator.testing.CompiledKernels;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.testing.Inputs;
import io.github.winattn.weights.AttentionWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Timing main (not a unit test) for A/B experiments on a shared, noisy machine. Arguments: two
 * directories of generated Swin-T stage 1 and 3 kernels (masked), one in package {@code ab0}, one
 * in {@code ab1} (e.g. written by two commits of the generator), the variant ({@code Vector} or
 * {@code Plain}) and the number of rounds. Both are compiled into one JVM and timed in alternating
 * 300 ms slices; prints the median time of each and the median and quartiles of the per-round
 * ratios B / A, which the load of other processes affects far less than the absolute times.
 */
public final class AbTiming {
  public static void main(String[] args) throws java.io.IOException {
    AttentionShape s1 = AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3).build();
    AttentionShape s3 = AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 384, 12).build();
    List<GeneratedFile> files = new ArrayList<>();
    for (int v = 0; v < 2; v++) {
      try (var paths = java.nio.file.Files.list(java.nio.file.Path.of(args[v]))) {
        for (java.nio.file.Path p : paths.sorted().toList()) {
          files.add(
              new GeneratedFile(
                  "ab" + v + "/" + p.getFileName(), java.nio.file.Files.readString(p), false));
        }
      }
    }
    CompiledKernels ck = CompiledKernels.compile(files);
    String variant = args.length > 2 ? args[2] : "Vector";
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
    System.out.println(
        System.getProperty("java.version")
            + " A="
            + args[0]
            + " B="
            + args[1]
            + " variant "
            + variant);
    for (Object[] c : new Object[][] {{s1, 64}, {s3, 16}}) {
      AttentionShape s = (AttentionShape) c[0];
      int windows = (int) c[1];
      AttentionWeights w = Inputs.weights(s, 1);
      float[] x = Inputs.uniform(new Random(2), windows * s.tokens() * s.dim(), 1f);
      Mask mask = Mask.of(Inputs.mask(windows, s.tokens(), 3), windows);
      float[] expected = new float[x.length];
      new ReferenceKernel(w).forward(x, 0, expected, 0, mask, 0, windows);
      String stem = KernelNaming.stem(s, true);
      AttentionKernel[] ks = {
        ck.kernel("ab0." + stem + "_" + variant, w), ck.kernel("ab1." + stem + "_" + variant, w)
      };
      float[] out = new float[x.length];
      for (AttentionKernel k : ks) {
        k.forward(x, 0, out, 0, mask, 0, windows);
        double err = 0;
        for (int i = 0; i < out.length; i++) {
          err = Math.max(err, Math.abs(out[i] - expected[i]));
        }
        if (err > 1e-4 && !Boolean.getBoolean("ab.nocheck")) {
          throw new AssertionError("max |error| " + err);
        }
      }
      double[][] ms = new double[2][rounds];
      double[] ratio = new double[rounds];
      for (int r = -3; r < rounds; r++) {
        for (int v = 0; v < 2; v++) {
          long iters = 0;
          long t0 = System.nanoTime();
          while (System.nanoTime() - t0 < 300_000_000L) {
            ks[v].forward(x, 0, out, 0, mask, 0, windows);
            iters++;
          }
          if (r >= 0) {
            ms[v][r] = (System.nanoTime() - t0) / 1e6 / iters;
          }
        }
        if (r >= 0) {
          ratio[r] = ms[1][r] / ms[0][r];
        }
      }
      double a = median(ms[0]);
      double b = median(ms[1]);
      double gf = s.flopsPerWindow() * (double) windows / 1e6;
      System.out.printf(
          "%-24s A %8.3f ms (%5.1f GFLOP/s)  B %8.3f ms (%5.1f GFLOP/s)  B/A median %.3f [%.3f..%.3f]%n",
          stem, a, gf / a, b, gf / b, median(ratio), quartile(ratio, 1), quartile(ratio, 3));
    }
  }

  static double median(double[] v) {
    return quartile(v, 2);
  }

  static double quartile(double[] v, int q) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[Math.min(c.length - 1, q * c.length / 4)];
  }
}
