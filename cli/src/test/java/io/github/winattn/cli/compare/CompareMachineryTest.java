package io.github.winattn.cli.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareMachineryTest {

  @Test
  void accuracyUsesAbsoluteAndRelativeTolerance() {
    float[] ref = {1f, 100f, -2f};
    Accuracy ok = Accuracy.of(new float[] {1.00005f, 100.005f, -2f}, ref, 1e-4, 1e-4);
    assertTrue(ok.withinTolerance());
    assertEquals(0.005, ok.maxAbsError(), 1e-4);
    Accuracy bad = Accuracy.of(new float[] {1.001f, 100f, -2f}, ref, 1e-4, 1e-4);
    assertFalse(bad.withinTolerance());
    assertEquals(0.001, bad.maxAbsError(), 1e-6);
  }

  @Test
  void aNanAnywhereFails() {
    Accuracy a = Accuracy.of(new float[] {0f, Float.NaN}, new float[] {0f, 0f}, 1, 1);
    assertFalse(a.withinTolerance());
    assertTrue(Double.isNaN(a.maxAbsError()));
    assertThrows(
        IllegalArgumentException.class, () -> Accuracy.of(new float[1], new float[2], 0, 0));
  }

  @Test
  void maskedProblemsCoverEveryShiftedWindowOfTwoImages() {
    AttentionShape s = AttentionShape.builder(Family.SWIN_V1, Window.of2d(3, 5), 12, 3).build();
    RandomProblem p = RandomProblem.of(s, true, 2, 7);
    assertEquals(4, p.mask().windows(), "2x2 windows per image");
    assertEquals(8, p.windows());
    assertEquals(8 * 15 * 12, p.x().length);
    float[] m = p.mask().values();
    assertEquals(4 * 15 * 15, m.length);
    boolean anyMasked = false;
    for (float v : m) {
      assertTrue(v == 0f || v == -100f, "mask value " + v);
      anyMasked |= v != 0f;
    }
    assertTrue(anyMasked);
    RandomProblem again = RandomProblem.of(s, true, 2, 7);
    assertArrayEquals(p.x(), again.x(), "seeded");
    assertArrayEquals(p.weights().qkvWeight(), again.weights().qkvWeight(), "seeded");
    assertFalse(java.util.Arrays.equals(p.x(), RandomProblem.of(s, true, 2, 8).x()));
  }

  @Test
  void swinV2ProblemsHaveNoKeyBiasAndLogitScalesPastTheClamp() {
    AttentionShape s = AttentionShape.builder(Family.SWIN_V2, Window.of2d(4, 4), 8, 2).build();
    RandomProblem p = RandomProblem.of(s, false, 1, 1);
    float[] b = p.weights().qkvBias();
    for (int i = 8; i < 16; i++) {
      assertEquals(0f, b[i], "k bias " + i);
    }
    assertEquals(RandomProblem.UNMASKED_WINDOWS_PER_IMAGE, p.windows());
    for (float t : p.weights().biasTable()) {
      assertTrue(t >= 0 && t <= 16, "folded table value " + t);
    }
  }

  @Test
  void stopwatchRunsAtLeastTheMinimumAndConsumesResults() {
    int[] calls = {0};
    Stopwatch.Result r = Stopwatch.time(() -> calls[0]++, 0);
    assertEquals(Stopwatch.MIN_RUNS, r.runs());
    assertEquals(Stopwatch.MIN_WARMUP + Stopwatch.MIN_RUNS, calls[0]);
    Stopwatch.Result slow =
        Stopwatch.time(
            () -> {
              long t = System.nanoTime();
              while (System.nanoTime() - t < 1_000_000) {
                Thread.onSpinWait();
              }
              return 1f;
            },
            20_000_000);
    assertTrue(slow.medianNanos() >= 1_000_000, "median " + slow.medianNanos());
    assertTrue(slow.runs() >= Stopwatch.MIN_RUNS && slow.runs() <= 12, "runs " + slow.runs());
  }

  @Test
  void aFlopCapCutsTheBatchToWholeWindows() {
    AttentionShape s = AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3).build();
    long perWindow = s.flopsPerWindow();
    assertEquals(8, RandomProblem.of(s, true, 2, 1).windows());
    assertEquals(3, RandomProblem.of(s, true, 2, 1, 3 * perWindow + 1).windows());
    assertEquals(1, RandomProblem.of(s, true, 2, 1, 1).windows(), "at least one window");
    assertEquals(4, RandomProblem.of(s, true, 2, 1, 1).mask().windows(), "the whole mask");
  }

  @Test
  void tableAlignsColumnsAndComputesSpeedupAndThroughput() {
    CompareRow row =
        new CompareRow(
            "swin_v1 window=7x7",
            "generated-vector",
            8,
            new Accuracy(1.5e-7, true),
            10.0,
            2.5,
            5_000_000_000L);
    assertEquals(4.0, row.speedup(), 1e-12);
    assertEquals(2000.0, row.generatedGflops(), 1e-9);
    String table = ResultTable.render(List.of(row));
    List<String> lines = table.lines().toList();
    assertEquals(3, lines.size());
    assertEquals(lines.get(0).length(), lines.get(2).length());
    List<String> cells =
        java.util.Arrays.stream(lines.get(2).substring(1).split("\\|")).map(String::trim).toList();
    assertEquals(
        List.of(
            "swin_v1 window=7x7",
            "generated-vector",
            "8",
            "1.50e-07",
            "ok",
            "10.000",
            "2.500",
            "4.00x",
            "2000.00"),
        cells);
    assertTrue(lines.get(1).startsWith("| ---"), table);
  }
}
