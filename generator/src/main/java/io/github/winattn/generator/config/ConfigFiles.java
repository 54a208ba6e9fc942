package io.github.winattn.generator.config;

import io.github.winattn.io.IoMessages;
import io.github.winattn.io.RegularFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Reads a configuration file's bytes with bounds: only a regular file (a FIFO would block, a device
 * never ends), its size checked before reading, and at most {@link #MAX_BYTES} + 1 bytes read
 * whatever the size claims. Every failure is a diagnostic at the file's start.
 */
public final class ConfigFiles {

  /** The largest configuration file read: 1 MiB. */
  public static final int MAX_BYTES = 1 << 20;

  private ConfigFiles() {}

  /**
   * The bytes of {@code file}.
   *
   * @throws ConfigException at {@code file:1:1} if it is missing, not a regular file, larger than
   *     {@link #MAX_BYTES} or unreadable
   */
  public static byte[] read(Path file) throws ConfigException {
    try {
      BasicFileAttributes a = RegularFiles.require(file);
      if (a.size() > MAX_BYTES) {
        throw tooLarge(file, Long.toString(a.size()));
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
          throw tooLarge(file, "more than " + MAX_BYTES);
        }
        return bytes;
      }
    } catch (NoSuchFileException e) {
      throw problem(
          file, "configuration file not found (expected at " + file.toAbsolutePath() + ")");
    } catch (FileSystemException e) {
      throw problem(file, "cannot read the configuration: " + IoMessages.reason(e));
    } catch (IOException e) {
      throw problem(file, "cannot read the configuration: " + IoMessages.describe(e));
    }
  }

  private static ConfigException tooLarge(Path file, String size) {
    return problem(
        file,
        "the file is "
            + size
            + " bytes, more than the limit of "
            + MAX_BYTES
            + " bytes (1 MiB) for a configuration");
  }

  private static ConfigException problem(Path file, String message) {
    return new ConfigException(
        List.of(new Diagnostic(SourceLocation.startOf(file.toString()), message)));
  }
}
