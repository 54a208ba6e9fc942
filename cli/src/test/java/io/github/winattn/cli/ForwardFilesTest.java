package io.github.winattn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What {@code forward} reads and writes: only regular files, never through a link or device. */
class ForwardFilesTest {

  @TempDir Path tmp;

  private final VectorCases.Case basic = VectorCases.named("swin_v1_w7x7_d32_h2");

  /** The basic case writing to {@code out}, with (flag, value) pairs replaced. */
  private CliRun run(Path out, String... replace) {
    List<String> args = new ArrayList<>(basic.args());
    args.addAll(List.of("--out", out.toString()));
    for (int i = 0; i < replace.length; i += 2) {
      args.set(args.indexOf(replace[i]) + 1, replace[i + 1]);
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  private static void assertOneLineError(CliRun run, String expected) {
    assertEquals(ExitCodes.ERROR, run.exit(), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(run.err().startsWith("winattn forward: error: "), run.toString());
    assertTrue(run.err().contains(expected), "expected '" + expected + "' in\n" + run);
  }

  static void mkfifo(Path path) throws Exception {
    Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assumeTrue(p.waitFor() == 0, "mkfifo is needed for this test");
  }

  @Test
  void newOutputGetsTheUmasksMode() throws Exception {
    Path reference = Files.createFile(tmp.resolve("reference")); // the OS applies the umask
    Path out = tmp.resolve("out.safetensors");
    CliRun run = run(out);
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(out));
  }

  @Test
  void existingOutputKeepsItsPermissions() throws Exception {
    Path out = Files.writeString(tmp.resolve("out.safetensors"), "old");
    Set<PosixFilePermission> shared = PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(out, shared);
    CliRun run = run(out);
    assertEquals(ExitCodes.OK, run.exit(), run.toString());
    assertEquals(shared, Files.getPosixFilePermissions(out), "0644 must not become 0600");
    assertFalse(Files.readString(out, java.nio.charset.StandardCharsets.ISO_8859_1).equals("old"));
  }

  @Test
  void symbolicLinkAtOutIsRefusedAndKept() throws Exception {
    Path precious = Files.writeString(tmp.resolve("precious"), "keep");
    Path out = Files.createSymbolicLink(tmp.resolve("out.safetensors"), precious);
    assertOneLineError(
        run(out),
        "--out: cannot write " + out + ": is a symbolic link; only a regular file is replaced");
    assertTrue(Files.isSymbolicLink(out));
    assertEquals("keep", Files.readString(precious));
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void fifoAtOutIsRefusedNotReplaced() throws Exception {
    Path out = tmp.resolve("out.safetensors");
    mkfifo(out);
    assertOneLineError(
        run(out),
        "--out: cannot write " + out + ": is a FIFO (named pipe); only a regular file is replaced");
    assertFalse(Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.exists(out, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void fifoAsWeightsOrInputIsRefusedNotWaitedOn() throws Exception {
    Path fifo = tmp.resolve("pipe.safetensors");
    mkfifo(fifo);
    Path out = tmp.resolve("out.safetensors");
    assertOneLineError(
        run(out, "--weights", fifo.toString()),
        "--weights: cannot read " + fifo + ": is a FIFO (named pipe), not a regular file");
    assertOneLineError(
        run(out, "--input", fifo.toString()),
        "--input: cannot read " + fifo + ": is a FIFO (named pipe), not a regular file");
    assertFalse(Files.exists(out));
  }

  @Test
  void characterDeviceAsInputIsRefused() {
    assertOneLineError(
        run(tmp.resolve("out.safetensors"), "--input", "/dev/zero"),
        "--input: cannot read /dev/zero: is a character device, not a regular file");
  }

  @Test
  void missingOutFolderIsNamedNotATemporaryFile() {
    Path out = tmp.resolve("none/out.safetensors");
    assertOneLineError(
        run(out),
        "--out: cannot write " + out + ": the folder " + tmp.resolve("none") + " does not exist");
  }

  @Test
  void outThatIsAFolderOrBelowAFileIsNamed() throws Exception {
    assertOneLineError(
        run(tmp),
        "--out: cannot write " + tmp + ": is a directory; only a regular file is replaced");
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertOneLineError(
        run(file.resolve("out.safetensors")),
        "--out: cannot write "
            + file.resolve("out.safetensors")
            + ": "
            + file
            + " is a regular file, not a folder");
  }

  @Test
  void windowWithATrailingSeparatorIsAUsageError() {
    for (String w : List.of("7x7x", "7x", "x7x7")) {
      CliRun run = run(tmp.resolve("out.safetensors"), "--window", w);
      assertEquals(ExitCodes.USAGE, run.exit(), run.toString());
      assertTrue(run.err().contains("window '" + w + "' must be T, HxW or DxHxW"), run.toString());
    }
  }
}
