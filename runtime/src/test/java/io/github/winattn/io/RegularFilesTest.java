package io.github.winattn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.winattn.safetensors.SafetensorsFile;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RegularFilesTest {

  @TempDir Path dir;

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void fifoIsRefusedBeforeItIsOpened() throws Exception {
    Path fifo = dir.resolve("weights.safetensors");
    AtomicFilesTest.mkfifo(fifo);
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> SafetensorsFile.open(fifo));
    assertEquals(fifo + ": is a FIFO (named pipe), not a regular file", e.getMessage());
  }

  @Test
  void directoryAndDeviceAreNamed() throws Exception {
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> RegularFiles.require(dir));
    assertEquals(dir + ": is a directory, not a regular file", e.getMessage());
    e = assertThrows(FileSystemException.class, () -> RegularFiles.require(Path.of("/dev/zero")));
    assertEquals("/dev/zero: is a character device, not a regular file", e.getMessage());
  }

  @Test
  void linkToARegularFileIsFineToRead() throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("l"), file);
    assertEquals(1, RegularFiles.require(link).size());
    Path toDevice = Files.createSymbolicLink(dir.resolve("zero"), Path.of("/dev/zero"));
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> RegularFiles.require(toDevice));
    assertEquals(
        toDevice + ": is a symbolic link to a character device, not a regular file",
        e.getMessage());
  }
}
