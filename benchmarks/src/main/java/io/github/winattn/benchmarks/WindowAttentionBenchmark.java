package io.github.winattn.benchmarks;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.weights.AttentionWeights;
import java.util.concurrent.Executor;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time of one forward call over all windows of a Swin-T stage (batch 1), per kernel variant and
 * thread count. Every generated variant is checked against the reference kernel in the trial set-up
 * before it is timed. GFLOP/s are derived by {@code tools/bench/summarize.py} from {@link
 * BenchShape#flopsPerCall()}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 2,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms512m", "-Xmx512m"})
public class WindowAttentionBenchmark {

  /** A {@link BenchShape#id()}. */
  @Param({"swin_t_stage1_sw_msa", "swin_t_stage3_w_msa"})
  public String shape;

  /** A {@link KernelVariant#id()}. */
  @Param({"reference", "plain", "vector"})
  public String kernel;

  /**
   * Parallelism of {@code forwardParallel}: the calling thread plus {@code threads - 1} workers.
   */
  @Param({"1", "2"})
  public int threads;

  // Inputs in non-final fields, so the JIT cannot treat them as constants.
  private AttentionKernel bound;
  private float[] x; // (B_, N, C)
  private float[] out; // (B_, N, C)
  private Mask mask; // (nW, N, N) or NONE
  private int windows;
  private Executor executor;
  private ExecutorService pool;

  /** Binds the kernel, draws inputs and checks the kernel against the reference. */
  @Setup(Level.Trial)
  public void setUp() {
    BenchShape s = BenchShape.fromId(shape);
    KernelVariant variant = KernelVariant.fromId(kernel);
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1 (got " + threads + ")");
    }
    AttentionWeights weights = SyntheticWeights.of(s.shape(), 42);
    bound = variant.bind(weights, s.masked());
    windows = s.windows();
    mask = s.mask();
    x = SyntheticWeights.input(s.activationLength(), 7);
    out = new float[x.length];
    if (threads > 1) {
      pool =
          Executors.newFixedThreadPool(
              threads - 1,
              r -> {
                Thread t = new Thread(r, "winattn-bench-worker");
                t.setDaemon(true);
                return t;
              });
      executor = pool;
    } else {
      executor = Runnable::run; // unused: parallelism 1 runs on the calling thread
    }
    if (variant != KernelVariant.REFERENCE) {
      float[] expected = new float[x.length];
      new ReferenceKernel(weights).forward(x, 0, expected, 0, mask, windows);
      step();
      AgreementCheck.require(
          bound.implementation() + " (" + bound.getClass().getName() + ") on " + shape,
          out,
          expected,
          s.shape().tokens(),
          s.shape().dim());
    }
  }

  /** Stops the worker threads. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
  }

  /** One forward call; the output array is sunk and a checksum of it returned. */
  @Benchmark
  public float forward(Blackhole bh) {
    float checksum = step();
    bh.consume(out);
    return checksum;
  }

  /** The timed work without JMH: one forward call, returning a checksum of three outputs. */
  float step() {
    bound.forwardParallel(x, 0, out, 0, mask, windows, executor, threads);
    return out[0] + out[out.length >>> 1] + out[out.length - 1];
  }

  /** The bound kernel (after {@link #setUp()}). */
  AttentionKernel boundKernel() {
    return bound;
  }

  /** The output of the last call. */
  float[] output() {
    return out;
  }
}
