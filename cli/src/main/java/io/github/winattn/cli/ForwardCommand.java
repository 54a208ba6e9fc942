package io.github.winattn.cli;

import io.github.winattn.cli.error.CliException;
import io.github.winattn.cli.forward.ModuleFlags;
import io.github.winattn.cli.forward.ShapeResolver;
import io.github.winattn.cli.forward.Tensors;
import io.github.winattn.io.AtomicFiles;
import io.github.winattn.io.IoMessages;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.registry.KernelChoice;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.safetensors.SafetensorsWriter;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.weights.AttentionWeights;
import io.github.winattn.weights.InspectedModule;
import io.github.winattn.weights.StateDictBinder;
import io.github.winattn.weights.StateDictInspector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code winattn forward}: runs one attention module, read from a state dict, on the tensor {@code
 * input} (and {@code mask}, if present) of a safetensors file and writes {@code output}.
 */
@Command(
    name = "forward",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs one window attention module on a batch: reads the module's state dict from"
          + " --weights, the tensors 'input' (B_, N, C) and, if present, 'mask' (nW, N, N) from"
          + " --input, and writes the tensor 'output' (F32) to --out.",
      "Dim, heads, qkv bias, with_qkv and the table sizes are read from the tensors and checked"
          + " against the flags."
    })
