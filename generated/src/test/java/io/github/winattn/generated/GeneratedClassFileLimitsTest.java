package io.github.winattn.generated;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.generator.verify.ClassFileMethods;
import io.github.winattn.generator.verify.MethodSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every method of every compiled class of the catalogue, static initialisers included, stays under
 * HotSpot's 8000-byte JIT limit (a bigger method is never compiled and runs ~30x slower), read from
 * the class files javac wrote; the fused feature-map entries of the preset stages, the window split
 * ({@code forwardSplit}, {@code forwardWindowSplit} and their helpers) and the MLP block kernels of
 * the Swin presets included.
 */
class GeneratedClassFileLimitsTest {

  static final int JIT_LIMIT = 8000;

  @Test
  void everyMethodIsJitCompilable() throws Exception {
    Path classes = Path.of("target/classes");
    assertTrue(Files.isDirectory(classes), "no compiled classes at " + classes.toAbsolutePath());
    List<MethodSize> sizes = ClassFileMethods.readTree(classes);
    long kernels;
    try (var files = Files.walk(classes)) {
      kernels = files.filter(p -> p.toString().endsWith("_Vector.class")).count();
    }
    assertTrue(kernels > 10, "found only " + kernels + " vector kernels below " + classes);
    assertTrue(
        sizes.stream().anyMatch(m -> m.method().startsWith("<clinit>")),
        "no static initialiser was read: the reader sees too little");
    for (String fused :
        List.of(
            "forwardWindow(",
            "forwardWindows(",
            "mapGroup(",
            "mapWindow(",
            "mapHead(",
            "regionTable(")) {
      assertTrue(
          sizes.stream().anyMatch(m -> m.method().startsWith(fused)),
          "no " + fused + ") was read: the fused feature-map entries are not covered");
    }
    for (String split :
        List.of("forwardSplit(", "forwardWindowSplit(", "splitLinear(", "splitMergeHeads(")) {
      assertTrue(
          sizes.stream().anyMatch(m -> m.method().startsWith(split)),
          "no " + split + ") was read: the window split is not covered");
    }
    for (String mlp : List.of("fc1Tile8(", "fc2Tile4(", "add(", "tile(")) {
      assertTrue(
          sizes.stream()
              .anyMatch(m -> m.className().contains("Mlp_") && m.method().startsWith(mlp)),
          "no " + mlp + ") of an MLP block kernel was read: they are not covered");
    }
    for (MethodSize m : sizes) {
      assertTrue(m.codeLength() < JIT_LIMIT, "over the JIT limit of " + JIT_LIMIT + " bytes: " + m);
    }
  }
}
