package io.github.winattn.generator.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The comment above each emitter method shows the Java it produces: each run of its lines between
 * elisions ({@code ...}), with trailing notes in parentheses after two spaces dropped, must occur
 * in some golden file, compared without whitespace (so wrapping does not matter). A comment that
 * drifts from the emitted code fails here.
 */
class EmitterCommentsTest {

  static final Path EMIT = Path.of("src/main/java/io/github/winattn/generator/emit");
  static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final Pattern METHOD = Pattern.compile("^\\s+(private |public )?static .*\\(.*");
  private static final Pattern NOTE = Pattern.compile("\\s{2,}\\([^)]*\\)$");

  /**
   * Whitespace removed; JavaPoet's three-line Javadoc of one line shown as {@code /** text *}{@code
   * /}.
   */
  static String squeeze(String text) {
    return text.replaceAll("/\\*\\*\\n\\s*\\* ([^\\n]*)\\n\\s*\\*/", "/** $1 */")
        .replaceAll("\\s+", "");
  }

  @Test
  void commentsAboveEmitterMethodsAreEmittedJava() throws IOException {
    List<String> golden = new ArrayList<>();
    try (Stream<Path> files = Files.list(GOLDEN)) {
      for (Path f : files.sorted().toList()) {
        golden.add(squeeze(Files.readString(f, StandardCharsets.UTF_8)));
      }
    }
    List<String> drifted = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> sources = Files.list(EMIT)) {
      for (Path f : sources.sorted().toList()) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          if (!METHOD.matcher(lines.get(i)).matches()) {
            continue;
          }
          int first = i;
          while (first > 0 && lines.get(first - 1).strip().startsWith("//")) {
            first--;
          }
          StringBuilder run = new StringBuilder();
          for (int c = first; c <= i; c++) {
            String text =
                c == i ? "..." : NOTE.matcher(lines.get(c).strip().substring(2)).replaceFirst("");
            String[] parts = text.split("\\.\\.\\.", -1);
            for (int k = 0; k < parts.length; k++) {
              run.append(parts[k]);
              if (k < parts.length - 1) {
                String squeezed = squeeze(run.toString());
                run.setLength(0);
                if (!squeezed.isEmpty()) {
                  checked++;
                  if (golden.stream().noneMatch(g -> g.contains(squeezed))) {
                    drifted.add(f.getFileName() + ":" + (first + 1) + ": " + squeezed);
                  }
                }
              }
            }
            run.append('\n');
          }
        }
      }
    }
    assertTrue(checked > 50, "checked only " + checked + " comment runs");
    assertTrue(
        drifted.isEmpty(), "comments that are not emitted Java:\n" + String.join("\n", drifted));
  }
}
