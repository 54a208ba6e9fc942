package io.github.winattn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareCommandTest {

  @Test
  void aCorrectKernelIsWithinTolerance() {
    CliRun run =
        CliRun.of(
            TestKernels.context(true),
            "compare",
            "--shape",
            "window=2x3",
            "--budget-ms",
            "20",
            "--plain");
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    String[] lines = run.out().split("\\R");
    assertTrue(lines[0].startsWith("| shape"), run.toString());
    long rows = run.out().lines().filter(l -> l.startsWith("| swin_v1 window=2x3")).count();
    assertEquals(2, rows, "vector and plain rows\n" + run);
    List<String> row = cells(run.out(), "test-generated");
    assertEquals("swin_v1 window=2x3 dim=8 heads=2 qkv_bias=true masked", row.get(0));
    assertEquals("8", row.get(2), "2 images of 4 shifted windows");
    assertEquals("ok", row.get(4));
    assertTrue(run.out().contains("all 2 kernels within tolerance"), run.toString());
    assertTrue(run.out().contains("JMH"), run.toString());
    assertTrue(run.err().contains("[1/1] swin_v1 window=2x3 dim=8 heads=2"), run.toString());
  }

  @Test
  void aWrongKernelFailsWithItsErrorAndExitCode() {
    CliRun run = CliRun.of(TestKernels.context(true), "compare", "--budget-ms", "5");
    assertEquals(ExitCodes.OUT_OF_TOLERANCE, run.exit(), run.toString());
    List<String> skewed = cells(run.out(), "test-skewed");
    assertEquals(List.of("1.00e-02", "FAIL"), skewed.subList(3, 5), run.toString());
    assertEquals("ok", cells(run.out(), "test-generated").get(4), run.toString());
    assertTrue(run.out().contains("1 of 2 kernels OUT OF TOLERANCE"), run.toString());
  }

  @Test
  void withoutTheVectorModuleOnlyThePlainVariantRunsAndTheFlagIsNamed() {
    CliRun run =
        CliRun.of(
            TestKernels.context(false), "compare", "--shape", "window=2x3", "--budget-ms", "5");
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    assertTrue(run.err().contains("--add-modules jdk.incubator.vector"), run.toString());
    assertEquals(
        1, run.out().lines().filter(l -> l.startsWith("| swin_v1")).count(), run.toString());
  }

  @Test
  void anUnmatchedFilterIsAOneLineError() {
    CliRun run = CliRun.of(TestKernels.context(true), "compare", "--shape", "window=9x9");
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(
        run.err()
            .startsWith(
                "winattn compare: error: no generated kernel matches --shape"
                    + " [window=9x9]; the catalogue has 2 kernels"),
        run.toString());
  }

  @Test
  void badNumbersAreOneLineErrors() {
    CliRun run = CliRun.of(TestKernels.context(true), "compare", "--threads", "0");
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    assertEquals("winattn compare: error: --threads must be >= 1 (got 0)\n", run.err());
    CliRun usage = CliRun.of(TestKernels.context(true), "compare", "--budget-ms", "soon");
    assertEquals(ExitCodes.USAGE, usage.exit(), usage.toString());
    assertEquals(1, usage.err().lines().count(), usage.toString());
    assertTrue(usage.err().contains("--budget-ms"), usage.toString());
  }

  @Test
  void threadsSplitTheBatchWithoutChangingResults() {
    CliRun run =
        CliRun.of(
            TestKernels.context(true),
            "compare",
            "--shape",
            "window=2x3",
            "--budget-ms",
            "5",
            "--threads",
            "2",
            "--images",
            "3");
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    assertEquals(List.of("12", "0.00e+00", "ok"), cells(run.out(), "test-generated").subList(2, 5));
  }

  /** The trimmed cells of the first table row containing {@code key}. */
  static List<String> cells(String table, String key) {
    String line =
        table
            .lines()
            .filter(l -> l.startsWith("|") && l.contains(key))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no row with " + key + " in\n" + table));
    return Arrays.stream(line.substring(1).split("\\|")).map(String::trim).toList();
  }

  /** The real catalogue on the test class path, on its smallest shape, if it has any. */
  @Test
  void theDefaultCatalogueOnItsSmallestShape() {
    List<io.github.winattn.kernel.CatalogEntry> entries =
        io.github.winattn.registry.KernelRegistry.shared().entries();
    org.junit.jupiter.api.Assumptions.assumeFalse(
        entries.isEmpty(), "winattn-generated holds no kernels yet");
    io.github.winattn.kernel.CatalogEntry smallest =
        entries.stream()
            .min(java.util.Comparator.comparingLong(e -> e.shape().flopsPerWindow()))
            .orElseThrow();
    CliRun run =
        CliRun.of(
            "compare", "--shape", smallest.shape().describe(), "--budget-ms", "50", "--plain");
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    assertTrue(run.out().contains("generated-plain"), run.toString());
  }
}
