package io.github.winattn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.winattn.registry.KernelChoice;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.testing.Tolerance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class ForwardCommandTest {

  @TempDir Path tmp;

  /** Every committed case with the reference kernel and auto; generated choices where generated. */
  @TestFactory
  Stream<DynamicTest> reproducesThePyTorchOutputOfEveryVector() {
    List<VectorCases.Case> cases = VectorCases.all();
    assertTrue(cases.size() >= 15, "expected the 15 committed vectors, found " + cases);
    List<DynamicTest> tests = new ArrayList<>();
    for (VectorCases.Case c : cases) {
      for (KernelChoice k : KernelChoice.values()) {
        tests.add(dynamicTest(c.name() + " --kernel " + k.id(), () -> runCase(c, k)));
      }
    }
    return tests.stream();
  }

  private void runCase(VectorCases.Case c, KernelChoice k) {
    Path out = tmp.resolve(c.name() + "-" + k.id() + ".safetensors");
    List<String> args = new ArrayList<>(c.args());
    args.addAll(List.of("--out", out.toString(), "--kernel", k.id(), "--threads", "2"));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    boolean generated = k != KernelChoice.AUTO && k != KernelChoice.REFERENCE;
    if (generated && run.exit() != 0 && run.err().contains("no generated kernel for")) {
      // This shape is not in the generated catalogue: the documented one-line refusal.
      assertEquals(1, run.err().lines().count(), run.toString());
      assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
      return;
    }
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    float[] expected = VectorCases.tensor(c.io(), "output");
    float[] actual = VectorCases.tensor(out, "output");
    assertEquals(expected.length, actual.length, c.name());
    // tools/reference/README.md: 1e-5 for v1, Video Swin and temporal; Swin v2's logit scales
    // (up to 100) amplify rounding, 5e-5 there.
    double tol = c.meta().get("family").equals("swin_v2") ? 5e-5 : 1e-5;
    assertNull(
        Tolerance.compare(actual, expected, tol, tol), c.name() + " " + k.id() + " vs PyTorch");
    String summary = run.out().strip();
    assertEquals(1, summary.lines().count(), run.toString());
    assertTrue(summary.contains(" windows"), summary);
    if (k == KernelChoice.REFERENCE) {
      assertTrue(summary.contains("kernel reference"), summary);
    }
  }

  @Test
  void autoUsesAGeneratedKernelWhenTheShapeWasGenerated() {
    KernelRegistry shared = KernelRegistry.shared();
    for (VectorCases.Case c : VectorCases.all()) {
      Path out = tmp.resolve(c.name() + ".safetensors");
      List<String> args = new ArrayList<>(c.args());
      args.addAll(List.of("--out", out.toString()));
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(ExitCodes.OK, run.exit(), run.toString());
      boolean anyGenerated =
          shared.entries().stream().anyMatch(e -> run.out().startsWith(e.shape().describe() + ":"));
      assertEquals(anyGenerated, !run.out().contains("kernel reference"), run.toString());
    }
  }
}
