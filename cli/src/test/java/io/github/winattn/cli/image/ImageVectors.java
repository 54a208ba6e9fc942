package io.github.winattn.cli.image;

import io.github.winattn.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The cases of {@code src/test/resources/image-vectors}, written by {@code
 * tools/reference/make_image_vectors.py}: Pillow's crop and torchvision's tensor per case, Pillow's
 * decoded pixels per image.
 */
final class ImageVectors {

  static final Path ROOT = Path.of("src", "test", "resources", "image-vectors");

  /** One case: an image file, the transform, and what Pillow and torchvision made of it. */
  record Case(
      String name,
      String image,
      EvalTransform transform,
      EvalTransform.Geometry geometry,
      int sourceHeight,
      int sourceWidth,
      RgbImage crop,
      Optional<float[]> expected) {

    Path imagePath() {
      return ROOT.resolve("images").resolve(image);
    }

    boolean isJpeg() {
      return image.endsWith(".jpg");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private ImageVectors() {}

  static List<Case> all() {
    try (Stream<Path> files = Files.list(ROOT)) {
      List<Case> cases = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList()) {
        cases.add(read(f));
      }
      if (cases.size() < 10) {
        throw new AssertionError("only " + cases.size() + " cases under " + ROOT.toAbsolutePath());
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Case named(String name) {
    return all().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no image case " + name));
  }

  private static Case read(Path file) throws IOException {
    String name = file.getFileName().toString().replace(".safetensors", "");
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      String config = f.metadata().get("config");
      int height = intOf(config, "height");
      int width = intOf(config, "width");
      double cropPct = Double.parseDouble(group(config, "\"crop_pct\": ([0-9.]+)", 1));
      int[] resize = pair(config, "resize");
      int[] offset = pair(config, "crop_offset");
      int[] source = pair(config, "source");
      RgbImage crop = RgbImage.of(width, height, bytes(f, "crop"));
      Optional<float[]> expected =
          f.contains("expected") ? Optional.of(f.readFloats("expected")) : Optional.empty();
      return new Case(
          name,
          group(config, "\"image\": \"([^\"]+)\"", 1),
          new EvalTransform(height, width, cropPct),
          new EvalTransform.Geometry(resize[0], resize[1], offset[0], offset[1]),
          source[0],
          source[1],
          crop,
          expected);
    }
  }

  /** Pillow's decoded RGB of {@code image} (e.g. {@code photo.jpg}). */
  static RgbImage pixels(String image) {
    Path file = ROOT.resolve("pixels").resolve(image.replace('.', '_') + ".safetensors");
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      List<Long> shape = f.shape("pixels");
      return RgbImage.of(shape.get(1).intValue(), shape.get(0).intValue(), bytes(f, "pixels"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(SafetensorsFile f, String name) {
    long[] values = f.readLongs(name);
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static int intOf(String json, String key) {
    return Integer.parseInt(group(json, "\"" + key + "\": (\\d+)", 1));
  }

  private static int[] pair(String json, String key) {
    String pattern = "\"" + key + "\": \\[(\\d+), (\\d+)\\]";
    return new int[] {
      Integer.parseInt(group(json, pattern, 1)), Integer.parseInt(group(json, pattern, 2))
    };
  }

  private static String group(String json, String pattern, int group) {
    Matcher m = Pattern.compile(pattern).matcher(json);
    if (!m.find()) {
      throw new AssertionError("no " + pattern + " in " + json);
    }
    return m.group(group);
  }

  /** The largest difference between two images' samples, in levels. */
  static int maxLevelDifference(RgbImage a, RgbImage b) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new AssertionError(a + " vs " + b);
    }
    byte[] x = a.toBytes();
    byte[] y = b.toBytes();
    int max = 0;
    for (int i = 0; i < x.length; i++) {
      max = Math.max(max, Math.abs((x[i] & 0xFF) - (y[i] & 0xFF)));
    }
    return max;
  }

  /** The first sample where two images differ, described, or empty. */
  static String firstDifference(RgbImage actual, RgbImage expected) {
    for (int y = 0; y < expected.height(); y++) {
      for (int x = 0; x < expected.width(); x++) {
        for (int c = 0; c < 3; c++) {
          if (actual.sample(x, y, c) != expected.sample(x, y, c)) {
            return "first difference at (x "
                + x
                + ", y "
                + y
                + ", channel "
                + c
                + "): "
                + actual.sample(x, y, c)
                + " vs Pillow's "
                + expected.sample(x, y, c)
                + "; max "
                + maxLevelDifference(actual, expected)
                + " levels";
          }
        }
      }
    }
    return "";
  }
}
