package io.github.winattn.cli;

import io.github.winattn.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The committed PyTorch vectors of the runtime module, as {@code winattn forward} arguments. */
final class VectorCases {

  static final Path ROOT = Path.of("../runtime/src/test/resources/vectors");

  /** One case: its folder and the metadata of its {@code io.safetensors}. */
  record Case(String name, Path dir, Map<String, String> meta) {
    Path weights() {
      return dir.resolve("weights.safetensors");
    }

    Path io() {
      return dir.resolve("io.safetensors");
    }

    /** {@code forward} arguments for this case, without --out and --kernel. */
    List<String> args() {
      List<String> a =
          new ArrayList<>(
              List.of(
                  "forward",
                  "--family",
                  meta.get("family"),
                  "--window",
                  meta.get("window"),
                  "--heads",
                  meta.get("heads"),
                  "--weights",
                  weights().toString(),
                  "--input",
                  io().toString()));
      if (!meta.get("qk_scale").equals("0")) {
        a.addAll(List.of("--qk-scale", meta.get("qk_scale")));
      }
      if (meta.get("with_qkv").equals("false")) {
        a.add("--no-qkv");
      }
      if (!meta.get("effective_window").equals(meta.get("window"))) {
        a.addAll(List.of("--effective-window", meta.get("effective_window")));
      }
      if (!meta.get("pretrained_window").isEmpty()) {
        a.addAll(List.of("--pretrained-window", meta.get("pretrained_window")));
      }
      if (!meta.get("prefix").isEmpty()) {
        a.addAll(List.of("--prefix", meta.get("prefix")));
      }
      return a;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private VectorCases() {}

  static List<Case> all() {
    try (Stream<Path> dirs = Files.list(ROOT)) {
      List<Case> cases = new ArrayList<>();
      for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
        try (SafetensorsFile io = SafetensorsFile.open(d.resolve("io.safetensors"))) {
          cases.add(new Case(d.getFileName().toString(), d, Map.copyOf(io.metadata())));
        }
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the vectors under " + ROOT.toAbsolutePath(), e);
    }
  }

  static Case named(String name) {
    return all().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no vector case " + name));
  }

  static float[] tensor(Path file, String name) {
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      return f.readFloats(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
