package io.github.winattn.cli;

import io.github.winattn.cli.error.CliException;
import io.github.winattn.cli.forward.ModuleFlags;
import io.github.winattn.cli.forward.ShapeResolver;
import io.github.winattn.cli.forward.Tensors;
import io.github.winattn.featuremap.FeatureMapAttention;
import io.github.winattn.featuremap.FeatureMapAttentions;
import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.io.IoMessages;
import io.github.winattn.kernel.AttentionKernel;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code winattn forward --layout feature-map|frames}: the official block's attention path on a
 * whole map {@code (B, H, W, C)}, {@code (B, D, H, W, C)} or {@code (B, T, N, C)}, with the window
 * and shift as given to the block; the clamps and padding are computed here ({@link
 * FeatureMapGeometry}) and reported with {@code -v}.
 */
final class FeatureMapForward {

  private final ForwardCommand cmd;
  private final KernelRegistry registry;
  private final int threads;

  FeatureMapForward(ForwardCommand cmd, KernelRegistry registry, int threads) {
    this.cmd = cmd;
    this.registry = registry;
    this.threads = threads;
  }

  int run(PrintWriter pw) throws IOException {
    String normalized = StateDictBinder.normalizePrefix(cmd.prefix);
    try (SafetensorsFile state = Tensors.open("--weights", cmd.weights);
        SafetensorsFile io = Tensors.open("--input", cmd.input)) {
      if (!io.contains("input")) {
        throw new CliException(
            "--input " + cmd.input + ": no tensor named 'input' (it has " + io.names() + ")");
      }
      List<Long> inputShape = io.shape("input");
      FeatureMapGeometry g = geometry(inputShape);
      int images = inputShape.get(0).intValue();
      int channels = inputShape.get(inputShape.size() - 1).intValue();
      InspectedModule module = StateDictInspector.inspect(state, normalized, cmd.family);
      List<Long> windowBatch =
          List.of((long) images * g.windows(), (long) g.tokens(), (long) channels);
      AttentionShape shape =
          ShapeResolver.resolve(moduleFlags(g), module, state, windowBatch, Optional.empty());
      AttentionWeights bound = StateDictBinder.bind(shape, state, normalized);
      AttentionKernel k = registry.bind(bound, cmd.kernel, g.shifted());
      FeatureMapAttention fm = FeatureMapAttentions.of(k, g);
      float[] x = io.readFloats("input");
      float[] y = new float[x.length];
      String timing = timed(fm, x, y, images);
      long[] dims = inputShape.stream().mapToLong(Long::longValue).toArray();
      SafetensorsWriter writer =
          new SafetensorsWriter()
              .metadata("shape", shape.describe())
              .metadata("kernel", fm.implementation())
              .metadata("geometry", g.toString())
              .putF32("output", y, dims);
      try {
        writer.write(cmd.out);
      } catch (IOException e) {
        throw new CliException("--out: cannot write " + IoMessages.describe(e), e);
      }
      if (cmd.verbose) {
        pw.printf(
            Locale.ROOT,
            "geometry: %s, %d windows of %d tokens per map%n",
            g,
            g.windows(),
            g.tokens());
        if (g.notes().isEmpty()) {
          pw.println("applied: no clamp, no padding");
        }
        for (String note : g.notes()) {
          pw.println("applied: " + note);
        }
      }
      pw.printf(
          Locale.ROOT,
          "%s: kernel %s, %d map(s) %s, %s%s, %d thread(s), %s -> %s%n",
          shape.describe(),
          fm.implementation(),
          images,
          Tensors.format(inputShape),
          g.windows() + " windows each",
          g.shifted() ? " (shifted, mask-free)" : "",
          threads,
          timing,
          cmd.out);
      return cmd.expect == null ? ExitCodes.OK : cmd.checkExpected(y, inputShape, pw);
    }
  }

