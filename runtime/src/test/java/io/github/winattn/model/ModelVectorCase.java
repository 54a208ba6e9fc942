package io.github.winattn.model;

import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.testing.VectorCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One case of {@code runtime/src/test/resources/model-vectors/} (written by the model-ref tools):
 * {@code weights.safetensors} and {@code io.safetensors} whose metadata {@code config} is a flat
 * JSON object of numbers, strings, booleans and number lists.
 */
record ModelVectorCase(String name, Path folder, String config) {

  static Path vectors() {
    return VectorCase.vectorsFolder().resolveSibling("model-vectors");
  }

  static List<ModelVectorCase> all(String kind) {
    try (Stream<Path> folders = Files.list(vectors())) {
      return folders
          .filter(Files::isDirectory)
          .sorted()
          .map(ModelVectorCase::load)
          .filter(c -> c.text("kind").equals(kind))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ModelVectorCase load(Path folder) {
    try (SafetensorsFile io = SafetensorsFile.open(folder.resolve("io.safetensors"))) {
      return new ModelVectorCase(
          folder.getFileName().toString(), folder, io.metadata().get("config"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  SafetensorsFile weights() throws IOException {
    return SafetensorsFile.open(folder.resolve("weights.safetensors"));
  }

  SafetensorsFile io() throws IOException {
    return SafetensorsFile.open(folder.resolve("io.safetensors"));
  }

  private String raw(String key) {
    Matcher m =
        Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*(\\[[^\\]]*\\]|\"[^\"]*\"|[^,}]+)")
            .matcher(config);
    if (!m.find()) {
      throw new IllegalArgumentException(name + ": no " + key + " in " + config);
    }
    return m.group(1).trim();
  }

  boolean has(String key) {
    return config.contains("\"" + key + "\"");
  }

  String text(String key) {
    return raw(key).replace("\"", "");
  }

  int integer(String key) {
    return Integer.parseInt(raw(key));
  }

  double number(String key) {
    return Double.parseDouble(raw(key));
  }

  boolean bool(String key) {
    return Boolean.parseBoolean(raw(key));
  }

  int[] ints(String key) {
    String r = raw(key);
    String body = r.substring(1, r.length() - 1).trim();
    return body.isEmpty()
        ? new int[0]
        : Arrays.stream(body.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
  }

  List<Integer> list(String key) {
    return Arrays.stream(ints(key)).boxed().toList();
  }

  @Override
  public String toString() {
    return name;
  }
}
