package io.github.winattn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root {@code ./winattn} script, run from a copy so that no jar is next to it. */
class LauncherScriptTest {

  @TempDir Path tmp;

  @Test
  void withoutTheJarItSaysHowToBuildIt() throws Exception {
    Path script = tmp.resolve("winattn");
    Files.copy(Path.of("../winattn"), script);
    Process p =
        new ProcessBuilder("sh", script.toString(), "--version").redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertEquals(1, p.waitFor(), output);
    assertTrue(
        output.contains(
            "cli/target/winattn.jar is not built; run: ./mvnw -B -pl cli -am"
                + " package -DskipTests"),
        output);
  }

  @Test
  void itAddsTheVectorModule() throws Exception {
    String text = Files.readString(Path.of("../winattn"));
    assertTrue(text.contains("--add-modules jdk.incubator.vector"), text);
    assertTrue(text.contains("-jar \"$jar\" \"$@\""), text);
  }
}
