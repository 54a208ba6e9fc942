package io.github.winattn.generator.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hostile configuration files end in a located diagnostic, never a crash or a long read. */
class ConfigBoundsTest {

  @TempDir Path dir;

  private final ConfigLoader loader = new ConfigLoader(ConfigLoaderTest::fakeSupport);

  private List<String> problems(Path file) {
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(file, ""));
    return e.diagnostics().stream().map(Diagnostic::toString).toList();
  }

  @Test
  void deeplyNestedListsAreADiagnosticNotAStackOverflow() throws Exception {
    Path file = dir.resolve("kernels.yaml");
    Files.writeString(file, "package: a.b\nkernels: " + "[".repeat(2000) + "]".repeat(2000) + "\n");
    assertEquals(
        List.of(
            file
                + ":2:"
                + (9 + ConfigLoader.MAX_DEPTH)
                + ": lists and mappings are nested more than 64 levels deep"),
        problems(file));
  }

  @Test
  void deeplyNestedUnclosedMappingsAreADiagnostic() throws Exception {
    Path file = dir.resolve("kernels.yaml");
    Files.writeString(file, "{a: ".repeat(100_000));
    assertEquals(
        List.of(
            file
                + ":1:"
                + (4 * ConfigLoader.MAX_DEPTH + 1)
                + ": lists and mappings are nested more than 64 levels deep"),
        problems(file));
  }

  @Test
  void deeplyIndentedBlockMappingsAreADiagnostic() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      text.append(" ".repeat(i)).append("k:\n");
    }
    List<String> p =
        assertThrows(ConfigException.class, () -> loader.parse("k.yaml", text.toString(), ""))
            .diagnostics()
            .stream()
            .map(Diagnostic::toString)
            .toList();
    assertEquals(
        List.of("k.yaml:65:65: lists and mappings are nested more than 64 levels deep"), p);
  }

  @Test
  void nestingUpToTheLimitIsFine() throws Exception {
    // 2 levels (top mapping, kernels list) + 62 nested lists = 64: a type error, not a depth one
    String text = "package: a.b\nkernels: " + "[".repeat(62) + "]".repeat(62) + "\n";
    List<String> p =
        assertThrows(ConfigException.class, () -> loader.parse("k.yaml", text, ""))
            .diagnostics()
            .stream()
            .map(Diagnostic::toString)
            .toList();
    assertEquals(
        List.of("k.yaml:2:11: kernel #1 must be a mapping (key: value lines), got a list"), p);
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void endlessDeviceIsRefusedWithoutReading() {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero));
    assertEquals(
        List.of(
            "/dev/zero:1:1: cannot read the configuration: is a character device,"
                + " not a regular file"),
        problems(zero));
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void sparseHugeFileIsRefusedBeforeReading() throws Exception {
    Path file = dir.resolve("kernels.yaml");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(3L << 30); // sparse: no disk space used
    }
    assertEquals(
        List.of(
            file
                + ":1:1: the file is 3221225472 bytes, more than the limit of"
                + " 1048576 bytes (1 MiB) for a configuration"),
        problems(file));
  }

  @Test
  void oneByteOverTheLimitIsRefused() throws Exception {
    Path file = dir.resolve("kernels.yaml");
    Files.write(file, new byte[ConfigFiles.MAX_BYTES + 1]);
    assertEquals(
        List.of(
            file
                + ":1:1: the file is 1048577 bytes, more than the limit of"
                + " 1048576 bytes (1 MiB) for a configuration"),
        problems(file));
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void fifoAndFolderAreNamed() throws Exception {
    assertEquals(
        List.of(
            dir + ":1:1: cannot read the configuration: is a directory, not a" + " regular file"),
        problems(dir));
    Path fifo = dir.resolve("fifo.yaml");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assumeTrue(p.waitFor() == 0, "mkfifo is needed for this test");
    assertEquals(
        List.of(
            fifo
                + ":1:1: cannot read the configuration: is a FIFO (named pipe), not"
                + " a regular file"),
        problems(fifo));
  }

  @Test
  void missingFileIsNamed() {
    Path none = dir.resolve("none.yaml");
    assertEquals(
        List.of(
            none
                + ":1:1: configuration file not found (expected at "
                + none.toAbsolutePath()
                + ")"),
        problems(none));
  }

  @Test
  void classNameTooLongForAFileNameIsALocatedDiagnostic() {
    String text =
        "package: a.b\nkernels:\n  - {family: temporal, frames: 8, dim: 16, heads: 2,"
            + " class: "
            + "K".repeat(3000)
            + "}\n";
    List<String> p =
        assertThrows(ConfigException.class, () -> loader.parse("k.yaml", text, ""))
            .diagnostics()
            .stream()
            .map(Diagnostic::toString)
            .toList();
    assertEquals(
        List.of(
            "k.yaml:3:61: class name 'KKKKKKKKKKKKKKKKKKKK...' is 3000 characters"
                + " long; at most 200 fit in a file name"),
        p);
    String fits = text.replace("K".repeat(3000), "K".repeat(200));
    assertDoesNotThrow(() -> loader.parse("k.yaml", fits, ""));
  }

  @Test
  void packagePartTooLongForAFolderNameIsALocatedDiagnostic() {
    String text =
        "package: a."
            + "p".repeat(256)
            + "\nkernels:\n"
            + "  - {family: temporal, frames: 8, dim: 16, heads: 2}\n";
    List<String> p =
        assertThrows(ConfigException.class, () -> loader.parse("k.yaml", text, ""))
            .diagnostics()
            .stream()
            .map(Diagnostic::toString)
            .toList();
    assertEquals(
        List.of(
            "k.yaml:1:10: package part 'pppppppppppppppppppp...' is 256 characters"
                + " long; at most 200 fit in a file name"),
        p);
  }
}
