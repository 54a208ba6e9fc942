package io.github.winattn.generator.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorFingerprintTest {

  @TempDir Path tmp;

  private Path classes(String name, byte[] bytes) throws IOException {
    Path dir = tmp.resolve(name);
    Path file = dir.resolve("io/github/winattn/generator/emit/Emitter.class");
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    Files.createDirectories(dir.resolve("other"));
    Files.write(dir.resolve("other/Unrelated.class"), new byte[] {9, 9});
    return dir;
  }

  private Path jar(String name, byte[] bytes, long time) throws IOException {
    Path jar = tmp.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out)) {
      JarEntry e = new JarEntry("io/github/winattn/generator/emit/Emitter.class");
      e.setLastModifiedTime(FileTime.fromMillis(time));
      j.putNextEntry(e);
      j.write(bytes);
      j.closeEntry();
    }
    return jar;
  }

  @Test
  void sameClassesGiveTheSameFingerprintWhateverTheirPackaging() throws IOException {
    byte[] code = {1, 2, 3, 4};
    String dir = GeneratorFingerprint.of(classes("a", code));
    assertEquals(16, dir.length());
    assertEquals(dir, GeneratorFingerprint.of(jar("one.jar", code, 1_000_000L)));
    assertEquals(
        dir,
        GeneratorFingerprint.of(jar("two.jar", code, 2_000_000_000L)),
        "a re-packaged jar (new timestamps) must not count as a new generator");
  }

  @Test
  void aChangedClassChangesTheFingerprint() throws IOException {
    assertNotEquals(
        GeneratorFingerprint.of(classes("a", new byte[] {1, 2, 3, 4})),
        GeneratorFingerprint.of(classes("b", new byte[] {1, 2, 3, 5})));
  }

  @Test
  void theRunningGeneratorHasAFingerprint() {
    String f = GeneratorFingerprint.ofRunningGenerator();
    assertTrue(f.matches("[0-9a-f]{16}"), f);
    assertTrue(KernelBackend.standard().version().endsWith("+" + f));
  }
}
