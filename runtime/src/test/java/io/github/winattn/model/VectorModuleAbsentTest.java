package io.github.winattn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runtime works in a JVM without {@code jdk.incubator.vector}: a forked {@code java} without
 * {@code --add-modules} loads a small model with the default options, classifies with the plain
 * matrix product (no class of the Vector API is loaded, or it would fail with {@code
 * NoClassDefFoundError}), and asking for the vector one fails with a message naming the flag.
 */
class VectorModuleAbsentTest {

  @Test
  void aModelClassifiesInAJvmWithoutTheVectorModule() throws Exception {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path folder =
        ModelVectorCase.vectors().resolve("model_swin_v1_32_e16_d2-2_h1-2_b2").toAbsolutePath();
    Process p =
        new ProcessBuilder(
                List.of(
                    java.toString(), "-cp", cp, PlainJvmMain.class.getName(), folder.toString()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "fork did not finish: " + out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("matmul plain"), out);
    assertTrue(
        out.contains("vector matrix product 'vector' needs jdk.incubator.vector in the boot layer"),
        out);
  }
}
