package io.github.winattn.cli;

import io.github.winattn.cli.forward.ModuleFlags;
import io.github.winattn.cli.forward.ShapeResolver;
import io.github.winattn.cli.forward.Tensors;
import io.github.winattn.io.AtomicFiles;
import io.github.winattn.io.IoMessages;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.registry.KernelChoice;
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
 * {@code winattn forward}: runs one attention module, read from a state dict, on the tensor
 * {@code input} (and {@code mask}, if present) of a safetensors file and writes {@code output}.
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

  @Option(names = "--family", required = true, paramLabel = "FAMILY",
      converter = Converters.FamilyConverter.class,
      description = "swin_v1, swin_v2, video_swin or temporal.")
  Family family;

  @Option(names = "--window", required = true, paramLabel = "WINDOW",
      converter = Converters.WindowConverter.class,
      description = "The module's window: T, HxW or DxHxW, e.g. 7x7.")
  Window window;

  @Option(names = "--heads", required = true, paramLabel = "H", description = "Number of heads.")
  int heads;

  @Option(names = "--qk-scale", paramLabel = "X", description = "The module's qk_scale (default: head_dim ** -0.5).")
  Float qkScale;

  @Option(names = "--no-qkv", description = "Temporal module built with with_qkv=False.")
  boolean noQkv;

  @Option(names = "--effective-window", paramLabel = "DxHxW",
      converter = Converters.WindowConverter.class,
      description = "Video Swin: the window clamped to the input, e.g. 1x7x7.")
  Window effectiveWindow;

  @Option(names = "--pretrained-window", paramLabel = "HxW",
      converter = Converters.WindowConverter.class,
      description = "Swin v2: the module's pretrained_window_size.")
  Window pretrainedWindow;

  @Option(names = "--weights", required = true, paramLabel = "STATE.safetensors",
      description = "The state dict holding the module.")
  Path weights;

  @Option(names = "--prefix", paramLabel = "P", defaultValue = "",
      description = "The module's key prefix, e.g. layers.0.blocks.1.attn. (default: none).")
  String prefix;

  @Option(names = "--input", required = true, paramLabel = "IN.safetensors",
      description = "Holds 'input' (B_, N, C) and optionally 'mask' (nW, N, N).")
  Path input;

  @Option(names = "--out", required = true, paramLabel = "OUT.safetensors",
      description = "Where to write 'output' (B_, N, C): a new file (mode from the umask) or"
          + " an existing regular file (keeps its permissions); anything else is refused.")
  Path out;

  @Option(names = "--kernel", paramLabel = "KERNEL", defaultValue = "auto",
      converter = Converters.KernelChoiceConverter.class,
      description = "auto, generic (the reference kernel), generated, generated-vector or"
          + " generated-plain (default: ${DEFAULT-VALUE}).")
  KernelChoice kernel;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads (default: the number of processors).")
  Integer threads;

  ForwardCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (nThreads < 1) {
      throw new CliException("--threads must be >= 1 (got " + nThreads + ")");
    }
    ModuleFlags flags = new ModuleFlags(family, window, heads, Optional.ofNullable(qkScale),
        noQkv, Optional.ofNullable(effectiveWindow), Optional.ofNullable(pretrainedWindow));
    String normalized = StateDictBinder.normalizePrefix(prefix);
    checkOut();
    try (SafetensorsFile state = Tensors.open("--weights", weights);
        SafetensorsFile io = Tensors.open("--input", input)) {
      if (!io.contains("input")) {
        throw new CliException("--input " + input + ": no tensor named 'input' (it has "
            + io.names() + ")");
      }
      Optional<List<Long>> maskShape =
          io.contains("mask") ? Optional.of(io.shape("mask")) : Optional.empty();
      InspectedModule module = StateDictInspector.inspect(state, normalized, family);
      AttentionShape shape =
          ShapeResolver.resolve(flags, module, state, io.shape("input"), maskShape);
      AttentionWeights bound = StateDictBinder.bind(shape, state, normalized);
      float[] x = io.readFloats("input");
      int windows = io.shape("input").get(0).intValue();
      Mask mask = maskShape.isPresent()
          ? Mask.of(io.readFloats("mask"), maskShape.get().get(0).intValue())
          : Mask.NONE;
      AttentionKernel k = context.registry().get().bind(bound, kernel, mask.isPresent());
      float[] y = new float[x.length];
      long t0 = System.nanoTime();
      run(k, x, windows, mask, y, nThreads);
      long nanos = System.nanoTime() - t0;
      SafetensorsWriter writer = new SafetensorsWriter()
          .metadata("shape", shape.describe())
          .metadata("kernel", k.implementation())
          .putF32("output", y, windows, shape.tokens(), shape.dim());
      try {
        writer.write(out);
      } catch (IOException e) {
        throw new CliException("--out: cannot write " + IoMessages.describe(e), e);
      }
      PrintWriter pw = spec.commandLine().getOut();
      pw.printf(Locale.ROOT, "%s: kernel %s, %d windows%s, %d thread(s), %.3f ms -> %s%n",
          shape.describe(), k.implementation(), windows,
          mask.isPresent() ? " (masked, nW=" + mask.windows() + ")" : "",
          Math.min(nThreads, windows), nanos / 1e6, out);
      pw.flush();
      return ExitCodes.OK;
    }
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
      k.forward(x, 0, windows, mask, y, 0);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(n - 1);
    try {
      k.forwardParallel(x, 0, windows, mask, y, 0, pool, n);
    } finally {
      pool.shutdownNow();
    }
  }
}
