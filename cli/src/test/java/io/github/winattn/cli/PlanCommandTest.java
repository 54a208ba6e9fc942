package io.github.winattn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {

  @TempDir Path tmp;

  private Path config() throws Exception {
    Path config = tmp.resolve("kernels.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "package: com.example.attn",
            "kernels:",
            "  - family: swin_v1",
            "    window: 7x5",
            "    dim: 96",
            "    heads: 3",
            "  - family: temporal",
            "    frames: 8",
            "    dim: 64",
            "    heads: 4",
            ""));
    return config;
  }

  @Test
  void printsThePlanOfEveryKernel() throws Exception {
    CliRun run = CliRun.of("plan", "--config", config().toString());
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    assertTrue(run.out().contains("# kernel #1"), run.toString());
    assertTrue(run.out().contains("# kernel #2"), run.toString());
    assertTrue(run.out().contains("window=7x5"), run.toString());
    assertTrue(run.out().contains("temporal window=8"), run.toString());
  }

  @Test
  void filtersByShapeAndRefusesAFilterThatMatchesNothing() throws Exception {
    CliRun one = CliRun.of("plan", "--config", config().toString(), "--shape", "temporal");
    assertEquals(ExitCodes.OK, one.exit(), one.toString());
    assertTrue(!one.out().contains("window=7x5"), one.toString());
    CliRun none = CliRun.of("plan", "--config", config().toString(), "--shape", "dim=12345");
    assertEquals(ExitCodes.ERROR, none.exit(), none.toString());
    assertTrue(none.err().contains("matches --shape 'dim=12345'"), none.toString());
  }
}
