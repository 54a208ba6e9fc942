package io.github.winattn.benchmarks;

import io.github.winattn.model.SwinModel;
import io.github.winattn.model.SwinModelOptions;
import io.github.winattn.registry.KernelChoice;
import io.github.winattn.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * A whole Swin-T (v1, 224x224, 1000 classes) classifying a batch of images, WinAttn against ONNX
 * Runtime on the same network: the seeded model {@code tools/reference/export_swin_model.py}
 * exports into {@code ${winattn.bench.work}/swin_model/} ({@code weights.safetensors} in the
 * official names, loaded by {@link SwinModel#load}; {@code model.onnx}, the same weights as an ONNX
 * graph; {@code inputs.safetensors}, 8 seeded images and PyTorch's float32 logits).
 *
 * <p>Implementations: {@code generated-vector} (the registry's kernels; the set-up fails unless
 * every stage runs a generated vector kernel), {@code reference} (the reference attention kernel;
 * slow, not in the default parameters) and {@code onnxruntime} (intra-op threads = threads, see
 * {@link OnnxModelCall}). Before anything is timed, each implementation's logits must match
 * PyTorch's within {@code |a - b| <= }{@value #ATOL}{@code + }{@value #RTOL}{@code * |b|}, else the
 * trial fails with the worst element. About 4.5 G multiply-adds (9.0 GFLOP) per image.
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
      ForkOptions.HUGE_PAGES,
      "-Xms2g",
      "-Xmx2g"
    })
public class WholeModelBenchmark {

  /**
   * Absolute tolerance on a logit against PyTorch's float32 logit (logits up to about 13; WinAttn
   * measured 1.2e-5 here).
   */
  public static final double ATOL = 1e-4;

  /** Relative tolerance on a logit against PyTorch's float32 logit (issue 12: 1e-4 relative). */
  public static final double RTOL = 1e-4;

  /** The folder {@code tools/reference/export_swin_model.py} writes, under the work folder. */
  public static final String MODEL_DIR = "swin_model";

  /** Names the network in results. */
  public static final String MODEL = "swin_t_v1_224";

  /** {@code generated-vector}, {@code reference} or {@code onnxruntime}. */
  @Param({"generated-vector", "onnxruntime"})
  public String implementation;

  /** Images per call (at most the 8 exported). */
  @Param({"1", "8"})
  public int batch;

  /** WinAttn's parallelism (caller + threads - 1 workers), or ONNX Runtime's intra-op threads. */
  @Param({"1", "2"})
  public int threads;

  // Non-final fields: the JIT cannot treat them as constants.
  private SwinModel model;
  private OnnxModelCall onnx;
  private float[] images;
  private float[] logits;
  private ExecutorService pool;

  /** Loads the implementation and checks its logits against PyTorch's before timing. */
  @Setup(Level.Trial)
  public void setUp() {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1 (got " + threads + ")");
    }
    Path dir = modelDir();
    Exported exported = Exported.read(dir);
    if (batch < 1 || batch > exported.batch) {
      throw new IllegalArgumentException(
          "batch must be in 1.." + exported.batch + " (the exported images), got " + batch);
    }
    int imageFloats = 3 * exported.height * exported.width;
    images = new float[batch * imageFloats];
    System.arraycopy(exported.images, 0, images, 0, images.length);
    logits = new float[batch * exported.classes];
    if (threads > 1) {
      pool =
          // a ForkJoinPool takes ParallelForward's chunks (ForkJoinTasks) without wrapping them or
          // allocating a queue node: a warm call allocates nothing (a fixed thread pool's queue
          // allocates 24 bytes per submitted chunk on the calling thread)
          new ForkJoinPool(threads - 1);
    }
    String what;
    switch (implementation) {
      case "generated-vector", "reference" -> {
        KernelChoice choice =
            implementation.equals("reference")
                ? KernelChoice.REFERENCE
                : KernelChoice.GENERATED_VECTOR;
        model = loadModel(dir.resolve("weights.safetensors"), choice);
        List<String> kernels = model.attentionImplementations();
        if (kernels.stream().anyMatch(k -> !k.startsWith(implementation))) {
          throw new IllegalStateException(
              "WinAttn " + implementation + ": the stages run " + kernels + " (a fallback)");
        }
        what = "WinAttn SwinModel " + kernels;
      }
      case "onnxruntime" -> {
        onnx =
            OnnxModelCall.open(
                dir.resolve("model.onnx"),
                images,
                batch,
                exported.height,
                exported.width,
                exported.classes,
                threads);
        what = "ONNX Runtime " + dir.resolve("model.onnx");
      }
      default ->
          throw new IllegalArgumentException(
              "unknown implementation '"
                  + implementation
                  + "' (expected generated-vector, reference or onnxruntime)");
    }
    step();
    float[] expected = new float[logits.length];
    System.arraycopy(exported.logits, 0, expected, 0, expected.length);
    String report = checkLogits(what + ", batch " + batch, logits, expected, exported.classes);
    System.out.println(report);
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
   * One forward pass of the batch; the logits are sunk and a checksum returned. The calling
   * thread's heap allocation inside the call is counted in {@code counter}.
   */
  @Benchmark
  public float classify(Blackhole bh, AllocationCounter counter) {
    long before = AllocationCounter.now();
    float checksum = step();
    counter.add(before);
    bh.consume(logits);
    return checksum;
  }

