package io.github.winattn.benchmarks;

import io.github.winattn.featuremap.FeatureMapAttention;
import io.github.winattn.featuremap.FeatureMapAttentions;
import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.featuremap.WindowCopies;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.weights.AttentionWeights;
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
 * Attention on a whole feature map, one thread: the fused path ({@link FeatureMapAttentions}: roll,
 * partition, padding and reverse as row indices, region classes instead of the dense mask) against
 * the unfused one a user writes by hand ({@link WindowCopies}: a partition copy of the rolled map,
 * the window-batch kernel with the dense {@code (nW, N, N)} mask, a reverse copy). Both run the
 * same kernel on the same map in the same JMH run, so their ratio is the speed-up of fusing.
 *
 * <p>Maps: Swin-T stage 1 {@code (1, 56, 56, 96)}, window 7, shift 3; Video Swin-T (8 frames) stage
 * 1 {@code (1, 4, 56, 56, 96)}, window 8x7x7 clamped to 4x7x7, shift 4x3x3 clamped to 0x3x3.
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
      "-Xms512m",
      "-Xmx512m"
    })
public class FeatureMapBenchmark {

  /** {@code swin_t_stage1} or {@code video_swin_t_stage1}. */
  @Param({"swin_t_stage1", "video_swin_t_stage1"})
  public String map;

  /** The window kernel both paths run: {@code vector}, {@code plain} or {@code reference}. */
  @Param({"vector", "reference"})
  public String kernel;

  // Inputs in non-final fields, so the JIT cannot treat them as constants.
  private FeatureMapAttention fused;
  private AttentionKernel bound;
  private FeatureMapGeometry geometry;
  private Mask mask; // (nW, N, N) for the unfused path
  private float[] x; // (B, H, W, C) or (B, D, H, W, C)
  private float[] out;
  private float[] windowsIn; // (B*nW, N, C) of the unfused path
  private float[] windowsOut;

  /** Binds the kernel and checks that both paths agree on the map. */
  @Setup(Level.Trial)
  public void setUp() {
    AttentionShape shape;
    if (map.equals("swin_t_stage1")) {
      geometry = FeatureMapGeometry.swin(Family.SWIN_V1, 56, 56, 7, 3);
      shape = AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3).build();
    } else if (map.equals("video_swin_t_stage1")) {
      geometry =
          FeatureMapGeometry.videoSwin(
              new int[] {4, 56, 56}, new int[] {8, 7, 7}, new int[] {4, 3, 3});
      shape =
          AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(8, 7, 7), 96, 3)
              .effectiveWindow(Window.of3d(4, 7, 7))
              .build();
    } else {
      throw new IllegalArgumentException("unknown map " + map);
    }
    AttentionWeights weights = SyntheticWeights.of(shape, 42);
    bound = bindKernel(kernel, weights);
    fused = FeatureMapAttentions.of(bound, geometry);
    mask = WindowCopies.mask(geometry);
    x = SyntheticWeights.input(geometry.rowsPerImage() * shape.dim(), 7);
    out = new float[x.length];
    windowsIn = new float[geometry.windows() * geometry.tokens() * shape.dim()];
    windowsOut = new float[windowsIn.length];
    float[] expected = new float[x.length];
    unfused();
    System.arraycopy(out, 0, expected, 0, out.length);
    fused();
    AgreementCheck.require(
        "fused " + fused.implementation() + " on " + map,
        out,
        expected,
        geometry.tokens(),
        shape.dim());
  }

  /**
   * {@code vector} or {@code plain}: the generated variant of the catalogue (with mask support),
   * never a fallback; {@code reference}: the reference kernel.
   */
  static AttentionKernel bindKernel(String id, AttentionWeights weights) {
    return switch (id) {
      case "vector" -> GeneratedKernels.bind(weights, true, true);
      case "plain" -> GeneratedKernels.bind(weights, true, false);
      case "reference" -> new ReferenceKernel(weights);
      default ->
          throw new IllegalArgumentException(
              "unknown kernel '" + id + "' (expected vector, plain or reference)");
    };
  }

  /** The feature-map path: no copy of the map, no dense mask. */
  @Benchmark
  public float[] fused() {
    fused.forward(x, 0, out, 0, 1);
    return out;
  }

  /** Partition copy, window-batch kernel with the dense mask, reverse copy. */
  @Benchmark
  public float[] unfused() {
    WindowCopies.forward(bound, geometry, mask, x, 1, windowsIn, windowsOut, out);
    return out;
  }
}
