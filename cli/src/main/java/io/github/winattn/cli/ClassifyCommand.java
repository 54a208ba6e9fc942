package io.github.winattn.cli;

import io.github.winattn.cli.error.CliException;
import io.github.winattn.cli.forward.Tensors;
import io.github.winattn.cli.image.ImageInput;
import io.github.winattn.cli.image.TopK;
import io.github.winattn.io.AtomicFiles;
import io.github.winattn.io.IoMessages;
import io.github.winattn.model.SwinModel;
import io.github.winattn.model.SwinModelOptions;
import io.github.winattn.registry.KernelChoice;
import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.safetensors.SafetensorsWriter;
import io.github.winattn.shape.Family;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code winattn classify}: loads a whole Swin v1/v2 model from a checkpoint and turns the tensor
 * {@code input (B, 3, H, W)} of a safetensors file into {@code logits (B, classes)}.
 */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs a whole Swin v1/v2 image model: reads its state dict (official or timm names) from"
          + " --weights, the tensor 'input' (B, 3, H, W) of normalised images from --input, and"
          + " writes the tensor 'logits' (B, classes, F32) to --out.",
      "Embed dim, depths, heads, window, classes, mlp ratio, ape and patch norm are read from the"
          + " tensors; flags for them are checked against the tensors."
    })
