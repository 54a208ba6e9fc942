package io.github.winattn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.safetensors.SafetensorsWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect} and {@code forward} on whole checkpoints: without {@code --prefix} they list the
 * attention modules found, and tensor names with terminal escapes never reach the terminal raw.
 */
class UntrustedCheckpointTest {

  @TempDir Path tmp;

  private static final String P = "layers.0.blocks.1.attn.";
  private static final String EVIL = "\u001b]0;pwned\u0007\u001b[2J\u009b31m";

  /** Two swin_v1 2x3 (C 8, H 2) modules and a norm, plus {@code extra} under the first. */
  private Path checkpoint(String extra) throws Exception {
    SafetensorsWriter w = new SafetensorsWriter();
    for (String prefix : new String[] {P, "layers.1.blocks.0.attn."}) {
      w.putF32(prefix + "qkv.weight", new float[24 * 8], 24, 8)
          .putF32(prefix + "qkv.bias", new float[24], 24)
          .putF32(prefix + "proj.weight", new float[8 * 8], 8, 8)
          .putF32(prefix + "proj.bias", new float[8], 8)
          .putF32(prefix + "relative_position_bias_table", new float[15 * 2], 15, 2);
    }
    w.putF32("norm.weight", new float[8], 8);
    if (extra != null) {
      w.putF32(P + extra, new float[1], 1);
    }
    Path file = tmp.resolve("ckpt.safetensors");
    w.write(file);
    return file;
  }

  private Path input() throws Exception {
    Path io = tmp.resolve("io.safetensors");
    new SafetensorsWriter().putF32("input", new float[6 * 8], 1, 6, 8).write(io);
    return io;
  }

  private static void assertNoControlCharacters(String text) {
    assertFalse(text.chars().anyMatch(c -> c != '\n' && Character.isISOControl(c)), text);
  }

  @Test
  void withoutPrefixInspectListsTheModules() throws Exception {
    CliRun run =
        CliRun.of("inspect", "--family", "swin_v1", "--weights", checkpoint(null).toString());
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "no attention module under the prefix ''; attention modules"
                    + " found under: "
                    + P
                    + ", layers.1.blocks.0.attn."),
        run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
  }

  @Test
  void withoutPrefixForwardListsTheModules() throws Exception {
    CliRun run =
        CliRun.of(
            "forward",
            "--family",
            "swin_v1",
            "--window",
            "2x3",
            "--heads",
            "2",
            "--weights",
            checkpoint(null).toString(),
            "--input",
            input().toString(),
            "--out",
            tmp.resolve("out.safetensors").toString());
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "no attention module under the prefix ''; attention modules"
                    + " found under: "
                    + P
                    + ", layers.1.blocks.0.attn."),
        run.toString());
  }

  @Test
  void terminalEscapesInTensorNamesAreEscapedInErrors() throws Exception {
    CliRun run =
        CliRun.of(
            "forward",
            "--family",
            "swin_v1",
            "--window",
            "2x3",
            "--heads",
            "2",
            "--weights",
            checkpoint(EVIL).toString(),
            "--prefix",
            P,
            "--input",
            input().toString(),
            "--out",
            tmp.resolve("out.safetensors").toString());
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    assertTrue(
        run.err().contains(P + "\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m"), run.toString());
    assertNoControlCharacters(run.err());
  }

  @Test
  void terminalEscapesInTensorNamesAreEscapedByInspect() throws Exception {
    CliRun run =
        CliRun.of(
            "inspect",
            "--family",
            "swin_v1",
            "--prefix",
            P,
            "--weights",
            checkpoint(EVIL).toString());
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    assertTrue(
        run.out().contains("  " + P + "\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m (1) F32"),
        run.toString());
    assertNoControlCharacters(run.out());
    assertNoControlCharacters(run.err());
  }
}