  /** The timed work: one forward pass, returning a checksum of three logits. */
  float step() {
    if (onnx != null) {
      onnx.run(logits);
    } else if (pool == null) {
      model.classify(images, 0, batch, logits, 0);
    } else {
      model.classifyParallel(images, 0, batch, logits, 0, pool, threads);
    }
    return logits[0] + logits[logits.length >>> 1] + logits[logits.length - 1];
  }

  /**
   * Throws unless every logit is within {@code ATOL + RTOL * |expected|}; returns a line with the
   * largest error.
   *
   * @throws IllegalStateException naming the first bad (image, class), both values and the worst
   *     error
   */
  static String checkLogits(String what, float[] actual, float[] expected, int classes) {
    if (actual.length != expected.length) {
      throw new IllegalStateException(
          what + ": " + actual.length + " logits, expected " + expected.length);
    }
    int firstBad = -1;
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      double err = Math.abs((double) actual[i] - expected[i]);
      if (!(err <= ATOL + RTOL * Math.abs(expected[i]))) { // NaN is bad too
        if (firstBad < 0) {
          firstBad = i;
        }
        worst = Double.isNaN(err) ? Double.NaN : Math.max(worst, err);
      } else if (err > worst) {
        worst = err;
      }
    }
    if (firstBad >= 0) {
      throw new IllegalStateException(
          String.format(
              "%s disagrees with PyTorch's logits at [image %d, class %d]: %s vs %s (largest"
                  + " |error| %s, allowed %s + %s * |pytorch|)",
              what,
              firstBad / classes,
              firstBad % classes,
              actual[firstBad],
              expected[firstBad],
              worst,
              ATOL,
              RTOL));
    }
    return what + ": logits agree with PyTorch's, largest |error| " + worst;
  }

  /** {@code ${winattn.bench.work}/swin_model}, with a message naming the export if missing. */
  static Path modelDir() {
    Path dir = WindowAttentionBenchmark.workDir().resolve(MODEL_DIR);
    for (String name : List.of("weights.safetensors", "model.onnx", "inputs.safetensors")) {
      if (!Files.isRegularFile(dir.resolve(name))) {
        throw new IllegalStateException(
            "no "
                + name
                + " in "
                + dir.toAbsolutePath()
                + ": export the whole-model benchmark network with /usr/bin/python3"
                + " tools/reference/export_swin_model.py --out "
                + dir
                + " (benchmarks/run --model does), or set -D"
                + WindowAttentionBenchmark.WORK_PROPERTY
                + " to the folder holding swin_model/");
      }
    }
    return dir;
  }

  private static SwinModel loadModel(Path weights, KernelChoice choice) {
    try (SafetensorsFile f = SafetensorsFile.open(weights)) {
      return SwinModel.load(
          f, SwinModelOptions.builder().imageSize(224, 224).attention(choice).build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + weights.toAbsolutePath(), e);
    }
  }

  /** The exported images and PyTorch's logits, with their geometry. */
  private record Exported(
      float[] images, float[] logits, int batch, int height, int width, int classes) {

    static Exported read(Path dir) {
      Path file = dir.resolve("inputs.safetensors");
      try (SafetensorsFile f = SafetensorsFile.open(file)) {
        List<Long> image = f.shape("images");
        List<Long> logit = f.shape("logits");
        if (image.size() != 4
            || image.get(1) != 3
            || logit.size() != 2
            || !logit.get(0).equals(image.get(0))) {
          throw new IllegalStateException(
              file.toAbsolutePath()
                  + ": expected images (B, 3, H, W) and logits (B, classes), got "
                  + image
                  + " and "
                  + logit
                  + " (re-export with tools/reference/export_swin_model.py --force)");
        }
        return new Exported(
            f.readFloats("images"),
            f.readFloats("logits"),
            Math.toIntExact(image.get(0)),
            Math.toIntExact(image.get(2)),
            Math.toIntExact(image.get(3)),
            Math.toIntExact(logit.get(1)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
      }
    }
  }
}
