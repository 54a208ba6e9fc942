package io.github.winattn.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Checks that a path is a regular file before it is opened, naming what it is otherwise. */
public final class RegularFiles {

  private RegularFiles() {}

  /**
   * The attributes of {@code file} (symbolic links followed: a link to a regular file is fine to
   * read) if it is a regular file.
   *
   * @throws NoSuchFileException if it does not exist
   * @throws FileSystemException naming the file and what it is ("a directory", "a FIFO (named
   *     pipe)", "a character device", ...) if it is not a regular file
   */
  public static BasicFileAttributes require(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    if (!a.isRegularFile()) {
      String what =
          Files.isSymbolicLink(file) ? "a symbolic link to " + kind(file.toRealPath()) : kind(file);
      throw new FileSystemException(file.toString(), null, "is " + what + ", not a regular file");
    }
    return a;
  }

  /**
   * What {@code path} is, in words: "a regular file", "a directory", "a symbolic link", "a FIFO
   * (named pipe)", "a character device", "a block device", "a socket", "nothing" (absent) or "a
   * special file". Symbolic links are not followed.
   */
  public static String kind(Path path) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return "nothing";
    }
    if (a.isSymbolicLink()) {
      return "a symbolic link";
    }
    if (a.isRegularFile()) {
      return "a regular file";
    }
    if (a.isDirectory()) {
      return "a directory";
    }
    return unixKind(path);
  }

  /** FIFO, device or socket from the Unix mode bits, where the platform exposes them. */
  private static String unixKind(Path path) {
    try {
      Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return switch (((Integer) mode) & 0170000) {
        case 0010000 -> "a FIFO (named pipe)";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0140000 -> "a socket";
        default -> "a special file";
      };
    } catch (IOException
        | UnsupportedOperationException
        | IllegalArgumentException
        | ClassCastException e) {
      return "a special file";
    }
  }
}
