package io.github.winattn.testing;

import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.weights.AttentionWeights;
import io.github.winattn.weights.StateDictBinder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One feature-map vector of {@code runtime/src/test/resources/featuremap-vectors/<case>/} (written
 * by {@code tools/reference/make_featuremap_vectors.py}): the official block's attention path on a
 * whole map {@code (B, H, W, C)}, {@code (B, D, H, W, C)} or {@code (B, T, N, C)}.
 *
 * @param mapShape the input's shape without B and C
 */
public record FeatureMapVectorCase(
    String name,
    Path folder,
    AttentionShape shape,
    Map<String, String> metadata,
    AttentionWeights weights,
    int images,
    int[] mapShape,
    float[] input,
    float[] outputF32,
    double[] outputF64) {

  /** The committed feature-map vectors folder, from the working directory of any module. */
  public static Path vectorsFolder() {
    return VectorCase.vectorsFolder().resolveSibling("featuremap-vectors");
  }

  /** Every case, sorted by name. */
  public static List<FeatureMapVectorCase> all() {
    try (Stream<Path> folders = Files.list(vectorsFolder())) {
      return folders.filter(Files::isDirectory).sorted().map(FeatureMapVectorCase::load).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads one case folder. */
  public static FeatureMapVectorCase load(Path folder) {
    try (SafetensorsFile io = SafetensorsFile.open(folder.resolve("io.safetensors"));
        SafetensorsFile state = SafetensorsFile.open(folder.resolve("weights.safetensors"))) {
      Map<String, String> meta = io.metadata();
      AttentionShape shape = VectorCase.shapeOf(meta);
      AttentionWeights weights = StateDictBinder.bind(shape, state, meta.get("prefix"));
      List<Long> dims = io.shape("input");
      int[] map = new int[dims.size() - 2];
      for (int a = 0; a < map.length; a++) {
        map[a] = dims.get(a + 1).intValue();
      }
      return new FeatureMapVectorCase(
          folder.getFileName().toString(),
          folder,
          shape,
          meta,
          weights,
          dims.get(0).intValue(),
          map,
          io.readFloats("input"),
          io.readFloats("output"),
          io.readDoubles("output_f64"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The geometry the block computes from the map shape and its window and shift as given. */
  public FeatureMapGeometry geometry() {
    Family family = shape.family();
    if (family == Family.TEMPORAL) {
      return FeatureMapGeometry.temporal(mapShape[0], mapShape[1]);
    }
    if (family == Family.VIDEO_SWIN) {
      return FeatureMapGeometry.videoSwin(
          mapShape, axes(metadata.get("block_window")), axes(metadata.get("block_shift")));
    }
    return FeatureMapGeometry.swin(
        family,
        mapShape[0],
        mapShape[1],
        Integer.parseInt(metadata.get("block_window")),
        Integer.parseInt(metadata.get("block_shift")));
  }

  private static int[] axes(String text) {
    return java.util.Arrays.stream(text.split("x")).mapToInt(Integer::parseInt).toArray();
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
