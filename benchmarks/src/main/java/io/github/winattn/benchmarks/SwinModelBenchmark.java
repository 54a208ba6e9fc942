package io.github.winattn.benchmarks;

import io.github.winattn.model.SwinModel;
import io.github.winattn.model.SwinModelOptions;
import io.github.winattn.model.layers.MatMulKind;
import io.github.winattn.registry.KernelChoice;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole Swin-T (v1, 224x224, 1000 classes; seeded {@link SyntheticSwin} weights) classifying a
 * batch, on 1 or 2 threads, with the registry's attention kernels ({@code auto}: the generated
 * Swin-T kernels of the catalogue) or the reference kernel, and the catalogue's generated MLP block
 * kernels or the generic layers ({@code blocks}). About 4.5 G multiply-adds (9.0 GFLOP) per image.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-modules",
      "jdk.incubator.vector",
      ForkOptions.IGNORE_UNRECOGNIZED,
      ForkOptions.HUGE_PAGES
    })
public class SwinModelBenchmark {

  @Param({"1", "2"})
  public int threads;

  @Param({"1"})
  public int batch;

  @Param({"auto"})
  public String attention;

  /** The matrix product of the linear layers: {@code auto}, {@code plain} or {@code vector}. */
  @Param({"auto"})
  public String matMul;

  /**
   * The steps after attention: {@code generated} (the catalogue's MLP block kernels, with the
   * vector matrix product) or {@code generic} (the model's layers).
   */
  @Param({"generated", "generic"})
  public String blocks;

  SwinModel model;
  float[] images;
  float[] logits;
  ExecutorService pool;

  /**
   * Loads the model and, before anything is timed, checks its logits against the same model with
   * the reference attention kernel ({@link AgreementCheck}).
   */
  @Setup(Level.Trial)
  public void setUp() {
    var weights = SyntheticSwin.v1(96, List.of(2, 2, 6, 2), List.of(3, 6, 12, 24), 7, 1000, 1);
    model =
        SwinModel.load(
            weights,
            SwinModelOptions.builder()
                .attention(KernelChoice.fromId(attention))
                .matMul(MatMulKind.valueOf(matMul.toUpperCase(java.util.Locale.ROOT)))
                .generatedBlocks(blocks.equals("generated"))
                .build());
    images = SyntheticWeights.input(batch * 3 * 224 * 224, 2);
    logits = new float[batch * model.numClasses()];
    pool = Executors.newFixedThreadPool(Math.max(1, threads - 1));
    SwinModel reference =
        SwinModel.load(
            weights, SwinModelOptions.builder().attention(KernelChoice.REFERENCE).build());
    float[] expected = new float[logits.length];
    reference.classify(images, 0, batch, expected, 0);
    classify();
    AgreementCheck.require(
        "Swin-T " + model.attentionImplementations(), logits, expected, 1, model.numClasses());
    System.out.println("attention per stage: " + model.attentionImplementations());
    System.out.println("matrix product: " + model.matMulImplementation());
    System.out.println("MLP per stage: " + model.mlpImplementations());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.shutdownNow();
  }

  @Benchmark
  public float[] classify() {
    if (threads == 1) {
      model.classify(images, 0, batch, logits, 0);
    } else {
      model.classifyParallel(images, 0, batch, logits, 0, pool, threads);
    }
    return logits;
  }
}
