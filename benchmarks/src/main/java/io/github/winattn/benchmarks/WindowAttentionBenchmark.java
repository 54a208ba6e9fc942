package io.github.winattn.benchmarks;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.weights.AttentionWeights;
import io.github.winattn.weights.StateDictBinder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
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
 * Time of one forward call of one attention layer over all windows of a {@link BenchShape}, per
 * implementation and thread count. Every implementation other than the reference kernel is checked
 * against the reference kernel in the trial set-up, on the same weights and inputs, before it is
 * timed. GFLOP/s are derived by {@code tools/bench/render.py} from {@link
 * BenchShape#flopsPerCall()}.
 *
 * <p>ONNX Runtime runs the graph exported for the shape into {@code
 * ${winattn.bench.work}/<shape>/model.onnx} (default {@code benchmarks/work}, relative to the
 * working directory), with the weights it was exported with ({@code weights.safetensors}, bound for
 * the reference check through {@link StateDictBinder}); the kernels use {@link SyntheticWeights}.
 * Timing does not depend on the values.
 */
@State(Scope.Benchmark)
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
      ForkOptions.HUGE_PAGES,
      "-Xms3g",
      "-Xmx3g"
    })
public class WindowAttentionBenchmark {

  /** System property naming the folder of the exported models. */
  public static final String WORK_PROPERTY = "winattn.bench.work";

  /** A {@link BenchShape#id()}. */
  @Param({
    "swin_t_s1",
    "swin_t_s2",
    "swin_t_s3",
    "swin_t_s4",
    "swin_b384_s1",
    "swinv2_w16",
    "video_swin_8x7x7",
    "video_swin_4x7x7",
    "temporal_t8",
    "temporal_t16"
  })
  public String shape;

  /** An {@link Implementation#id()}. */
  @Param({"generated-vector", "generated-plain", "reference", "onnxruntime"})
  public String implementation;

  /** Threads: {@code forwardParallel}'s parallelism, or ONNX Runtime's intra-op threads. */
  @Param({"1", "2"})
  public int threads;

  // Inputs in non-final fields, so the JIT cannot treat them as constants.
  private AttentionKernel bound;
  private OnnxRuntimeCall onnx;
  private float[] x; // (B_, N, C)
  private float[] out; // (B_, N, C)
  private Mask mask; // (nW, N, N) or NONE
  private int windows;
  private Executor executor;
  private ExecutorService pool;

  /** Binds the implementation, draws inputs and checks it against the reference kernel. */
  @Setup(Level.Trial)
  public void setUp() {
    BenchShape s = BenchShape.fromId(shape);
    Implementation impl = Implementation.fromId(implementation);
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1 (got " + threads + ")");
    }
    windows = s.windows();
    mask = s.mask();
    x = SyntheticWeights.input(s.activationLength(), 7);
    out = new float[x.length];
    if (threads > 1) {
      pool =
          // a ForkJoinPool takes ParallelForward's chunks (ForkJoinTasks) without wrapping them or
          // allocating a queue node: a warm call allocates nothing (a fixed thread pool's queue
          // allocates 24 bytes per submitted chunk on the calling thread)
          new ForkJoinPool(threads - 1);
      executor = pool;
    } else {
      executor = Runnable::run; // unused: parallelism 1 runs on the calling thread
    }
    AttentionWeights weights;
    String what;
    if (impl.isKernel()) {
      weights = SyntheticWeights.of(s.shape(), 42);
      bound = impl.bind(weights, s.masked());
      what = bound.implementation() + " (" + bound.getClass().getName() + ")";
    } else {
      Path dir = workDir().resolve(s.id());
      weights = exportedWeights(dir.resolve("weights.safetensors"), s);
      onnx = OnnxRuntimeCall.open(dir.resolve("model.onnx"), s, x, mask, threads);
      what = "onnxruntime (" + dir.resolve("model.onnx") + ")";
    }
    if (impl != Implementation.REFERENCE) {
      float[] expected = new float[x.length];
      new ReferenceKernel(weights)
          .forwardParallel(x, 0, expected, 0, mask, windows, executor, threads);
      step();
      AgreementCheck.require(
          what + " on " + shape, out, expected, s.shape().tokens(), s.shape().dim());
    }
  }

  /** Stops the worker threads and closes the ONNX Runtime session. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
    if (onnx != null) {
      onnx.close();
      onnx = null;
    }
  }

  /**
   * One forward call; the output array is sunk and a checksum of it returned. The calling thread's
   * heap allocation inside the call is counted in {@code counter}.
   */
  @Benchmark
  public float forward(Blackhole bh, AllocationCounter counter) {
    long before = AllocationCounter.now();
    float checksum = step();
    counter.add(before);
    bh.consume(out);
    return checksum;
  }

  /** The timed work without JMH: one forward call, returning a checksum of three outputs. */
  float step() {
    if (onnx != null) {
      onnx.run(out);
    } else {
      bound.forwardParallel(x, 0, out, 0, mask, windows, executor, threads);
    }
    return out[0] + out[out.length >>> 1] + out[out.length - 1];
  }

  /** The bound kernel (after {@link #setUp()}; null for ONNX Runtime). */
  AttentionKernel boundKernel() {
    return bound;
  }

  /** The output of the last call. */
  float[] output() {
    return out;
  }

  /**
   * The folder of the exported models: {@value #WORK_PROPERTY}, default {@code benchmarks/work}.
   */
  static Path workDir() {
    return Path.of(System.getProperty(WORK_PROPERTY, "benchmarks/work"));
  }

  private static AttentionWeights exportedWeights(Path file, BenchShape s) {
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      return StateDictBinder.bind(s.shape(), f, "");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the exported weights of "
              + s.id()
              + " at "
              + file.toAbsolutePath()
              + " (export them with /usr/bin/python3 tools/reference/export_onnx.py)",
          e);
    }
  }
}
