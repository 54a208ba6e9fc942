package io.github.winattn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The one way WinAttn writes a file. The content goes to a temporary file created exclusively
 * (never opened if something, a symbolic link included, already has its name) with an unpredictable
 * name in the target's folder, is forced to disk, and is then moved over the target atomically, so
 * a reader sees the old file or the new one, never half of one.
 *
 * <p>Rules: the target must be absent or a regular file; a symbolic link, directory, FIFO or device
 * there is refused, never followed or replaced. A new file gets the mode the process's umask gives
 * ({@code 0666 & ~umask}, like {@code touch}); a replaced file keeps its permissions. File names
 * longer than {@value #MAX_NAME_BYTES} UTF-8 bytes are refused before anything is written. On any
 * failure the temporary file is deleted and the target is left as it was.
 *
 * <p>{@link #prepare} and {@link Pending#commit} split a write in two, so that a caller writing
 * several files can write them all before replacing any.
 */
public final class AtomicFiles {

  /** The longest file name (one path element) most file systems accept. */
  public static final int MAX_NAME_BYTES = 255;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int TEMP_PREFIX_CHARS = 48;

  private AtomicFiles() {}

  /** Writes the bytes of a file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(WritableByteChannel out) throws IOException;
  }

  /** Writes {@code bytes} to {@code target} atomically. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> writeAll(out, bytes));
  }

  /** Writes {@code text} as UTF-8 to {@code target} atomically. */
  public static void write(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes what {@code content} produces to {@code target} atomically. */
  public static void write(Path target, Content content) throws IOException {
    try (Pending p = prepare(target, content)) {
      p.commit();
    }
  }

  /**
   * Writes the content to a temporary file next to {@code target} without touching the target.
   * Commit it with {@link Pending#commit()}; closing an uncommitted one deletes it.
   *
   * @throws FileSystemException naming the target if it is not absent or a regular file, its name
   *     is too long, or its folder is missing or not a folder
   */
  public static Pending prepare(Path target, Content content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = folderOf(absolute);
    boolean exists = requireReplaceable(absolute);
    Path temp = null;
    FileChannel ch = null;
    for (int attempt = 0; ch == null; attempt++) {
      temp = dir.resolve(tempName(absolute));
      try {
        ch =
            FileChannel.open(
                temp,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 8) {
          throw new FileSystemException(
              target.toString(),
              null,
              "cannot create a temporary file in " + dir + ": names keep colliding");
        }
      } catch (AccessDeniedException e) {
        throw new AccessDeniedException(
            target.toString(), null, "permission denied creating a file in " + dir);
      } catch (FileSystemException e) {
        throw new FileSystemException(
            target.toString(),
            null,
            "cannot create a file in " + dir + ": " + IoMessages.reason(e));
      }
    }
    boolean ok = false;
    try (FileChannel out = ch) {
      if (exists) {
        keepPermissions(absolute, temp);
      }
      content.writeTo(out);
      out.force(true);
      ok = true;
    } finally {
      if (!ok) {
        Files.deleteIfExists(temp);
      }
    }
    return new Pending(temp, absolute);
  }

  /**
   * Checks, without writing anything, that {@link #write} can put a file at {@code target}: its
   * folder exists and it is absent or a regular file. Lets a command fail before long work.
   *
   * @throws FileSystemException naming the target and the problem
   */
  public static void checkTarget(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    folderOf(absolute);
    requireReplaceable(absolute);
  }

  /**
   * Checks that {@code target} may be replaced by a regular file: it is absent or a regular file
   * (not a symbolic link to one), and its name fits in {@value #MAX_NAME_BYTES} bytes.
   *
   * @return true if it exists
   * @throws FileSystemException naming the target and what it is otherwise
   */
  public static boolean requireReplaceable(Path target) throws IOException {
    Path name = target.getFileName();
    if (name == null) {
      throw new FileSystemException(target.toString(), null, "is not a file name");
    }
    int bytes = name.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      throw new FileSystemException(
          shorten(target.toString(), 120),
          null,
          "the file name is "
              + bytes
              + " bytes long, more than the "
              + MAX_NAME_BYTES
              + " file systems allow");
    }
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return false;
    }
    if (!a.isRegularFile()) {
      throw new FileSystemException(
          target.toString(),
          null,
          "is " + RegularFiles.kind(target) + "; only a regular file is replaced");
    }
    return true;
  }

  /** The folder {@code target} goes into, which must exist. */
  private static Path folderOf(Path target) throws IOException {
    Path dir = target.getParent();
    if (dir == null) {
      throw new FileSystemException(target.toString(), null, "has no parent folder");
    }
    for (Path p = dir; p != null; p = p.getParent()) {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(p, BasicFileAttributes.class);
      } catch (FileSystemException e) { // absent, or below a file: look further up
        continue;
      }
      if (!a.isDirectory()) {
        throw new FileSystemException(
            target.toString(), null, p + " is " + RegularFiles.kind(p) + ", not a folder");
      }
      if (!p.equals(dir)) {
        throw new NoSuchFileException(
            target.toString(), null, "the folder " + dir + " does not exist");
      }
      return dir;
    }
    throw new NoSuchFileException(target.toString(), null, "the folder " + dir + " does not exist");
  }

  private static String tempName(Path target) {
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    return "."
        + shorten(target.getFileName().toString(), TEMP_PREFIX_CHARS)
        + "."
        + HexFormat.of().formatHex(random)
        + ".tmp";
  }

  private static String shorten(String s, int chars) {
    if (s.length() <= chars) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(chars - 1)) ? chars - 1 : chars;
    return s.substring(0, end) + "...";
  }

  private static void keepPermissions(Path from, Path to) throws IOException {
    PosixFileAttributeView target =
        Files.getFileAttributeView(from, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    PosixFileAttributeView temp =
        Files.getFileAttributeView(to, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (target != null && temp != null) {
      temp.setPermissions(target.readAttributes().permissions());
    }
  }

  private static void writeAll(WritableByteChannel out, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  /** A complete temporary file waiting to replace its target. */
  public static final class Pending implements AutoCloseable {

    private final Path temp;
    private final Path target;
    private boolean committed;

    private Pending(Path temp, Path target) {
      this.temp = temp;
      this.target = target;
    }

    /** The absolute target. */
    public Path target() {
      return target;
    }

    /**
     * Moves the temporary file over the target, after checking again that the target is absent or a
     * regular file.
     */
    public void commit() throws IOException {
      if (committed) {
        throw new IllegalStateException(target + " is already committed");
      }
      requireReplaceable(target);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
    }

    /** Deletes the temporary file unless it was committed. */
    @Override
    public void close() throws IOException {
      if (!committed) {
        Files.deleteIfExists(temp);
      }
    }
  }
}
