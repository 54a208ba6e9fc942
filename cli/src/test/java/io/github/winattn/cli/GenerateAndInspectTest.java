package io.github.winattn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateAndInspectTest {

  @TempDir Path tmp;

  @Test
  void generateWritesKernelsAndTheServiceFileThenIsUpToDate() throws Exception {
    Path config = tmp.resolve("kernels.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "package: com.example.attn",
            "kernels:",
            "  - family: temporal",
            "    frames: 4",
            "    dim: 8",
            "    heads: 2",
            ""));
    Path src = tmp.resolve("src");
    Path res = tmp.resolve("res");
    CliRun first =
        CliRun.of(
            "generate",
            "--config",
            config.toString(),
            "--out",
            src.toString(),
            "--resources-out",
            res.toString());
    assertEquals(ExitCodes.OK, first.exit(), first.toString());
    assertTrue(first.out().startsWith("1 kernel generated"), first.toString());
    try (Stream<Path> files = Files.walk(src.resolve("com/example/attn"))) {
      assertTrue(
          files.filter(p -> p.toString().endsWith(".java")).count() >= 3,
          "plain, vector and catalogue sources");
    }
    assertTrue(
        Files.exists(res.resolve("META-INF/services/io.github.winattn.kernel.KernelCatalog")));
    CliRun second =
        CliRun.of(
            "generate",
            "--config",
            config.toString(),
            "--out",
            src.toString(),
            "--resources-out",
            res.toString());
    assertEquals(ExitCodes.OK, second.exit(), second.toString());
    assertTrue(second.out().contains("up to date"), second.toString());
  }

  @Test
  void generateListsConfigurationProblemsWithLocations() throws Exception {
    Path config = tmp.resolve("kernels.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "package: com.example.attn",
            "kernels:",
            "  - family: swin_v1",
            "    window: 7x7",
            "    dim: 96",
            "    heads: 5",
            ""));
    CliRun run =
        CliRun.of(
            "generate", "--config", config.toString(), "--out", tmp.resolve("out").toString());
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    String[] lines = run.err().split("\\R");
    assertEquals(
        "winattn generate: error: " + config + ": 1 problem in the kernels configuration",
        lines[0]);
    assertTrue(lines[1].startsWith(config + ":6:"), run.toString());
    assertTrue(lines[1].contains("heads must divide dim (96 % 5 != 0)"), run.toString());
  }

  @Test
  void generateWithAMissingConfig() {
    CliRun run =
        CliRun.of(
            "generate",
            "--config",
            tmp.resolve("none.yaml").toString(),
            "--out",
            tmp.resolve("out").toString());
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    assertTrue(run.err().contains("configuration file not found"), run.toString());
  }

  @Test
  void inspectShowsWhatACheckpointModuleReveals() {
    VectorCases.Case c = VectorCases.named("swin_v1_w7x7_d24_h3_checkpoint");
    CliRun run =
        CliRun.of(
            "inspect",
            "--weights",
            c.weights().toString(),
            "--family",
            "swin_v1",
            "--prefix",
            "layers.0.blocks.1.attn");
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    assertTrue(run.out().contains("prefix:     layers.0.blocks.1.attn.\n"), run.toString());
    assertTrue(run.out().contains("dim:        24\n"), run.toString());
    assertTrue(run.out().contains("heads:      3\n"), run.toString());
    assertTrue(run.out().contains("windows:    7x7\n"), run.toString());
    assertTrue(run.out().contains("layers.0.blocks.0.attn."), "modules line\n" + run);
    assertTrue(
        run.out().contains("  layers.0.blocks.1.attn.qkv.weight (72, 24) F32"), run.toString());
  }

  /** Without --family, inspect takes the family from the tensors (issue 9). */
  @Test
  void inspectFindsTheFamilyOfEveryVectorCase() {
    for (VectorCases.Case c : VectorCases.all()) {
      List<String> args = new ArrayList<>(List.of("inspect", "--weights", c.weights().toString()));
      if (!c.meta().get("prefix").isEmpty()) {
        args.addAll(List.of("--prefix", c.meta().get("prefix")));
      }
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(ExitCodes.OK, run.exit(), c + "\n" + run);
      assertTrue(
          run.out().contains("family:     " + c.meta().get("family") + " (from the tensors"),
          c + "\n" + run);
    }
  }

  @Test
  void inspectWithAWrongPrefixIsAOneLineError() {
    VectorCases.Case c = VectorCases.named("swin_v1_w7x7_d24_h3_checkpoint");
    CliRun run =
        CliRun.of(
            "inspect",
            "--weights",
            c.weights().toString(),
            "--family",
            "swin_v1",
            "--prefix",
            "blocks.1.attn.");
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(
        run.err().contains("no tensor starts with the prefix 'blocks.1.attn.'"), run.toString());
  }
}
