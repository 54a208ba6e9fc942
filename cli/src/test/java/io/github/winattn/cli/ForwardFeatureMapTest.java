package io.github.winattn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.winattn.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code forward --layout feature-map|frames} against the official blocks' feature-map vectors. */
class ForwardFeatureMapTest {

  static final Path ROOT = Path.of("../runtime/src/test/resources/featuremap-vectors");

  @TempDir Path tmp;

  record Case(String name, Path dir, Map<String, String> meta) {
    List<String> args() {
      Map<String, String> m = meta;
      boolean frames = m.get("layout").equals("frames");
      List<String> a =
          new ArrayList<>(
              List.of(
                  "forward",
                  "--layout",
                  m.get("layout"),
                  "--family",
                  m.get("family"),
                  "--heads",
                  m.get("heads"),
                  "--weights",
                  dir.resolve("weights.safetensors").toString(),
                  "--input",
                  dir.resolve("io.safetensors").toString(),
                  "--threads",
                  "2",
                  "-v"));
      if (frames) {
        a.addAll(List.of("--window", m.get("window")));
      } else {
        a.addAll(List.of("--window", m.get("block_window"), "--shift", m.get("block_shift")));
      }
      if (!m.get("pretrained_window").isEmpty()) {
        a.addAll(List.of("--pretrained-window", m.get("pretrained_window")));
      }
      return a;
    }
  }

  static List<Case> all() {
    try (Stream<Path> dirs = Files.list(ROOT)) {
      List<Case> cases = new ArrayList<>();
      for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
        try (SafetensorsFile io = SafetensorsFile.open(d.resolve("io.safetensors"))) {
          cases.add(new Case(d.getFileName().toString(), d, Map.copyOf(io.metadata())));
        }
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> reproducesTheOfficialBlocks() {
    List<Case> cases = all();
    assertTrue(cases.size() >= 9, cases.toString());
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : cases) {
      for (String kernel : List.of("reference", "auto")) {
        tests.add(dynamicTest(c.name() + " --kernel " + kernel, () -> runCase(c, kernel)));
      }
    }
    return tests.stream();
  }

  private void runCase(Case c, String kernel) {
    Path out = tmp.resolve(c.name() + "-" + kernel + ".safetensors");
    List<String> args = new ArrayList<>(c.args());
    args.addAll(
        List.of(
            "--out",
            out.toString(),
            "--kernel",
            kernel,
            "--expect",
            c.dir().resolve("io.safetensors").toString()));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    assertTrue(run.out().contains("within tolerance"), run.toString());
    assertTrue(run.out().contains("applied: "), run.toString());
    if (kernel.equals("auto")) {
      // the shipped catalogue has every vector's shape and map: the generated fused entry runs
      assertTrue(run.out().contains("(fused feature map)"), run.toString());
    } else {
      assertTrue(run.out().contains("kernel reference,"), run.toString());
    }
    if (c.name().contains("clamped")) {
      assertTrue(run.out().contains("clamped to"), run.toString());
    }
    if (c.name().startsWith("fm_video_swin_3x")) {
      assertTrue(run.out().contains("applied: padded"), run.toString());
    }
    float[] expected = VectorCases.tensor(c.dir().resolve("io.safetensors"), "output");
    float[] actual = VectorCases.tensor(out, "output");
    assertEquals(expected.length, actual.length);
    try (SafetensorsFile in = SafetensorsFile.open(c.dir().resolve("io.safetensors"));
        SafetensorsFile written = SafetensorsFile.open(out)) {
      assertEquals(in.shape("input"), written.shape("output"), "output keeps the input's layout");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void badLayoutsAndShiftsAreNamed() {
    Case c =
        all().stream()
            .filter(x -> x.name().startsWith("fm_swin_v1_8x12"))
            .findFirst()
            .orElseThrow();
    Path out = tmp.resolve("x.safetensors");
    List<String> args = new ArrayList<>(c.args());
    args.addAll(List.of("--out", out.toString()));
    int shift = args.indexOf("--shift");
    args.set(shift + 1, "1x2x2");
    CliRun bad = CliRun.of(args.toArray(String[]::new));
    assertEquals(ExitCodes.ERROR, bad.exit(), bad.toString());
    assertTrue(bad.err().contains("--shift '1x2x2' must be one number like 3"), bad.toString());
    args.set(shift + 1, "4");
    CliRun tooBig = CliRun.of(args.toArray(String[]::new));
    assertTrue(
        tooBig.err().contains("shift_size must be in 0..3 for window 4 (got 4)"),
        tooBig.toString());
    List<String> frames = new ArrayList<>(c.args());
    frames.set(frames.indexOf("feature-map"), "frames");
    frames.addAll(List.of("--out", out.toString()));
    CliRun wrongLayout = CliRun.of(frames.toArray(String[]::new));
    assertTrue(
        wrongLayout.err().contains("--layout frames does not apply to --family swin_v1"),
        wrongLayout.toString());
    List<String> windows = new ArrayList<>(c.args());
    windows.set(windows.indexOf("--layout") + 1, "window-batch");
    windows.addAll(List.of("--out", out.toString()));
    CliRun batch = CliRun.of(windows.toArray(String[]::new));
    assertEquals(ExitCodes.ERROR, batch.exit(), batch.toString());
  }

  @Test
  void swinMapNotAWholeNumberOfWindowsIsRefused() {
    Case c =
        all().stream()
            .filter(x -> x.name().startsWith("fm_swin_v1_8x12"))
            .findFirst()
            .orElseThrow();
    List<String> args = new ArrayList<>(c.args());
    args.set(args.indexOf("--window") + 1, "5");
    args.set(args.indexOf("--shift") + 1, "2");
    args.addAll(List.of("--out", tmp.resolve("y.safetensors").toString()));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    assertTrue(run.err().contains("8x12 is not a whole number of 5x5 windows"), run.toString());
  }
}
