package io.github.winattn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule behind issue 7's file items, kept by a test: main code of every module writes files only
 * through {@code io.github.winattn.io.AtomicFiles}, so no new output can follow a symbolic link,
 * use a predictable temporary name or leave half a file.
 */
class FileWritesRuleTest {

  private static final List<String> MODULES =
      List.of("runtime", "generator", "maven-plugin", "cli", "benchmarks");
  private static final List<String> WRITES =
      List.of(
          "Files.write(",
          "Files.writeString(",
          "Files.newOutputStream(",
          "Files.newBufferedWriter(",
          "Files.createTempFile(",
          "Files.move(",
          "Files.copy(",
          "new FileOutputStream(",
          "new FileWriter(",
          "new RandomAccessFile(",
          "StandardOpenOption.CREATE",
          "StandardOpenOption.WRITE");
  private static final String HELPER =
      "runtime/src/main/java/io/github/winattn/io/AtomicFiles.java";

  @Test
  void onlyAtomicFilesWritesFiles() throws IOException {
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    for (String module : MODULES) {
      Path root = Path.of("..", module, "src", "main", "java");
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          scanned++;
          String rel = Path.of("..").relativize(f).toString().replace('\\', '/');
          if (rel.equals(HELPER)) {
            continue;
          }
          String text = Files.readString(f);
          for (String call : WRITES) {
            // "Files.write(" but not "AtomicFiles.write("
            Pattern p = Pattern.compile("(?<![\\w$])" + Pattern.quote(call));
            if (p.matcher(text).find()) {
              offenders.add(rel + " uses " + call);
            }
          }
        }
      }
    }
    assertTrue(scanned > 100, "found only " + scanned + " sources; run from the cli module");
    assertEquals(List.of(), offenders, "write files with io.github.winattn.io.AtomicFiles");
  }
}
