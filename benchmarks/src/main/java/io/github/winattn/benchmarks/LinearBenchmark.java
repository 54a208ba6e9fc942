package io.github.winattn.benchmarks;

import io.github.winattn.model.layers.MatMul;
import io.github.winattn.model.layers.MatMulKind;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole-model {@link MatMul}, {@code kernel} {@code plain} (C2 auto-vectorised Java) or {@code
 * vector} (Vector API register tiles; needs {@code --add-modules jdk.incubator.vector}), one
 * thread, on the MLP shapes of Swin-T: stage 1 {@code fc1} (3136 tokens, 96 -> 384) and {@code fc2}
 * (384 -> 96), stage 4 {@code fc1} (49 tokens, 768 -> 3072); {@code gelu} adds the fused GELU
 * epilogue. GFLOP/s = {@code 2 * rows * in * out} / time; run next to {@link FmaPeakBenchmark} for
 * the fraction of the peak.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 2,
    jvmArgsAppend = {
      "--add-modules",
      "jdk.incubator.vector",
      ForkOptions.IGNORE_UNRECOGNIZED,
      ForkOptions.HUGE_PAGES
    })
public class LinearBenchmark {

  /** {@code rows x in x out}. */
  @Param({"3136x96x384", "3136x384x96", "49x768x3072"})
  public String shape;

  /** {@code plain} or {@code vector} ({@link MatMulKind}). */
  @Param({"plain", "vector"})
  public String kernel;

  int rows;
  int in;
  int out;
  MatMul linear;
  float[] x;
  float[] y;
  float[][] acc;

  @Setup
  public void setUp() {
    String[] p = shape.split("x");
    rows = Integer.parseInt(p[0]);
    in = Integer.parseInt(p[1]);
    out = Integer.parseInt(p[2]);
    Random r = new Random(1);
    float[] w = new float[in * out];
    float[] b = new float[out];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian() * 0.05f;
    }
    linear = MatMulKind.valueOf(kernel.toUpperCase(java.util.Locale.ROOT)).create(w, b, in, out);
    x = new float[rows * in];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    y = new float[rows * out];
    acc = MatMul.newScratch(out);
  }

  /** Floating-point operations of one call. */
  public long flops() {
    return 2L * rows * in * out;
  }

  @Benchmark
  public float[] plain() {
    linear.forward(x, 0, y, 0, 0, rows, MatMul.Epilogue.NONE, null, 0, acc);
    return y;
  }

  @Benchmark
  public float[] gelu() {
    linear.forward(x, 0, y, 0, 0, rows, MatMul.Epilogue.GELU, null, 0, acc);
    return y;
  }
}
