package io.github.winattn.testing;

import io.github.winattn.kernel.Mask;
import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.weights.AttentionWeights;
import io.github.winattn.weights.StateDictBinder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One PyTorch test vector of {@code runtime/src/test/resources/vectors/<case>/} (written by {@code
 * tools/reference/make_vectors.py}): the module's state dict, its input, mask and outputs. Shared
 * with other modules' tests through the runtime test jar.
 */
public record VectorCase(
    String name,
    Path folder,
    AttentionShape shape,
    Map<String, String> metadata,
    AttentionWeights weights,
    float[] input,
    Mask mask,
    float[] outputF32,
    double[] outputF64,
    int windows) {

  /** The committed vectors, found from the working directory of any module of the reactor. */
  public static Path vectorsFolder() {
    for (Path p :
        List.of(
            Paths.get("src/test/resources/vectors"),
            Paths.get("../runtime/src/test/resources/vectors"),
            Paths.get("runtime/src/test/resources/vectors"))) {
      if (Files.isDirectory(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "runtime/src/test/resources/vectors not found from " + Paths.get("").toAbsolutePath());
  }

  /** Every case folder, sorted by name. */
  public static List<VectorCase> all() {
    try (Stream<Path> folders = Files.list(vectorsFolder())) {
      return folders.filter(Files::isDirectory).sorted().map(VectorCase::load).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads one case folder. */
  public static VectorCase load(Path folder) {
    try (SafetensorsFile io = SafetensorsFile.open(folder.resolve("io.safetensors"));
        SafetensorsFile state = SafetensorsFile.open(folder.resolve("weights.safetensors"))) {
      Map<String, String> meta = io.metadata();
      AttentionShape shape = shapeOf(meta);
      AttentionWeights weights = StateDictBinder.bind(shape, state, meta.get("prefix"));
      float[] input = io.readFloats("input");
      Mask mask = Mask.NONE;
      if (io.contains("mask")) {
        float[] m = io.readFloats("mask");
        mask = Mask.of(m, m.length / (shape.tokens() * shape.tokens()));
      }
      int windows = input.length / (shape.tokens() * shape.dim());
      return new VectorCase(
          folder.getFileName().toString(),
          folder,
          shape,
          meta,
          weights,
          input,
          mask,
          io.readFloats("output"),
          io.readDoubles("output_f64"),
          windows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shape the metadata describes. */
  public static AttentionShape shapeOf(Map<String, String> meta) {
    Family family = Family.fromId(meta.get("family"));
    Window window = Window.parse(meta.get("window"));
    AttentionShape.Builder b =
        AttentionShape.builder(
                family,
                window,
                Integer.parseInt(meta.get("dim")),
                Integer.parseInt(meta.get("heads")))
            .effectiveWindow(Window.parse(meta.get("effective_window")))
            .qkvBias(Boolean.parseBoolean(meta.get("qkv_bias")))
            .qkScale(Float.parseFloat(meta.get("qk_scale")))
            .withQkv(Boolean.parseBoolean(meta.get("with_qkv")));
    String pretrained = meta.getOrDefault("pretrained_window", "");
    if (!pretrained.isEmpty()) {
      b.pretrainedWindow(Window.parse(pretrained));
    }
    return b.build();
  }

  /** Largest {@code |out - output_f64|} ({@link Tolerance#maxErrorVsF64}). */
  public double maxErrorVsF64(float[] out) {
    return Tolerance.maxErrorVsF64(out, outputF64);
  }

  /** The float64 tolerance stated in the tests ({@link Tolerance#vsF64}). */
  public double toleranceVsF64() {
    return Tolerance.vsF64(shape.family());
  }

  @Override
  public String toString() {
    return name;
  }
}
