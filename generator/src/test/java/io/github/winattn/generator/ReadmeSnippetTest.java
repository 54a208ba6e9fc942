package io.github.winattn.generator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "Inside the generator" snippet, compiled and run (ReadmeCodeBlocksTest in
 * maven-plugin checks that the README shows exactly these lines).
 */
class ReadmeSnippetTest {

  @Test
  void generatorSnippetCompilesAndRuns() {
    AttentionShape shape = AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3).build();
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      KernelGenerator g = new KernelGenerator();
      KernelSpec spec = KernelSpec.of(shape, /* masked */ true);
      g.unsupportedReason(spec); // Optional.empty() or why not
      System.out.print(g.describePlan(spec)); // debug dump of every decision (CLI: winattn plan)
      List<GeneratedFile> files = g.generate("com.acme.attn", List.of(spec));

      assertTrue(g.unsupportedReason(spec).isEmpty());
      assertTrue(
          files.stream()
              .anyMatch(
                  f -> f.relativePath().endsWith("com/acme/attn/SwinV1_w7x7_h3_d96_Vector.java")),
          files.stream().map(GeneratedFile::relativePath).toList().toString());
    } finally {
      System.setOut(stdout);
    }
    assertTrue(printed.size() > 0, "describePlan printed nothing");
  }
}