final class ClassifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--family",
      required = true,
      paramLabel = "FAMILY",
      converter = Converters.FamilyConverter.class,
      description = "swin_v1 or swin_v2.")
  Family family;

  @Option(
      names = "--weights",
      required = true,
      paramLabel = "FILE",
      description = "The model's state dict (safetensors).")
  Path weights;

  /** Where the images come from: a tensor of normalised images, or image files. */
  static final class Source {
    @Option(
        names = "--input",
        paramLabel = "FILE",
        description = "Safetensors file with the tensor 'input' (B, 3, H, W).")
    Path input;

    @Option(
        names = "--image",
        paramLabel = "FILE",
        arity = "1..*",
        description =
            "JPEG or PNG files (one batch, in order): the ImageNet eval transform (shorter side to"
                + " int(size / crop-pct) with Pillow's bicubic, centre crop, mean/std), then the"
                + " top 5 classes of each.")
    List<Path> images;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--crop-pct",
      paramLabel = "F",
      defaultValue = "0.875",
      description = "With --image: crop fraction (default: ${DEFAULT-VALUE} = 224/256, official).")
  double cropPct;

  @Option(names = "--out", paramLabel = "FILE", description = "Writes the tensor 'logits' here.")
  Path out;

  @Option(
      names = "--image-size",
      paramLabel = "S|HxW",
      defaultValue = "224",
      description = "img_size (default: ${DEFAULT-VALUE}).")
  String imageSize;

  @Option(names = "--patch-size", paramLabel = "P", description = "Checked against the tensors.")
  Integer patchSize;

  @Option(names = "--mlp-ratio", paramLabel = "R", description = "Checked against the tensors.")
  Double mlpRatio;

  @Option(names = "--ape", description = "The model has absolute position embedding (checked).")
  boolean ape;

  @Option(names = "--no-patch-norm", description = "patch_norm=False (checked).")
  boolean noPatchNorm;

  @Option(
      names = "--pretrained-windows",
      split = ",",
      paramLabel = "P,...",
      description = "Swin v2 pretrained_window_sizes per stage (default: all 0).")
  List<Integer> pretrainedWindows;

  @Option(names = "--embed-dim", paramLabel = "C", description = "Checked against the tensors.")
  Integer embedDim;

  @Option(names = "--depths", split = ",", paramLabel = "D,...", description = "Checked.")
  List<Integer> depths;

  @Option(names = "--heads", split = ",", paramLabel = "H,...", description = "Checked.")
  List<Integer> heads;

  @Option(names = "--window", paramLabel = "W", description = "window_size (checked).")
  Integer window;

  @Option(names = "--classes", paramLabel = "N", description = "num_classes (checked).")
  Integer classes;

  @Option(
      names = "--kernel",
      paramLabel = "CHOICE",
      defaultValue = "auto",
      converter = Converters.KernelChoiceConverter.class,
      description = "Attention kernels: auto|reference|generated|generated-vector|generated-plain.")
  KernelChoice kernel;

  @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores).")
  Integer threads;

  @Option(
      names = "--expect",
      paramLabel = "FILE",
      description = "Compares the logits with the tensor 'output_f64', 'output' or the only one.")
  Path expect;

  @Option(names = "--atol", defaultValue = "1e-4", description = "(default: ${DEFAULT-VALUE})")
  double atol;

  @Option(names = "--rtol", defaultValue = "1e-4", description = "(default: ${DEFAULT-VALUE})")
  double rtol;

  @Override
  public Integer call() throws IOException {
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (nThreads < 1) {
      throw new CliException("--threads must be >= 1 (got " + nThreads + ")");
    }
    if (atol < 0 || rtol < 0) {
      throw new CliException("--atol and --rtol must be >= 0 (got " + atol + ", " + rtol + ")");
    }
    if (out != null) {
      try {
        AtomicFiles.checkTarget(out);
      } catch (IOException e) {
        throw new CliException("--out: cannot write " + IoMessages.describe(e), e);
      }
    }
    SwinModelOptions options = options();
    PrintWriter pw = spec.commandLine().getOut();
    try (SafetensorsFile state = Tensors.open("--weights", weights)) {
      SwinModel model = SwinModel.load(state, options);
      float[] images = source.input != null ? readInput(model) : readImages(model);
      int perImage = model.config().inChans() * model.imageHeight() * model.imageWidth();
      int batch = images.length / perImage;
      float[] logits = new float[batch * model.numClasses()];
      long t0 = System.nanoTime();
      run(model, images, batch, logits, nThreads);
      pw.printf(
          Locale.ROOT,
          "%s %s (%s names), %d image(s) %dx%d, %d threads: %.1f ms (first call)%n",
          model.config().family(),
          model.config().depths(),
          model.config().names(),
          batch,
          model.imageHeight(),
          model.imageWidth(),
          nThreads,
          (System.nanoTime() - t0) / 1e6);
      if (out != null) {
        try {
          new SafetensorsWriter()
              .metadata("family", model.config().family().id())
              .putF32("logits", logits, batch, model.numClasses())
              .write(out);
        } catch (IOException e) {
          throw new CliException("--out: cannot write " + IoMessages.describe(e), e);
        }
      }
      if (source.images != null) {
        for (int b = 0; b < batch; b++) {
          pw.printf("%s%n", source.images.get(b));
          pw.print(TopK.format(logits, b * model.numClasses(), model.numClasses()));
        }
      }
      int exit =
          expect == null
              ? ExitCodes.OK
              : checkExpected(logits, List.of((long) batch, (long) model.numClasses()), pw);
      pw.flush();
      return exit;
    }
  }

  /** The tensor {@code input} of {@code --input}, checked against the model's input shape. */
  private float[] readInput(SwinModel model) throws IOException {
    try (SafetensorsFile io = Tensors.open("--input", source.input)) {
      if (!io.contains("input")) {
        throw new CliException(
            "--input " + source.input + ": no tensor named 'input' (it has " + io.names() + ")");
      }
      List<Long> shape = io.shape("input");
      List<Long> want =
          List.of(
              shape.isEmpty() ? -1L : shape.get(0),
              (long) model.config().inChans(),
              (long) model.imageHeight(),
              (long) model.imageWidth());
      if (shape.size() != 4 || !shape.equals(want) || shape.get(0) < 1 || shape.get(0) > 100_000) {
        throw new CliException(
            "--input "
                + source.input
                + ": tensor 'input' has shape "
                + Tensors.format(shape)
                + ", expected (B, "
                + model.config().inChans()
                + ", "
                + model.imageHeight()
                + ", "
                + model.imageWidth()
                + ") with B >= 1 (--image-size)");
      }
      return io.readFloats("input");
    }
  }

  /** {@code --image} files through the ImageNet eval transform at the model's image size. */
  private float[] readImages(SwinModel model) {
    if (model.config().inChans() != 3) {
      throw new CliException(
          "--image gives RGB images, the model takes "
              + model.config().inChans()
              + " input channels (patch_embed.proj.weight)");
    }
    try {
      return ImageInput.load(source.images, model.imageHeight(), model.imageWidth(), cropPct);
    } catch (IllegalArgumentException e) {
      throw new CliException("--image: " + e.getMessage(), e);
    }
  }

  SwinModelOptions options() {
    SwinModelOptions.Builder b = SwinModelOptions.builder().family(family).attention(kernel);
    int[] size = parseImageSize(imageSize);
    b.imageSize(size[0], size[1]);
    try {
      if (patchSize != null) {
        b.patchSize(patchSize);
      }
      if (mlpRatio != null) {
        b.mlpRatio(mlpRatio);
      }
      if (ape) {
        b.ape(true);
      }
      if (noPatchNorm) {
        b.patchNorm(false);
      }
      if (pretrainedWindows != null) {
        b.pretrainedWindows(pretrainedWindows);
      }
      if (embedDim != null) {
        b.embedDim(embedDim);
      }
      if (depths != null) {
        b.depths(depths);
      }
      if (heads != null) {
        b.heads(heads);
      }
      if (window != null) {
        b.window(window);
      }
      if (classes != null) {
        b.classes(classes);
      }
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    return b.build();
  }

  /** {@code 224} or {@code 24x48}. */
  static int[] parseImageSize(String text) {
    String[] parts = text.split("x", -1);
    try {
      if (parts.length == 1) {
        int s = Integer.parseInt(parts[0]);
        if (s > 0) {
          return new int[] {s, s};
        }
      } else if (parts.length == 2) {
        int h = Integer.parseInt(parts[0]);
        int w = Integer.parseInt(parts[1]);
        if (h > 0 && w > 0) {
          return new int[] {h, w};
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CliException(
        "--image-size must be S or HxW with positive integers (got '"
            + io.github.winattn.diagnostics.UntrustedText.quote(text)
            + "')");
  }

  private int checkExpected(float[] logits, List<Long> want, PrintWriter pw) {
    return ExpectedTensor.check(
        expect, "logits", logits, want, List.of("output_f64", "output"), atol, rtol, pw);
  }

  private static void run(SwinModel model, float[] images, int batch, float[] logits, int n) {
    if (n == 1) {
      model.classify(images, 0, batch, logits, 0);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(n - 1);
    try {
      model.classifyParallel(images, 0, batch, logits, 0, pool, n);
    } finally {
      pool.shutdownNow();
    }
  }
}