final class ForwardCommand implements Callable<Integer> {

  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--family",
      required = true,
      paramLabel = "FAMILY",
      converter = Converters.FamilyConverter.class,
      description = "swin_v1, swin_v2, video_swin or temporal.")
  Family family;

  @Option(
      names = "--window",
      required = true,
      paramLabel = "WINDOW",
      converter = Converters.WindowConverter.class,
      description = "The module's window: T, HxW or DxHxW, e.g. 7x7.")
  Window window;

  @Option(names = "--heads", required = true, paramLabel = "H", description = "Number of heads.")
  int heads;

  @Option(
      names = "--qk-scale",
      paramLabel = "X",
      description = "The module's qk_scale (default: head_dim ** -0.5).")
  Float qkScale;

  @Option(names = "--no-qkv", description = "Temporal module built with with_qkv=False.")
  boolean noQkv;

  @Option(
      names = "--effective-window",
      paramLabel = "DxHxW",
      converter = Converters.WindowConverter.class,
      description = "Video Swin: the window clamped to the input, e.g. 1x7x7.")
  Window effectiveWindow;

  @Option(
      names = "--pretrained-window",
      paramLabel = "HxW",
      converter = Converters.WindowConverter.class,
      description = "Swin v2: the module's pretrained_window_size.")
  Window pretrainedWindow;

  @Option(
      names = "--weights",
      required = true,
      paramLabel = "STATE.safetensors",
      description = "The state dict holding the module.")
  Path weights;

  @Option(
      names = "--prefix",
      paramLabel = "P",
      defaultValue = "",
      description = "The module's key prefix, e.g. layers.0.blocks.1.attn. (default: none).")
  String prefix;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "IN.safetensors",
      description = "Holds 'input' (B_, N, C) and optionally 'mask' (nW, N, N).")
  Path input;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "OUT.safetensors",
      description =
          "Where to write 'output' (B_, N, C): a new file (mode from the umask) or"
              + " an existing regular file (keeps its permissions); anything else is refused.")
  Path out;

  @Option(
      names = "--kernel",
      paramLabel = "KERNEL",
      defaultValue = "auto",
      converter = Converters.KernelChoiceConverter.class,
      description =
          "auto, reference, generated, generated-vector or"
              + " generated-plain (default: ${DEFAULT-VALUE}).")
  KernelChoice kernel;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Threads (default: the number of processors).")
  Integer threads;

  @Option(
      names = "--classpath",
      paramLabel = "DIR_OR_JAR",
      split = "${sys:path.separator}",
      description =
          "Your project's compiled classes (e.g. target/classes) with the kernels the"
              + " plugin generated, looked up before the shipped catalogue.")
  List<Path> classpath = new ArrayList<>();

  @Option(
      names = "--expect",
      paramLabel = "EXPECTED.safetensors",
      description =
          "Compares the output with the tensor 'output' (or the only tensor) of this"
              + " file, e.g. saved from PyTorch; exit code 3 when out of tolerance.")
  Path expect;

  @Option(
      names = "--atol",
      defaultValue = "1e-5",
      description = "--expect: absolute tolerance (default: ${DEFAULT-VALUE}).")
  double atol;

  @Option(
      names = "--rtol",
      defaultValue = "1e-4",
      description = "--expect: relative tolerance (default: ${DEFAULT-VALUE}).")
  double rtol;

  @Option(
      names = "--layout",
      paramLabel = "LAYOUT",
      defaultValue = "window-batch",
      converter = LayoutConverter.class,
      description =
          "window-batch: 'input' is (B_, N, C) windows; feature-map: (B, H, W, C) or"
              + " (B, D, H, W, C), the block's roll, partition, padding and mask done here; frames:"
              + " (B, T, N, C), temporal attention over T for every token (default: ${DEFAULT-VALUE}).")
  Layout layout;

  @Option(
      names = "--shift",
      paramLabel = "S",
      description =
          "--layout feature-map: the block's shift_size, e.g. 3 (Swin) or 1x3x3 (Video"
              + " Swin); default 0. --window is then the block's window_size (e.g. 7 or 8x7x7).")
  String shift;

  @Option(
      names = {"-v", "--verbose"},
      description = "--layout feature-map|frames: says which clamps and padding were applied.")
  boolean verbose;

  @Option(
      names = "--repeat",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Runs N more calls after the first (cold) one and reports their median, the"
              + " warm time (default: ${DEFAULT-VALUE}).")
  int repeat;

  /** What tensor 'input' holds. */
  enum Layout {
    WINDOW_BATCH("window-batch"),
    FEATURE_MAP("feature-map"),
    FRAMES("frames");

    final String id;

    Layout(String id) {
      this.id = id;
    }
  }

  /** Parses {@code --layout}; a bad value names the valid ones. */
  static final class LayoutConverter implements picocli.CommandLine.ITypeConverter<Layout> {
    @Override
    public Layout convert(String value) {
      for (Layout l : Layout.values()) {
        if (l.id.equals(value)) {
          return l;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "'"
              + io.github.winattn.diagnostics.UntrustedText.quote(value)
              + "' is not a layout (expected window-batch, feature-map or frames)");
    }
  }

  ForwardCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    checkTimingAndTolerance();
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (nThreads < 1) {
      throw new CliException("--threads must be >= 1 (got " + nThreads + ")");
    }
    ModuleFlags flags =
        new ModuleFlags(
            family,
            window,
            heads,
            Optional.ofNullable(qkScale),
            noQkv,
            Optional.ofNullable(effectiveWindow),
            Optional.ofNullable(pretrainedWindow));
    checkOut();
    if (layout != Layout.WINDOW_BATCH) {
      PrintWriter pw = spec.commandLine().getOut();
      int exit = new FeatureMapForward(this, registry(), nThreads).run(pw);
      pw.flush();
      return exit;
    }
    if (shift != null) {
      throw new CliException(
          "--shift applies to --layout feature-map (the window-batch layout"
              + " takes the block's 'mask' tensor instead)");
    }
    String normalized = StateDictBinder.normalizePrefix(prefix);
    try (SafetensorsFile state = Tensors.open("--weights", weights);
        SafetensorsFile io = Tensors.open("--input", input)) {
      if (!io.contains("input")) {
        throw new CliException(
            "--input " + input + ": no tensor named 'input' (it has " + io.names() + ")");
      }
      Optional<List<Long>> maskShape =
          io.contains("mask") ? Optional.of(io.shape("mask")) : Optional.empty();
      InspectedModule module = StateDictInspector.inspect(state, normalized, family);
      AttentionShape shape =
          ShapeResolver.resolve(flags, module, state, io.shape("input"), maskShape);
      AttentionWeights bound = StateDictBinder.bind(shape, state, normalized);
      float[] x = io.readFloats("input");
      int windows = io.shape("input").get(0).intValue();
      Mask mask =
          maskShape.isPresent()
              ? Mask.of(io.readFloats("mask"), maskShape.get().get(0).intValue())
              : Mask.NONE;
      AttentionKernel k = registry().bind(bound, kernel, mask.isPresent());
      float[] y = new float[x.length];
      String timing = timed(k, x, windows, mask, y, nThreads);
      SafetensorsWriter writer =
          new SafetensorsWriter()
              .metadata("shape", shape.describe())
              .metadata("kernel", k.implementation())
              .putF32("output", y, windows, shape.tokens(), shape.dim());
      try {
        writer.write(out);
      } catch (IOException e) {
        throw new CliException("--out: cannot write " + IoMessages.describe(e), e);
      }
      PrintWriter pw = spec.commandLine().getOut();
      pw.printf(
          Locale.ROOT,
          "%s: kernel %s, %d windows%s, %d thread(s), %s -> %s%n",
          shape.describe(),
          k.implementation(),
          windows,
          mask.isPresent() ? " (masked, nW=" + mask.windows() + ")" : "",
          Math.min(nThreads, windows),
          timing,
          out);
      int exit =
          expect == null
              ? ExitCodes.OK
              : checkExpected(
                  y, List.of((long) windows, (long) shape.tokens(), (long) shape.dim()), pw);
      pw.flush();
      return exit;
    }
  }

  /** --repeat, --atol and --rtol, checked before anything is read or run. */
  private void checkTimingAndTolerance() {
    if (repeat < 0) {
      throw new CliException("--repeat must be >= 0 (got " + repeat + ")");
    }
    if (!(atol >= 0) || !(rtol >= 0)) {
      throw new CliException("--atol and --rtol must be >= 0 (got " + atol + ", " + rtol + ")");
    }
  }

  private KernelRegistry registry() {
    return classpath.isEmpty()
        ? context.registry().get()
        : UserKernels.registry(classpath, /* userOnly */ false);
  }

  /**
   * Runs the kernel once (cold: class loading, bind-time packing done, JIT not yet) and then {@code
   * --repeat} times; says which time it reports.
   */
  private String timed(AttentionKernel k, float[] x, int windows, Mask mask, float[] y, int n) {
    long t0 = System.nanoTime();
    run(k, x, windows, mask, y, n);
    double cold = (System.nanoTime() - t0) / 1e6;
    if (repeat == 0) {
      return String.format(
          Locale.ROOT,
          "%.3f ms (one cold call, before JIT compilation; --repeat N" + " for warm timings)",
          cold);
    }
    long[] warm = new long[repeat];
    for (int i = 0; i < repeat; i++) {
      long t = System.nanoTime();
      run(k, x, windows, mask, y, n);
      warm[i] = System.nanoTime() - t;
    }
    Arrays.sort(warm);
    return String.format(
        Locale.ROOT,
        "%.3f ms warm (median of %d calls; first call %.3f ms)",
        warm[repeat / 2] / 1e6,
        repeat,
        cold);
  }

  /**
   * Compares {@code y}, of shape {@code want}, with the {@code --expect} tensor; prints the max
   * error. Used by both layouts.
   */
  int checkExpected(float[] y, List<Long> want, PrintWriter pw) {
    return ExpectedTensor.check(expect, "output", y, want, List.of("output"), atol, rtol, pw);
  }

  /** Fails before any work if --out cannot be written: missing folder, not a regular file. */
  private void checkOut() {
    try {
      AtomicFiles.checkTarget(out);
    } catch (IOException e) {
      throw new CliException("--out: cannot write " + IoMessages.describe(e), e);
    }
  }

  private static void run(AttentionKernel k, float[] x, int windows, Mask mask, float[] y, int n) {
    if (n == 1 || windows == 1) {
      k.forward(x, 0, y, 0, mask, windows);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(n - 1);
    try {
      k.forwardParallel(x, 0, y, 0, mask, windows, pool, n);
    } finally {
      pool.shutdownNow();
    }
  }
}
