package io.github.winattn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static void mkfifo(Path path) throws Exception {
    Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assumeTrue(p.waitFor() == 0, "mkfifo is needed for this test");
  }

  @Test
  void newFileGetsTheUmasksModeNotOwnerOnly() throws Exception {
    Path reference = Files.createFile(dir.resolve("reference")); // the OS applies the umask
    Path target = dir.resolve("out.bin");
    AtomicFiles.write(target, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(target));
    assertEquals(List.of("out.bin", "reference"), names(), "no temporary file is left");
  }

  @Test
  void replacedFileKeepsItsPermissions() throws Exception {
    Path target = dir.resolve("out.bin");
    Files.write(target, new byte[] {9});
    Set<PosixFilePermission> odd = PosixFilePermissions.fromString("rw-r-----");
    Files.setPosixFilePermissions(target, odd);
    AtomicFiles.write(target, "new");
    assertEquals("new", Files.readString(target));
    assertEquals(odd, Files.getPosixFilePermissions(target));
  }

  @Test
  void symbolicLinkAtTheTargetIsRefusedAndNotFollowed() throws Exception {
    Path outside = Files.writeString(dir.resolve("precious.txt"), "keep me");
    Path link = Files.createSymbolicLink(dir.resolve("out.bin"), outside);
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> AtomicFiles.write(link, "evil"));
    assertEquals(link + ": is a symbolic link; only a regular file is replaced", e.getMessage());
    assertEquals("keep me", Files.readString(outside));
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(List.of("out.bin", "precious.txt"), names());
  }

  @Test
  void fifoAndDirectoryAtTheTargetAreRefused() throws Exception {
    Path fifo = dir.resolve("pipe");
    mkfifo(fifo);
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> AtomicFiles.write(fifo, "x"));
    assertEquals(
        fifo + ": is a FIFO (named pipe); only a regular file is replaced", e.getMessage());
    Path folder = Files.createDirectory(dir.resolve("folder"));
    e = assertThrows(FileSystemException.class, () -> AtomicFiles.write(folder, "x"));
    assertEquals(folder + ": is a directory; only a regular file is replaced", e.getMessage());
  }

  @Test
  void characterDeviceIsRefused() {
    Path devNull = Path.of("/dev/null");
    assumeTrue(Files.exists(devNull, LinkOption.NOFOLLOW_LINKS));
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> AtomicFiles.requireReplaceable(devNull));
    assertEquals(
        "/dev/null: is a character device; only a regular file is replaced", e.getMessage());
  }

  @Test
  void failedContentLeavesTheTargetAndNoTemporaryFile() throws Exception {
    Path target = Files.writeString(dir.resolve("out.bin"), "old");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2}));
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(target));
    assertEquals(List.of("out.bin"), names());
  }

  @Test
  void missingFolderIsNamedWithTheTarget() {
    Path target = dir.resolve("none/out.bin");
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> AtomicFiles.write(target, "x"));
    assertEquals(
        target + ": the folder " + dir.resolve("none") + " does not exist", e.getMessage());
  }

  @Test
  void parentThatIsAFileIsNamed() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    FileSystemException e =
        assertThrows(
            FileSystemException.class, () -> AtomicFiles.write(file.resolve("out.bin"), "x"));
    assertEquals(
        file.resolve("out.bin") + ": " + file + " is a regular file, not a folder", e.getMessage());
    Path deeper = file.resolve("a/b/out.bin");
    e = assertThrows(FileSystemException.class, () -> AtomicFiles.write(deeper, "x"));
    assertEquals(deeper + ": " + file + " is a regular file, not a folder", e.getMessage());
  }

  @Test
  void tooLongNameIsRefusedBeforeWriting() throws Exception {
    Path target = dir.resolve("k".repeat(256));
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> AtomicFiles.write(target, "x"));
    assertTrue(
        e.getMessage()
            .endsWith("the file name is 256 bytes long, more than the 255 file systems allow"),
        e.getMessage());
    assertEquals(List.of(), names());
    AtomicFiles.write(dir.resolve("k".repeat(255)), "x"); // the longest name still works
    assertEquals(List.of("k".repeat(255)), names());
  }

  @Test
  void preparedFilesReplaceNothingUntilCommitted() throws Exception {
    Path target = Files.writeString(dir.resolve("a.txt"), "old");
    try (AtomicFiles.Pending p =
        AtomicFiles.prepare(target, out -> out.write(java.nio.ByteBuffer.wrap("new".getBytes())))) {
      assertEquals("old", Files.readString(target));
      assertEquals(2, names().size());
    }
    assertEquals("old", Files.readString(target));
    assertEquals(List.of("a.txt"), names(), "an uncommitted file is deleted on close");
    try (AtomicFiles.Pending p =
        AtomicFiles.prepare(target, out -> out.write(java.nio.ByteBuffer.wrap("new".getBytes())))) {
      p.commit();
    }
    assertEquals("new", Files.readString(target));
    assertFalse(names().size() > 1);
  }
}