  /** The map geometry from the input's shape and --window/--shift as given to the block. */
  private FeatureMapGeometry geometry(List<Long> input) {
    Family family = cmd.family;
    boolean frames = cmd.layout == ForwardCommand.Layout.FRAMES;
    if (frames != (family == Family.TEMPORAL)) {
      throw new CliException(
          "--layout "
              + cmd.layout.id
              + " does not apply to --family "
              + family
              + " (use "
              + (family == Family.TEMPORAL ? "frames" : "feature-map")
              + ")");
    }
    if (cmd.effectiveWindow != null) {
      throw new CliException(
          "--effective-window does not apply to --layout "
              + cmd.layout.id
              + ": the window is clamped to the map as the block does it (see -v)");
    }
    int rank = family == Family.VIDEO_SWIN ? 5 : 4;
    String expected =
        switch (family) {
          case VIDEO_SWIN -> "(B, D, H, W, C)";
          case TEMPORAL -> "(B, T, N, C)";
          default -> "(B, H, W, C)";
        };
    if (input.size() != rank || input.stream().anyMatch(d -> d < 1 || d > Integer.MAX_VALUE)) {
      throw new CliException(
          "--input: tensor 'input' must be "
              + expected
              + " for --layout "
              + cmd.layout.id
              + " and "
              + family
              + ", got "
              + Tensors.format(input));
    }
    int[] map = new int[rank - 2];
    for (int a = 0; a < map.length; a++) {
      map[a] = input.get(a + 1).intValue();
    }
    int[] shift = parseShift(family == Family.VIDEO_SWIN ? 3 : 1);
    try {
      return switch (family) {
        case TEMPORAL -> {
          if (cmd.window.rank() != 1 || cmd.window.width() != map[0]) {
            throw new CliException(
                "--window "
                    + cmd.window
                    + " must be the T = "
                    + map[0]
                    + " frames of tensor 'input' "
                    + Tensors.format(input));
          }
          if (shift[0] != 0) {
            throw new CliException(
                "--shift does not apply to temporal attention (got " + cmd.shift + ")");
          }
          yield FeatureMapGeometry.temporal(map[0], map[1]);
        }
        case VIDEO_SWIN -> {
          if (cmd.window.rank() != 3) {
            throw new CliException(
                "--window " + cmd.window + ": video_swin needs DxHxW like 8x7x7");
          }
          int[] w = {cmd.window.depth(), cmd.window.height(), cmd.window.width()};
          yield FeatureMapGeometry.videoSwin(map, w, shift);
        }
        default -> {
          Window w = cmd.window;
          if (w.rank() == 2 && w.height() != w.width() || w.rank() == 3) {
            throw new CliException(
                "--window "
                    + w
                    + ": SwinTransformerBlock takes one window_size,"
                    + " e.g. --window 7 (or 7x7)");
          }
          yield FeatureMapGeometry.swin(family, map[0], map[1], w.width(), shift[0]);
        }
      };
    } catch (IllegalArgumentException e) {
      throw new CliException(
          "--window "
              + cmd.window
              + " --shift "
              + cmd.shift
              + " on tensor 'input' "
              + Tensors.format(input)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** {@code --shift}: one number (Swin, all axes) or DxHxW (Video Swin); default 0. */
  private int[] parseShift(int axes) {
    String text = cmd.shift == null ? "0" : cmd.shift.trim();
    String[] parts = text.split("x", -1);
    if (!(parts.length == axes || parts.length == 1 && axes == 1)
        || Arrays.stream(parts).anyMatch(p -> !p.matches("[0-9]{1,6}"))) {
      throw new CliException(
          "--shift '"
              + cmd.shift
              + "' must be "
              + (axes == 3 ? "DxHxW like 1x3x3" : "one number like 3")
              + " for --family "
              + cmd.family);
    }
    return Arrays.stream(parts).mapToInt(Integer::parseInt).toArray();
  }

  /** The window module the block runs: its window (and Video Swin's clamped effective window). */
  private ModuleFlags moduleFlags(FeatureMapGeometry g) {
    int[] w = g.window();
    Window window;
    Optional<Window> effective = Optional.empty();
    switch (cmd.family) {
      case TEMPORAL -> window = Window.of1d(w[0]);
      case VIDEO_SWIN -> {
        int[] full = g.requestedWindow();
        window = Window.of3d(full[0], full[1], full[2]);
        if (!Arrays.equals(full, w)) {
          effective = Optional.of(Window.of3d(w[0], w[1], w[2]));
        }
      }
      default -> window = Window.of2d(w[0], w[1]);
    }
    return new ModuleFlags(
        cmd.family,
        window,
        cmd.heads,
        Optional.ofNullable(cmd.qkScale),
        cmd.noQkv,
        effective,
        Optional.ofNullable(cmd.pretrainedWindow));
  }

  private String timed(FeatureMapAttention fm, float[] x, float[] y, int images) {
    long t0 = System.nanoTime();
    run(fm, x, y, images);
    double cold = (System.nanoTime() - t0) / 1e6;
    if (cmd.repeat == 0) {
      return String.format(
          Locale.ROOT, "%.3f ms (one cold call; --repeat N for warm timings)", cold);
    }
    long[] warm = new long[cmd.repeat];
    for (int i = 0; i < cmd.repeat; i++) {
      long t = System.nanoTime();
      run(fm, x, y, images);
      warm[i] = System.nanoTime() - t;
    }
    Arrays.sort(warm);
    return String.format(
        Locale.ROOT,
        "%.3f ms warm (median of %d calls; first call %.3f ms)",
        warm[cmd.repeat / 2] / 1e6,
        cmd.repeat,
        cold);
  }

  private void run(FeatureMapAttention fm, float[] x, float[] y, int images) {
    if (threads == 1) {
      fm.forward(x, 0, y, 0, images);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads - 1);
    try {
      fm.forwardParallel(x, 0, y, 0, images, pool, threads);
    } finally {
      pool.shutdownNow();
    }
  }
}
