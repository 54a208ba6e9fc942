package io.github.winattn.generator.incremental;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.generator.GeneratedFile;
import io.github.winattn.generator.config.ConfigException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelBuildTest {

  private static final String TWO =
      """
      package: com.example.attn
      kernels:
        - {family: swin_v1, window: 7x5, dim: 32, heads: 2}
        - {family: temporal, frames: 8, dim: 16, heads: 2}
      """;
  private static final String ONE =
      """
      package: com.example.attn
      kernels:
        - {family: temporal, frames: 8, dim: 16, heads: 2}
      """;

  @TempDir Path dir;
  private Path config;
  private Path sources;
  private Path resources;
  private final FakeBackend backend = new FakeBackend();
  private final KernelBuild build = new KernelBuild(backend);

  @BeforeEach
  void setUp() throws IOException {
    config = dir.resolve("kernels.yaml");
    sources = dir.resolve("out/java");
    resources = dir.resolve("out/resources");
    Files.writeString(config, TWO);
  }

  private BuildResult run() throws Exception {
    return build.run(config, sources, resources, BuildOptions.defaults());
  }

  private Path swinSource() {
    return sources.resolve("com/example/attn/K_swin_v1_7x5_32.java");
  }

  private Path temporalSource() {
    return sources.resolve("com/example/attn/K_temporal_8_16.java");
  }

  private Path services() {
    return resources.resolve("META-INF/services/io.github.winattn.kernel.KernelCatalog");
  }

  /** Every file below {@code root} with its bytes, for whole-tree comparisons. */
  private static Map<String, byte[]> tree(Path root) throws IOException {
    Map<String, byte[]> all = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        all.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return all;
  }

  private void age(Path... files) throws IOException {
    for (Path f : files) {
      Files.setLastModifiedTime(f, FileTime.fromMillis(0));
    }
  }

  @Test
  void firstBuildWritesSourcesServiceFileAndStamp() throws Exception {
    BuildResult r = run();
    assertFalse(r.upToDate());
    assertEquals(2, r.kernels());
    assertEquals(List.of(swinSource(), temporalSource(), services()), r.written());
    assertTrue(Files.isRegularFile(sources.resolve(Stamp.FILE_NAME)));
    assertEquals(
        "2 kernels generated (3 files written, 0 unchanged, 0 stale deleted)", r.summary());
  }

  @Test
  void secondBuildWithSameInputsDoesNothing() throws Exception {
    run();
    age(swinSource(), temporalSource(), services(), sources.resolve(Stamp.FILE_NAME));
    BuildResult r = run();
    assertTrue(r.upToDate());
    assertEquals(2, r.kernels());
    assertEquals(1, backend.calls, "the generator must not run again");
    for (Path p :
        List.of(swinSource(), temporalSource(), services(), sources.resolve(Stamp.FILE_NAME))) {
      assertEquals(FileTime.fromMillis(0), Files.getLastModifiedTime(p), p + " was rewritten");
    }
    assertEquals(
        "2 kernels up to date (configuration, options and generator unchanged)", r.summary());
  }

  @Test
  void removedShapeIsDeletedAndForeignFilesSurvive() throws Exception {
    run();
    Path mine = sources.resolve("com/example/attn/Handwritten.java");
    Files.writeString(mine, "class Handwritten {}");
    age(temporalSource());
    Files.writeString(config, ONE);
    BuildResult r = run();
    assertFalse(r.upToDate());
    assertEquals(1, r.kernels());
    assertEquals(List.of(swinSource()), r.deleted());
    assertEquals(List.of(services()), r.written(), "only the changed service file is rewritten");
    assertEquals(1, r.unchanged());
    assertFalse(Files.exists(swinSource()));
    assertTrue(Files.exists(mine), "a file the build did not write must survive");
    assertEquals(FileTime.fromMillis(0), Files.getLastModifiedTime(temporalSource()));
  }

  @Test
  void staleDirectoriesAreRemovedWhenEmpty() throws Exception {
    run();
    Files.writeString(config, TWO.replace("com.example.attn", "org.other"));
    BuildResult r = run();
    assertEquals(2, r.deleted().size());
    assertFalse(Files.exists(sources.resolve("com")), "empty package directories are pruned");
    assertTrue(Files.exists(sources.resolve("org/other/K_temporal_8_16.java")));
  }

  @Test
  void newGeneratorVersionRegeneratesButRewritesNothingEqual() throws Exception {
    run();
    backend.version = "2";
    BuildResult r = run();
    assertFalse(r.upToDate());
    assertEquals(2, backend.calls);
    assertEquals(List.of(), r.written());
    assertEquals(3, r.unchanged());
    assertTrue(run().upToDate());
  }

  @Test
  void packageOverrideIsAnInput() throws Exception {
    run();
    BuildResult r =
        build.run(config, sources, resources, BuildOptions.defaults().withPackage("x.y"));
    assertFalse(r.upToDate());
    assertTrue(Files.exists(sources.resolve("x/y/K_temporal_8_16.java")));
    assertFalse(Files.exists(temporalSource()));
  }

  @Test
  void deletedOutputIsRegenerated() throws Exception {
    run();
    Files.delete(temporalSource());
    BuildResult r = run();
    assertFalse(r.upToDate());
    assertEquals(List.of(temporalSource()), r.written());
  }

  @Test
  void forceRegeneratesWithoutRewriting() throws Exception {
    run();
    BuildResult r = build.run(config, sources, resources, BuildOptions.defaults().withForce(true));
    assertFalse(r.upToDate());
    assertEquals(List.of(), r.written());
  }

  @Test
  void identicalInputsGiveIdenticalBytes() throws Exception {
    run();
    Path other = dir.resolve("other");
    build.run(config, other.resolve("java"), other.resolve("resources"), BuildOptions.defaults());
    Map<String, byte[]> a = tree(dir.resolve("out"));
    Map<String, byte[]> b = tree(other);
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k), b.get(k), k);
    }
  }

  @Test
  void invalidConfigurationLeavesTheOutputAlone() throws Exception {
    run();
    Map<String, byte[]> before = tree(dir.resolve("out"));
    Files.writeString(config, TWO.replace("heads: 2}", "heads: 3}"));
    ConfigException e = assertThrows(ConfigException.class, this::run);
    assertEquals(2, e.diagnostics().size());
    assertTrue(
        e.diagnostics()
            .get(0)
            .toString()
            .endsWith("kernels.yaml:3:52: heads must divide dim (32 % 3 != 0)"),
        e.diagnostics().get(0).toString());
    Map<String, byte[]> after = tree(dir.resolve("out"));
    assertEquals(before.keySet(), after.keySet());
    assertEquals(1, backend.calls);
  }

  @Test
  void missingConfigurationNamesTheFile() {
    Path absent = dir.resolve("nope.yaml");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> build.run(absent, sources, resources, BuildOptions.defaults()));
    assertEquals(
        absent + ":1:1: configuration file not found (expected at " + absent.toAbsolutePath() + ")",
        e.diagnostics().get(0).toString());
  }

  @Test
  void aFileProducedTwiceIsAnInternalFault() {
    backend.extra = List.of(new GeneratedFile("com/example/attn/K_temporal_8_16.java", "x", false));
    IllegalStateException e = assertThrows(IllegalStateException.class, this::run);
    assertEquals(
        "generator produced 'com/example/attn/K_temporal_8_16.java' twice", e.getMessage());
  }

  @Test
  void sameDirectoryForSourcesAndResources() throws Exception {
    Path out = dir.resolve("single");
    BuildResult r = build.run(config, out, out, BuildOptions.defaults());
    assertEquals(3, r.written().size());
    assertTrue(
        Files.exists(out.resolve("META-INF/services/io.github.winattn.kernel.KernelCatalog")));
    assertTrue(build.run(config, out, out, BuildOptions.defaults()).upToDate());
  }

  @Test
  void symbolicLinkAtTheOldTemporaryNameIsNeverFollowed() throws Exception {
    Path outside = Files.writeString(dir.resolve("outside.txt"), "keep");
    Files.createDirectories(swinSource().getParent());
    Files.createSymbolicLink(
        swinSource().resolveSibling(swinSource().getFileName() + ".tmp"), outside);
    run();
    assertEquals("keep", Files.readString(outside));
    assertTrue(Files.isRegularFile(swinSource(), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void symbolicLinkAtAnOutputIsRefusedNotReplaced() throws Exception {
    Path outside = Files.writeString(dir.resolve("outside.txt"), "keep");
    Files.createDirectories(swinSource().getParent());
    Files.createSymbolicLink(swinSource(), outside);
    FileSystemException e = assertThrows(FileSystemException.class, this::run);
    assertEquals(
        swinSource() + ": is a symbolic link; only a regular file is replaced", e.getMessage());
    assertEquals("keep", Files.readString(outside));
    assertTrue(Files.isSymbolicLink(swinSource()));
  }

  @Test
  void symbolicLinkToAFolderBelowTheRootIsRefused() throws Exception {
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Files.createDirectories(sources);
    Files.createSymbolicLink(sources.resolve("com"), elsewhere);
    FileSystemException e = assertThrows(FileSystemException.class, this::run);
    assertTrue(
        e.getMessage()
            .startsWith(sources.resolve("com") + ": is a symbolic link, not a" + " folder"),
        e.getMessage());
    try (Stream<Path> s = Files.list(elsewhere)) {
      assertEquals(0, s.count(), "nothing is written outside the output roots");
    }
  }

  /** Every file below the output, the stamp included, and every folder, for before/after checks. */
  private Map<String, byte[]> everything() throws IOException {
    Map<String, byte[]> all = new TreeMap<>(tree(dir.resolve("out")));
    try (Stream<Path> s = Files.walk(dir.resolve("out"))) {
      s.filter(Files::isDirectory).forEach(d -> all.put(dir.relativize(d) + "/", new byte[0]));
    }
    return all;
  }

  private static void assertSameTree(Map<String, byte[]> before, Map<String, byte[]> after) {
    assertEquals(before.keySet(), after.keySet());
    for (String k : before.keySet()) {
      assertArrayEquals(before.get(k), after.get(k), k);
    }
  }

  @Test
  void failedWriteHalfwayLeavesThePreviousOutputAndStampSoStaleFilesAreStillCleaned()
      throws Exception {
    run();
    Map<String, byte[]> before = everything();
    Files.writeString(config, ONE);
    // a folder name no file system accepts: fails while the files are being written
    backend.extra =
        List.of(new GeneratedFile("com/example/" + "d".repeat(300) + "/X.java", "x", false));
    assertThrows(IOException.class, this::run);
    assertSameTree(before, everything());
    backend.extra = List.of();
    BuildResult r = run();
    assertEquals(List.of(swinSource()), r.deleted(), "the kernel removed from the configuration");
    assertFalse(Files.exists(swinSource()));
  }

  @Test
  void tooLongFileNameFailsBeforeAnythingIsWritten() throws Exception {
    run();
    Map<String, byte[]> before = everything();
    Files.writeString(config, ONE);
    backend.extra =
        List.of(new GeneratedFile("com/example/attn/" + "K".repeat(3000) + ".java", "x", false));
    FileSystemException e = assertThrows(FileSystemException.class, this::run);
    assertTrue(
        e.getMessage()
            .endsWith("the file name is 3005 bytes long, more than the 255 file systems allow"),
        e.getMessage());
    assertSameTree(before, everything());
  }

  @Test
  void firstBuildRefusesToOverwriteAFileItDidNotWrite() throws Exception {
    Files.createDirectories(temporalSource().getParent());
    Files.writeString(temporalSource(), "my own work");
    FileSystemException e = assertThrows(FileSystemException.class, this::run);
    assertEquals(
        temporalSource()
            + ": exists but was not written by the WinAttn generator ("
            + sources.resolve(Stamp.FILE_NAME)
            + " does not list it); refusing to overwrite it: move"
            + " it away or delete it",
        e.getMessage());
    assertEquals("my own work", Files.readString(temporalSource()));
    assertFalse(Files.exists(swinSource()), "nothing is written when one file is refused");
    assertFalse(Files.exists(sources.resolve(Stamp.FILE_NAME)));
    assertFalse(Files.exists(resources));
  }

  @Test
  void identicalOutputOfABuildWhoseStampIsGoneIsAdopted() throws Exception {
    run();
    Files.delete(sources.resolve(Stamp.FILE_NAME));
    BuildResult r = run();
    assertEquals(List.of(), r.written());
    assertEquals(3, r.unchanged());
    Files.writeString(config, ONE);
    assertEquals(List.of(swinSource()), run().deleted(), "adopted files are the build's own");
  }

  @Test
  void staleFilesBehindALinkedFolderAreNotDeleted() throws Exception {
    run();
    Path elsewhere = dir.resolve("elsewhere");
    Files.move(sources.resolve("com"), elsewhere);
    Files.createSymbolicLink(sources.resolve("com"), elsewhere);
    Files.writeString(config, TWO.replace("com.example.attn", "org.other"));
    BuildResult r = run();
    assertEquals(List.of(), r.deleted().stream().filter(p -> p.startsWith(sources)).toList());
    assertTrue(
        Files.exists(elsewhere.resolve("example/attn/K_temporal_8_16.java")),
        "nothing outside the roots is deleted");
  }
}
