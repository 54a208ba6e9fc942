package io.github.winattn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.safetensors.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error of {@code forward} is one line on stderr with a non-zero exit code. */
class ForwardErrorsTest {

  @TempDir Path tmp;

  private final VectorCases.Case basic = VectorCases.named("swin_v1_w7x7_d32_h2");

  /** Runs the basic case with {@code replace} pairs of (flag, value) substituted or added. */
  private CliRun run(String... replace) {
    List<String> args = new ArrayList<>(basic.args());
    args.addAll(List.of("--out", tmp.resolve("out.safetensors").toString()));
    for (int i = 0; i < replace.length; i += 2) {
      int at = args.indexOf(replace[i]);
      if (at >= 0 && i + 1 < replace.length) {
        args.set(at + 1, replace[i + 1]);
      } else {
        args.add(replace[i]);
        if (i + 1 < replace.length) {
          args.add(replace[i + 1]);
        }
      }
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  private static void assertOneLineError(CliRun run, int exit, String expected) {
    assertEquals(exit, run.exit(), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(run.err().startsWith("winattn forward: error: "), run.toString());
    assertTrue(run.err().contains(expected), "expected '" + expected + "' in\n" + run);
    assertFalse(run.err().contains("\tat "), run.toString());
  }

  @Test
  void missingWeightsFile() {
    Path none = tmp.resolve("none.safetensors");
    assertOneLineError(
        run("--weights", none.toString()), ExitCodes.ERROR, "--weights " + none + ": no such file");
    assertFalse(Files.exists(tmp.resolve("out.safetensors")));
  }

  @Test
  void malformedSafetensors() throws Exception {
    Path bad = tmp.resolve("bad.safetensors");
    Files.write(bad, new byte[] {40, 0, 0, 0, 0, 0, 0, 0, '{', '"'});
    assertOneLineError(
        run("--input", bad.toString()),
        ExitCodes.ERROR,
        "--input: not a valid safetensors file: " + bad);
  }

  @Test
  void headsFlagAgainstTheBiasTable() {
    assertOneLineError(
        run("--heads", "4"),
        ExitCodes.ERROR,
        "--heads 4 does not match relative_position_bias_table (169, 2), which has 2 heads");
  }

  @Test
  void windowFlagAgainstTheBiasTable() {
    assertOneLineError(
        run("--window", "6x6"),
        ExitCodes.ERROR,
        "--window 6x6 needs a table of 121 rows, but relative_position_bias_table (169, 2) has 169"
            + " (the tensors fit --window 7x7)");
  }

  @Test
  void familyFlagAgainstTheWindowRank() {
    assertOneLineError(
        run("--family", "temporal"),
        ExitCodes.ERROR,
        "--window 7x7: temporal needs a 1-D window like 8");
  }

  @Test
  void noQkvAgainstAModuleWithProjections() {
    assertOneLineError(
        run("--no-qkv"),
        ExitCodes.ERROR,
        "--no-qkv only applies to --family temporal (not swin_v1)");
  }

  @Test
  void prefixThatMatchesNothing() {
    assertOneLineError(
        run("--prefix", "layers.9."),
        ExitCodes.ERROR,
        "no tensor starts with the prefix 'layers.9.'");
  }

  @Test
  void inputWithTheWrongChannels() throws Exception {
    Path io = tmp.resolve("io.safetensors");
    new SafetensorsWriter().putF32("input", new float[3 * 49 * 16], 3, 49, 16).write(io);
    assertOneLineError(
        run("--input", io.toString()),
        ExitCodes.ERROR,
        "--input: tensor 'input' (3, 49, 16) has C = 16 channels, but qkv.weight (96, 32) is a"
            + " module of dim 32");
  }

  @Test
  void inputWithTheWrongTokens() throws Exception {
    Path io = tmp.resolve("io.safetensors");
    new SafetensorsWriter().putF32("input", new float[2 * 48 * 32], 2, 48, 32).write(io);
    assertOneLineError(
        run("--input", io.toString()),
        ExitCodes.ERROR,
        "--input: tensor 'input' (2, 48, 32) has N = 48 tokens per window, but --window 7x7 has 49");
  }

  @Test
  void inputOfTheWrongRank() throws Exception {
    Path io = tmp.resolve("io.safetensors");
    new SafetensorsWriter().putF32("input", new float[49 * 32], 49, 32).write(io);
    assertOneLineError(
        run("--input", io.toString()),
        ExitCodes.ERROR,
        "--input: tensor 'input' must be (B_, N, C), got (49, 32)");
  }

  @Test
  void maskThatDoesNotDivideTheBatch() throws Exception {
    Path io = tmp.resolve("io.safetensors");
    new SafetensorsWriter()
        .putF32("input", new float[3 * 49 * 32], 3, 49, 32)
        .putF32("mask", new float[2 * 49 * 49], 2, 49, 49)
        .write(io);
    assertOneLineError(
        run("--input", io.toString()),
        ExitCodes.ERROR,
        "--input: tensor 'input' has B_ = 3 windows, not a multiple of the 2 windows of tensor"
            + " 'mask' (2, 49, 49)");
  }

  @Test
  void inputFileWithoutInput() throws Exception {
    Path io = tmp.resolve("io.safetensors");
    new SafetensorsWriter().putF32("x", new float[1], 1).write(io);
    assertOneLineError(
        run("--input", io.toString()), ExitCodes.ERROR, "no tensor named 'input' (it has [x])");
  }

  @Test
  void generatedKernelThatWasNotGenerated() {
    VectorCases.Case odd = VectorCases.named("swin_v1_w4x6_d16_h4_noqkvbias_qkscale");
    List<String> args = new ArrayList<>(odd.args());
    args.addAll(
        List.of("--out", tmp.resolve("o.safetensors").toString(), "--kernel", "generated-plain"));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    if (run.exit() == 0) {
      return; // someone generated this shape after all
    }
    assertOneLineError(
        run,
        ExitCodes.ERROR,
        "no generated kernel for swin_v1 window=4x6 dim=16"
            + " heads=4 qkv_bias=false qk_scale=0.3; to generate one add");
    // The runtime names KernelChoice.GENERATED_PLAIN; the command names its flag instead.
    assertTrue(
        run.err().strip().endsWith("and rebuild (--kernel generated-plain)"), run.toString());
    assertFalse(run.err().contains("KernelChoice"), run.toString());
  }

  @Test
  void usageErrorsAreOneLineWithExitCodeTwo() {
    CliRun missing = CliRun.of("forward", "--family", "swin_v1");
    assertOneLineError(missing, ExitCodes.USAGE, "Missing required options");
    CliRun badKernel = run("--kernel", "fastest");
    assertOneLineError(badKernel, ExitCodes.USAGE, "unknown kernel 'fastest'");
    CliRun badWindow = run("--window", "7y7");
    assertOneLineError(badWindow, ExitCodes.USAGE, "window '7y7' must be T, HxW or DxHxW");
  }

  @Test
  void stacktraceOnRequest() {
    CliRun run = run("--heads", "4", "--stacktrace");
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    assertTrue(
        run.err().lines().findFirst().orElseThrow().contains("--heads 4 does not match"),
        run.toString());
    assertTrue(run.err().contains("\tat io.github.winattn.cli."), run.toString());
  }
}
