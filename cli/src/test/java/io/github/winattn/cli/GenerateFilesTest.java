package io.github.winattn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate} as a user hits it with odd files, folders and values. */
class GenerateFilesTest {

  private static final String CONFIG =
      """
      package: com.example.attn
      kernels:
        - {family: temporal, frames: 4, dim: 8, heads: 2}
      """;

  @TempDir Path tmp;

  private Path config(String text) throws Exception {
    return Files.writeString(tmp.resolve("kernels.yaml"), text);
  }

  private CliRun generate(Path config, Path out) {
    return CliRun.of("generate", "--config", config.toString(), "--out", out.toString());
  }

  /** The diagnostics after the summary line, which must name the configuration. */
  private static List<String> diagnostics(CliRun run, Path config) {
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    List<String> lines = run.err().lines().toList();
    assertTrue(
        lines.get(0).startsWith("winattn generate: error: " + config + ": "), run.toString());
    return lines.subList(1, lines.size());
  }

  private static void assertOneLineError(CliRun run, String expected) {
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    assertEquals(List.of("winattn generate: error: " + expected), run.err().lines().toList());
  }

  @Test
  void symbolicLinkPlantedAtTheCatalogsTemporaryNameIsNotFollowed() throws Exception {
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "keep");
    Path out = tmp.resolve("out");
    Path catalog = out.resolve("com/example/attn/AttnKernelCatalog.java");
    Files.createDirectories(catalog.getParent());
    Files.createSymbolicLink(catalog.resolveSibling("AttnKernelCatalog.java.tmp"), outside);
    CliRun run = generate(config(CONFIG), out);
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    assertEquals("keep", Files.readString(outside));
    assertTrue(Files.isRegularFile(catalog, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void configThatIsAFolderIsNamed() {
    assertEquals(
        List.of(
            tmp + ":1:1: cannot read the configuration: is a directory, not a" + " regular file"),
        diagnostics(generate(tmp, tmp.resolve("out")), tmp));
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void configThatIsAnEndlessDeviceIsRefusedAtOnce() {
    Path zero = Path.of("/dev/zero");
    assertEquals(
        List.of(
            "/dev/zero:1:1: cannot read the configuration: is a character device,"
                + " not a regular file"),
        diagnostics(generate(zero, tmp.resolve("out")), zero));
  }

  @Test
  void deeplyNestedConfigIsALocatedDiagnostic() throws Exception {
    Path config = config("package: a.b\nkernels: " + "[".repeat(2000) + "\n");
    assertEquals(
        List.of(config + ":2:73: lists and mappings are nested more than 64 levels" + " deep"),
        diagnostics(generate(config, tmp.resolve("out")), config));
  }

  @Test
  void packageOfTheJdkIsALocatedDiagnostic() throws Exception {
    for (String pkg :
        List.of(
            "java.lang",
            "java.util.concurrent",
            "sun.misc",
            "javax.x",
            "jdk.internal",
            "com.sun.proxy")) {
      Path config = config(CONFIG.replace("com.example.attn", pkg));
      String root = pkg.startsWith("com.sun") ? "com.sun" : pkg.substring(0, pkg.indexOf('.'));
      assertEquals(
          List.of(
              config
                  + ":1:10: package '"
                  + pkg
                  + "' is in "
                  + root
                  + ".*, which"
                  + " belongs to the JDK (as do java.*, javax.*, jdk.*, sun.*, com.sun.*); use your own,"
                  + " e.g. com.example.attention"),
          diagnostics(generate(config, tmp.resolve("out")), config));
    }
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void hexadecimalDimIsReadAsYamlSays() throws Exception {
    Path config = config(CONFIG.replace("dim: 8", "dim: 0x8"));
    CliRun run = CliRun.of("plan", "--config", config.toString());
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    assertTrue(run.out().contains("dim=8"), run.toString());
  }

  @Test
  void outThatIsAnExistingFileIsNamed() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertOneLineError(
        generate(config(CONFIG), file),
        "cannot write " + file + ": is a regular file, not a folder");
    assertOneLineError(
        generate(config(CONFIG), file.resolve("sub")),
        "cannot write " + file.resolve("sub") + ": " + file + " is a regular file, not a folder");
    assertEquals("x", Files.readString(file));
  }

  @Test
  void missingOutFolderIsCreated() throws Exception {
    Path out = tmp.resolve("a/b/c");
    CliRun run = generate(config(CONFIG), out);
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    assertTrue(Files.isDirectory(out.resolve("com/example/attn")));
  }

  @Test
  void usersOwnFileWithAGeneratedNameIsNotOverwritten() throws Exception {
    Path out = tmp.resolve("out");
    Path catalog = out.resolve("com/example/attn/AttnKernelCatalog.java");
    Files.createDirectories(catalog.getParent());
    Files.writeString(catalog, "// mine");
    assertOneLineError(
        generate(config(CONFIG), out),
        "cannot write "
            + catalog
            + ": exists but"
            + " was not written by the WinAttn generator ("
            + out.resolve(".winattn-stamp")
            + " does not list it); refusing to overwrite it: move it away or delete it");
    assertEquals("// mine", Files.readString(catalog));
  }
}
