package io.github.winattn.generator;

import io.github.winattn.generator.testing.*;
import io.github.winattn.kernel.*;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.shape.*;
import io.github.winattn.testing.Inputs;
import io.github.winattn.weights.AttentionWeights;
import java.util.*;

/**
 * Throwaway timing loop (not a unit test): reference vs generated kernels on Swin-T stages 1 and 3.
 */
public class QuickTiming {
  public static void main(String[] a) {
    AttentionShape s1 = AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3).build();
    AttentionShape s3 = AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 384, 12).build();
    List<GeneratedFile> files =
        new KernelGenerator()
            .generate("perf", List.of(KernelSpec.of(s1, true), KernelSpec.of(s3, true)));
    CompiledKernels ck = CompiledKernels.compile(files);
    System.out.println(
        System.getProperty("java.version")
            + " lanes="
            + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length());
    for (Object[] c : new Object[][] {{s1, 64}, {s3, 16}}) {
      AttentionShape s = (AttentionShape) c[0];
      int B = (int) c[1];
      AttentionWeights w = Inputs.weights(s, 1);
      int n = s.tokens(), dim = s.dim();
      float[] x = Inputs.uniform(new Random(2), B * n * dim, 1f);
      float[] m = Inputs.mask(B, n, 3);
      float[] out = new float[x.length];
      Mask mask = Mask.of(m, B);
      String stem = KernelNaming.stem(s, true);
      AttentionKernel[] ks = {
        new ReferenceKernel(w),
        ck.kernel("perf." + stem + "_Plain", w),
        ck.kernel("perf." + stem + "_Vector", w)
      };
      double refMs = 0;
      for (AttentionKernel k : ks) {
        long iters = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 2_000_000_000L) {
          k.forward(x, 0, out, 0, mask, 0, B);
          iters++;
        }
        iters = 0;
        t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 3_000_000_000L) {
          k.forward(x, 0, out, 0, mask, 0, B);
          iters++;
        }
        double ms = (System.nanoTime() - t0) / 1e6 / iters;
        if (refMs == 0) refMs = ms;
        double gf = s.flopsPerWindow() * (double) B / (ms * 1e6);
        System.out.printf(
            "%-28s %-18s %8.3f ms/batch %7.1f GFLOP/s  x%.1f vs reference%n",
            stem + "(B=" + B + ")", k.implementation(), ms, gf, refMs / ms);
      }
    }
  }
}
