package io.github.winattn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.safetensors.SafetensorsWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --qk-scale -0.0} is the default scale, so it selects the same generated kernel. */
class ForwardQkScaleTest {

  @TempDir Path tmp;

  /** Weights and a one-window input for {@link TestKernels#GOOD_SHAPE} (swin_v1 2x3, C 8, H 2). */
  private String[] args(String... extra) throws Exception {
    Path weights = tmp.resolve("w.safetensors");
    Path io = tmp.resolve("io.safetensors");
    new SafetensorsWriter()
        .putF32("qkv.weight", ramp(24 * 8), 24, 8)
        .putF32("qkv.bias", ramp(24), 24)
        .putF32("proj.weight", ramp(8 * 8), 8, 8)
        .putF32("proj.bias", ramp(8), 8)
        .putF32("relative_position_bias_table", ramp(15 * 2), 15, 2)
        .write(weights);
    new SafetensorsWriter().putF32("input", ramp(6 * 8), 1, 6, 8).write(io);
    String[] base = {
      "forward",
      "--family",
      "swin_v1",
      "--window",
      "2x3",
      "--heads",
      "2",
      "--weights",
      weights.toString(),
      "--input",
      io.toString(),
      "--out",
      tmp.resolve("out.safetensors").toString()
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  private static float[] ramp(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = ((i * 7) % 11 - 5) * 0.05f;
    }
    return v;
  }

  @Test
  void negativeZeroFindsTheGeneratedKernel() throws Exception {
    for (String kernel : new String[] {"generated", "auto"}) {
      CliRun run =
          CliRun.of(TestKernels.context(true), args("--qk-scale", "-0.0", "--kernel", kernel));
      assertEquals(ExitCodes.OK, run.exit(), run.toString());
      assertTrue(
          run.out()
              .startsWith("swin_v1 window=2x3 dim=8 heads=2 qkv_bias=true: kernel test-generated,"),
          kernel + ": " + run);
    }
  }
}
