package io.github.winattn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.safetensors.SafetensorsWriter;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.testing.Inputs;
import io.github.winattn.weights.AttentionWeights;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} and {@code forward} on kernels a user generated and compiled in their own project
 * ({@code --classpath}), {@code forward --expect} and its timings (issue 9).
 */
class UserKernelsTest {

  /** The user's shape: not in the shipped catalogue (it has Swin v2 6x6 windows only). */
  static final AttentionShape SHAPE =
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(6, 6), 16, 2).build();

  static final int WINDOWS = 3;

  @TempDir static Path project;
  static Path classes;

  /**
   * What {@code mvn compile} makes of a project with a kernels.yaml: generated, compiled classes.
   */
  @BeforeAll
  static void compileAUsersKernels() throws Exception {
    Path config = project.resolve("kernels.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "package: com.example.attn",
            "kernels:",
            "  - {family: swin_v1, window: 6x6, dim: 16, heads: 2, masked: true}",
            "  - {family: temporal, frames: 4, dim: 8, heads: 2}",
            ""));
    Path src = project.resolve("src");
    classes = project.resolve("classes");
    CliRun gen =
        CliRun.of(
            "generate",
            "--config",
            config.toString(),
            "--out",
            src.toString(),
            "--resources-out",
            classes.toString());
    assertEquals(ExitCodes.OK, gen.exit(), gen.toString());
    List<String> args =
        new ArrayList<>(
            List.of(
                "--add-modules",
                "jdk.incubator.vector",
                "-nowarn",
                "-classpath",
                location(AttentionKernel.class),
                "-d",
                classes.toString()));
    try (Stream<Path> files = Files.walk(src)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "javac " + args);
    writeModule();
  }

  private static String location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static AttentionWeights weights() {
    return Inputs.weights(SHAPE, 3);
  }

  private static float[] input() {
    return Inputs.uniform(new Random(4), WINDOWS * SHAPE.tokens() * SHAPE.dim(), 0.5f);
  }

  /** weights.safetensors (the module's state dict) and io.safetensors (input only). */
  private static void writeModule() throws IOException {
    AttentionWeights w = weights();
    int c = SHAPE.dim();
    new SafetensorsWriter()
        .putF32("qkv.weight", w.qkvWeight(), 3 * c, c)
        .putF32("qkv.bias", w.qkvBias(), 3 * c)
        .putF32("proj.weight", w.projWeight(), c, c)
        .putF32("proj.bias", w.projBias(), c)
        .putF32("relative_position_bias_table", w.biasTable(), SHAPE.tableRows(), SHAPE.heads())
        .write(project.resolve("weights.safetensors"));
    new SafetensorsWriter()
        .putF32("input", input(), WINDOWS, SHAPE.tokens(), c)
        .write(project.resolve("io.safetensors"));
  }

  /** What PyTorch would have saved: the module's output, here from the reference kernel. */
  private static Path expected(String name, float perturbation, long... shape) throws IOException {
    float[] out = new float[WINDOWS * SHAPE.tokens() * SHAPE.dim()];
    new ReferenceKernel(weights()).forward(input(), 0, out, 0, Mask.NONE, WINDOWS);
    out[5] += perturbation;
    Path file = project.resolve(name);
    new SafetensorsWriter().putF32("output", out, shape).write(file);
    return file;
  }

  private static CliRun forward(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "forward",
                "--family",
                "swin_v1",
                "--window",
                "6x6",
                "--heads",
                "2",
                "--weights",
                project.resolve("weights.safetensors").toString(),
                "--input",
                project.resolve("io.safetensors").toString(),
                "--out",
                project.resolve("out.safetensors").toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static final long[] OUT_SHAPE = {WINDOWS, 36, 16};

  @Test
  void compareRunsTheUsersKernelsOnlyAndSaysWhichItRuns() {
    CliRun run =
        CliRun.of(
            "compare",
            "--classpath",
            classes.toString(),
            "--shape",
            "window=6x6",
            "--budget-ms",
            "5");
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "comparing 1 of the 2 kernels of --classpath ["
                    + classes
                    + "] that match --shape [window=6x6]"),
        run.toString());
    assertEquals(
        1,
        run.out().lines().filter(l -> l.startsWith("| swin_v1 window=6x6 dim=16")).count(),
        run.toString());
    assertTrue(run.out().lines().noneMatch(l -> l.startsWith("| swin_v2")), run.toString());
  }

  @Test
  void aShapeThatIsNotThereIsAnErrorThatPointsToClasspath() {
    // The shipped catalogue has swin_v2 window=6x6 kernels, but none of dim 16.
    CliRun run = CliRun.of("compare", "--shape", "window=6x6 dim=16");
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    assertTrue(
        run.err().contains("no generated kernel matches --shape [window=6x6 dim=16]"),
        run.toString());
    assertTrue(run.err().contains("pass --classpath target/classes"), run.toString());
    CliRun user = CliRun.of("compare", "--classpath", classes.toString(), "--shape", "dim=96");
    assertEquals(ExitCodes.ERROR, user.exit(), user.toString());
    assertTrue(user.err().contains("--classpath [" + classes + "] has 2 kernels"), user.toString());
  }

  @Test
  void aClasspathWithoutKernelsIsAnError() throws IOException {
    Path empty = Files.createDirectories(project.resolve("empty"));
    CliRun run = CliRun.of("compare", "--classpath", empty.toString());
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    assertTrue(run.err().contains("no generated kernels there"), run.toString());
    CliRun missing = CliRun.of("compare", "--classpath", project.resolve("nope").toString());
    assertEquals(ExitCodes.ERROR, missing.exit(), missing.toString());
    assertTrue(missing.err().contains("no such folder or jar"), missing.toString());
  }

  @Test
  void forwardRunsTheUsersKernelAndChecksItsOutput() throws IOException {
    Path good = expected("good.safetensors", 0f, OUT_SHAPE);
    CliRun run =
        forward(
            "--classpath",
            classes.toString(),
            "--kernel",
            "generated-vector",
            "--expect",
            good.toString());
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    assertTrue(run.out().contains("kernel generated-vector"), run.toString());
    assertTrue(run.out().contains("max |output - output| = "), run.toString());
    assertTrue(run.out().contains("within tolerance"), run.toString());
    // Without --classpath the shape is not generated: the explicit choice fails.
    CliRun without = forward("--kernel", "generated-vector");
    assertEquals(ExitCodes.ERROR, without.exit(), without.toString());
    assertTrue(without.err().strip().endsWith("(--kernel generated-vector)"), without.toString());
    assertFalse(without.err().contains("KernelChoice"), without.toString());
  }

  @Test
  void expectOutOfToleranceExitsWithThree() throws IOException {
    Path bad = expected("bad.safetensors", 0.01f, OUT_SHAPE);
    CliRun run = forward("--expect", bad.toString());
    assertEquals(ExitCodes.OUT_OF_TOLERANCE, run.exit(), run.toString());
    assertTrue(run.out().contains("OUT OF TOLERANCE"), run.toString());
    assertTrue(run.out().contains("= 1.000e-02"), run.toString());
    CliRun loose = forward("--expect", bad.toString(), "--atol", "0.02");
    assertEquals(ExitCodes.OK, loose.exit(), loose.toString());
  }

  @Test
  void expectWithTheWrongShapeIsAnError() throws IOException {
    Path wrong = expected("wrong.safetensors", 0f, WINDOWS, 36 * 16);
    CliRun run = forward("--expect", wrong.toString());
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    assertTrue(
        run.err().contains("tensor 'output' has shape (3, 576), the output is (3, 36, 16)"),
        run.toString());
  }

  @Test
  void badRepeatOrToleranceIsAnErrorBeforeAnythingRuns() {
    CliRun repeat = forward("--repeat", "-1");
    assertEquals(ExitCodes.ERROR, repeat.exit(), repeat.toString());
    assertEquals("winattn forward: error: --repeat must be >= 0 (got -1)\n", repeat.err());
    CliRun tol = forward("--expect", "x.safetensors", "--atol", "-1");
    assertEquals(ExitCodes.ERROR, tol.exit(), tol.toString());
    assertTrue(
        tol.err().contains("--atol and --rtol must be >= 0 (got -1.0, 1.0E-4)"), tol.toString());
  }

  @Test
  void timingSaysColdOrWarm() {
    CliRun cold = forward("--kernel", "generic");
    assertEquals(ExitCodes.OK, cold.exit(), cold.toString());
    assertTrue(
        cold.out().contains("kernel reference"), "one name for the reference kernel\n" + cold);
    assertTrue(cold.out().contains("one cold call"), cold.toString());
    CliRun warm = forward("--kernel", "reference", "--repeat", "3");
    assertEquals(ExitCodes.OK, warm.exit(), warm.toString());
    assertTrue(warm.out().contains("warm (median of 3 calls; first call "), warm.toString());
  }

  /** --expect on the committed PyTorch vectors: their io.safetensors holds PyTorch's output. */
  @Test
  void expectAcceptsEveryPyTorchOutput() {
    for (VectorCases.Case c : VectorCases.all()) {
      List<String> args = new ArrayList<>(c.args());
      String tol = c.meta().get("family").equals("swin_v2") ? "5e-5" : "1e-5";
      args.addAll(
          List.of(
              "--out",
              project.resolve(c.name() + ".safetensors").toString(),
              "--expect",
              c.io().toString(),
              "--atol",
              tol,
              "--rtol",
              tol));
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(ExitCodes.OK, run.exit(), c + "\n" + run);
      assertTrue(run.out().contains("max |output - output| = "), c + "\n" + run);
      assertTrue(run.out().contains(": within tolerance"), c + "\n" + run);
    }
  }
}
