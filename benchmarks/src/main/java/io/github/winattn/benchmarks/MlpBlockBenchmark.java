package io.github.winattn.benchmarks;

import io.github.winattn.featuremap.FeatureMapAttentions;
import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.kernel.MlpKernel;
import io.github.winattn.kernel.MlpShape;
import io.github.winattn.kernel.MlpWeights;
import io.github.winattn.model.layers.LayerNorm;
import io.github.winattn.model.layers.MatMulKind;
import io.github.winattn.model.layers.Scratch;
import io.github.winattn.model.layers.SwinBlock;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
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
 * The steps of a Swin-T block after attention ({@code x = x + y; x = x + mlp(norm2(x))}) on one
 * thread: the catalogue's generated MLP block kernel ({@code generated}) against the generic layers
 * ({@code generic}: {@code SwinBlock.mlpRows} with the Vector API {@code MatMul}), at each stage's
 * dim and its tokens at batch 1 (stage 1: 3136 rows of 96, ... stage 4: 49 rows of 768). Both
 * compute the same floats; {@code x} drifts between calls, which changes neither's work.
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
public class MlpBlockBenchmark {

  /** Stage 1-4 of Swin-T: dim 96 << (stage - 1), tokens 3136 >> 2 (stage - 1). */
  @Param({"1", "2", "3", "4"})
  public int stage;

  @Param({"generated", "generic"})
  public String blocks;

  MlpKernel generated;
  SwinBlock generic;
  Scratch scratch;
  float[] x;
  float[] y;
  int rows;

  @Setup(Level.Trial)
  public void setUp() {
    int dim = 96 << (stage - 1);
    int hidden = 4 * dim;
    rows = 3136 >> (2 * (stage - 1));
    SplittableRandom r = new SplittableRandom(stage);
    MlpWeights w =
        new MlpWeights(
            new MlpShape(Family.SWIN_V1, dim, hidden),
            gaussian(r, dim, 1),
            gaussian(r, dim, 0.1f),
            gaussian(r, dim, 1),
            gaussian(r, dim, 0.1f),
            gaussian(r, hidden * dim, (float) (1 / Math.sqrt(dim))),
            gaussian(r, hidden, 0.1f),
            gaussian(r, dim * hidden, (float) (1 / Math.sqrt(hidden))),
            gaussian(r, dim, 0.1f));
    generated =
        KernelRegistry.shared()
            .bindMlp(w)
            .orElseThrow(() -> new IllegalStateException("no generated kernel for " + dim));
    AttentionShape shape =
        AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), dim, dim / 32).build();
    generic =
        new SwinBlock(
            Family.SWIN_V1,
            new LayerNorm(w.norm1Weight(), w.norm1Bias()),
            FeatureMapAttentions.bind(
                SyntheticWeights.of(shape, 1), FeatureMapGeometry.swin(Family.SWIN_V1, 7, 7, 7, 0)),
            new LayerNorm(w.norm2Weight(), w.norm2Bias()),
            MatMulKind.VECTOR.create(w.fc1Weight(), w.fc1Bias(), dim, hidden),
            MatMulKind.VECTOR.create(w.fc2Weight(), w.fc2Bias(), hidden, dim));
    scratch = new Scratch(hidden, 4 * dim, hidden);
    x = gaussian(r, rows * dim, 1);
    y = gaussian(r, rows * dim, 0.01f);
  }

  private static float[] gaussian(SplittableRandom r, int n, float std) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      double u = r.nextDouble(1e-12, 1);
      a[i] = (float) (std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble()));
    }
    return a;
  }

  @Benchmark
  public float[] mlp() {
    if (blocks.equals("generated")) {
      generated.rows(x, y, 0, rows);
    } else {
      generic.mlpRows(x, y, 0, rows, scratch);
    }
    return x;
  }
}
