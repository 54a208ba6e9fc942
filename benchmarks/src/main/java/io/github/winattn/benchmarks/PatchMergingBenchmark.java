package io.github.winattn.benchmarks;

import io.github.winattn.model.layers.LayerNorm;
import io.github.winattn.model.layers.MatMulKind;
import io.github.winattn.model.layers.PatchMerging;
import io.github.winattn.model.layers.Scratch;
import io.github.winattn.shape.Family;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The generic {@code PatchMerging} of Swin-T (v1) after stage 1, 2 or 3 at batch 1 on one thread
 * (gather of the four sub-grids, {@code norm(4C)}, {@code reduction(4C -> 2C)} with the Vector API
 * {@code MatMul}): the most a generated merging kernel could save, next to the whole model's time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-modules",
      "jdk.incubator.vector",
      ForkOptions.IGNORE_UNRECOGNIZED,
      ForkOptions.HUGE_PAGES
    })
public class PatchMergingBenchmark {

  /** The stage the merging follows: 1 (56x56x96), 2 (28x28x192) or 3 (14x14x384). */
  @Param({"1", "2", "3"})
  public int stage;

  PatchMerging merging;
  Scratch scratch;
  float[] x;
  float[] out;
  int rows;

  @Setup(Level.Trial)
  public void setUp() {
    int dim = 96 << (stage - 1);
    int side = 56 >> (stage - 1);
    SplittableRandom r = new SplittableRandom(stage);
    float[] w = new float[8 * dim * dim];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextDouble(-1, 1) / Math.sqrt(4 * dim));
    }
    float[] ones = new float[4 * dim];
    java.util.Arrays.fill(ones, 1f);
    merging =
        new PatchMerging(
            Family.SWIN_V1,
            side,
            side,
            dim,
            w,
            new LayerNorm(ones, new float[4 * dim]),
            MatMulKind.VECTOR);
    scratch = new Scratch(2 * dim, 4 * dim, 4 * dim);
    x = new float[side * side * dim];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble(-1, 1);
    }
    rows = merging.outputTokens();
    out = new float[rows * 2 * dim];
  }

  @Benchmark
  public float[] merge() {
    merging.rows(x, 0, out, 0, 0, rows, scratch);
    return out;
  }
}
