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
  void itAsksForHugePagesWhereLinuxOffersThem() throws Exception {
    // a copy of the script next to an (empty) jar, run with a "java" that prints its arguments
    Path script = tmp.resolve("winattn");
    Files.copy(Path.of("../winattn"), script);
    Files.createDirectories(tmp.resolve("cli/target"));
    Files.writeString(tmp.resolve("cli/target/winattn.jar"), "");
    Path java = tmp.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
    assertTrue(java.toFile().setExecutable(true));
    ProcessBuilder pb = new ProcessBuilder("sh", script.toString(), "classify", "--help");
    pb.environment().put("JAVA", java.toString());
    pb.environment().put("WINATTN_JAVA_OPTS", "-Xmx1g");
    Process p = pb.redirectErrorStream(true).start();
    String args = new String(p.getInputStream().readAllBytes()).trim();
    assertEquals(0, p.waitFor(), args);

    Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    boolean offered =
        Files.isReadable(thp)
            && (Files.readString(thp).contains("[madvise]")
                || Files.readString(thp).contains("[always]"));
    String jar = tmp.resolve("cli/target/winattn.jar").toAbsolutePath().toString();
    String expected =
        "--add-modules jdk.incubator.vector "
            + (offered ? "-XX:+UseTransparentHugePages " : "")
            + "-Xmx1g -jar "
            + jar
            + " classify --help";
    assertEquals(expected, args);
  }

  @Test
  void itAddsTheVectorModule() throws Exception {
    String text = Files.readString(Path.of("../winattn"));
    assertTrue(text.contains("--add-modules jdk.incubator.vector"), text);
    assertTrue(text.contains("-jar \"$jar\" \"$@\""), text);
  }
}
