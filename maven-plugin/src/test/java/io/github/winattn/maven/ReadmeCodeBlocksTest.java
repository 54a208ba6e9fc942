package io.github.winattn.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java, XML, Kotlin and Python block of README.md is a region of a file the build compiles or
 * runs (examples/, or a module's sources), so the README cannot drift from code that works:
 * examples/maven is built by this module's integration tests, module sources by the build. A {@code
 * java excerpt} block (of a generated kernel) must have its lines, except {@code ...}, in order in
 * a golden file. The "Use it in your project" section shows whole files.
 */
class ReadmeCodeBlocksTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Set<String> CHECKED = Set.of("java", "xml", "kotlin", "python");

  record Block(int line, String info, List<String> lines) {}

  static List<Block> blocks(List<String> readme) {
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < readme.size(); i++) {
      if (readme.get(i).startsWith("```") && readme.get(i).length() > 3) {
        int start = i;
        List<String> body = new ArrayList<>();
        for (i++; !readme.get(i).equals("```"); i++) {
          body.add(readme.get(i));
        }
        out.add(new Block(start + 1, readme.get(start).substring(3).trim(), body));
      }
    }
    return out;
  }

  /** Source files a block may come from, by path relative to the root. */
  private static Map<String, List<String>> sources() throws IOException {
    Map<String, List<String>> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(ROOT)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String rel = ROOT.relativize(p).toString().replace('\\', '/');
        boolean wanted =
            rel.matches(".*\\.(java|xml|kts|py)")
                && (rel.startsWith("examples/") || rel.matches("[^/]+/src/(main|test)/.*"))
                && !rel.contains("/target/");
        if (wanted) {
          files.put(rel, Files.readAllLines(p));
        }
      }
    }
    return files;
  }

  private static int indent(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** Whether {@code block} equals {@code file} from line {@code at}, shifted by a common indent. */
  static boolean regionAt(List<String> file, int at, List<String> block) {
    int shift = indent(file.get(at)) - indent(block.get(0));
    if (shift < 0 || at + block.size() > file.size()) {
      return false;
    }
    String pad = " ".repeat(shift);
    for (int k = 0; k < block.size(); k++) {
      String f = file.get(at + k);
      String b = block.get(k);
      boolean same = b.isEmpty() ? f.isBlank() : f.equals(pad + b);
      if (!same) {
        return false;
      }
    }
    return true;
  }

  static boolean isRegion(List<String> file, List<String> block) {
    for (int at = 0; at < file.size(); at++) {
      if (regionAt(file, at, block)) {
        return true;
      }
    }
    return false;
  }

  static boolean inOrder(List<String> file, List<String> excerpt) {
    int at = 0;
    for (String line : excerpt) {
      if (line.strip().equals("...")) {
        continue;
      }
      while (at < file.size() && !file.get(at).equals(line)) {
        at++;
      }
      if (at == file.size()) {
        return false;
      }
      at++;
    }
    return true;
  }

  @Test
  void everyCodeBlockIsPartOfAFileTheBuildCompiles() throws IOException {
    List<Block> blocks = blocks(Files.readAllLines(ROOT.resolve("README.md")));
    Map<String, List<String>> sources = sources();
    assertTrue(sources.containsKey("examples/maven/pom.xml"), sources.keySet().toString());
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Block b : blocks) {
      String lang = b.info().split("\\s+")[0];
      if (!CHECKED.contains(lang)) {
        continue;
      }
      checked++;
      boolean found;
      if (b.info().endsWith("excerpt")) {
        found =
            sources.entrySet().stream().anyMatch(e -> inOrder(e.getValue(), b.lines()))
                || goldens().stream().anyMatch(g -> inOrder(g, b.lines()));
      } else {
        found = sources.values().stream().anyMatch(f -> isRegion(f, b.lines()));
      }
      if (!found) {
        problems.add(
            "README.md:"
                + b.line()
                + ": ```"
                + b.info()
                + " block starting '"
                + b.lines().get(0)
                + "' is not a region of any file under examples/ or */src/");
      }
    }
    assertTrue(checked >= 6, "expected the examples' blocks, found " + checked);
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems));
    }
  }

  private static List<List<String>> goldens() throws IOException {
    List<List<String>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("generator/src/test/resources/golden"))) {
      for (Path p : files.toList()) {
        out.add(Files.readAllLines(p));
      }
    }
    return out;
  }

  /** The user's section shows whole files, in the order a user needs them. */
  @Test
  void useItInYourProjectShowsTheWholeExampleFiles() throws IOException {
    List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
    List<Block> blocks = blocks(readme);
    String[] whole = {
      "examples/maven/pom.xml",
      "examples/maven/src/main/winattn/kernels.yaml",
      "examples/maven/src/main/java/com/example/attn/Main.java",
      "examples/pytorch/save_module.py",
      "examples/gradle/build.gradle.kts",
    };
    int last = -1;
    for (String rel : whole) {
      List<String> file = Files.readAllLines(ROOT.resolve(rel));
      Block b = blocks.stream().filter(x -> x.lines().equals(file)).findFirst().orElse(null);
      assertFalse(b == null, "README.md does not show " + rel + " whole");
      assertTrue(b.line() > last, rel + " is shown out of order");
      last = b.line();
    }
    String text = String.join("\n", readme);
    int install = text.indexOf("./mvnw -B install -DskipTests");
    assertTrue(install > 0 && install < text.indexOf("```xml"), "the install step comes first");
  }

  @Test
  void regionsMatchWithACommonIndentOnly() {
    List<String> file = List.of("class A {", "  void f() {", "    int x = 1;", "", "  }", "}");
    assertTrue(isRegion(file, List.of("void f() {", "  int x = 1;", "", "}")));
    assertFalse(isRegion(file, List.of("void f() {", "int x = 1;")));
    assertEquals(
        2, blocks(List.of("```java", "a", "```", "text", "```xml", "b", "c", "```")).size());
  }
}
