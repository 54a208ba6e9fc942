package io.github.winattn.cli.forward;

import io.github.winattn.cli.error.CliException;
import io.github.winattn.diagnostics.UntrustedText;
import io.github.winattn.io.IoMessages;
import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.safetensors.SafetensorsFormatException;
import io.github.winattn.weights.TensorSource;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Opening safetensors files and formatting tensor shapes, with errors naming the flag. */
public final class Tensors {

  private Tensors() {}

  /**
   * Opens {@code path}, given as {@code flag}.
   *
   * @throws CliException naming the flag and the file if it is missing, unreadable, not a regular
   *     file (a FIFO would block forever) or malformed
   */
  public static SafetensorsFile open(String flag, Path path) {
    if (Files.isDirectory(path)) {
      throw new CliException(flag + " " + path + ": is a directory, not a safetensors file");
    }
    try {
      return SafetensorsFile.open(path);
    } catch (NoSuchFileException e) {
      throw new CliException(flag + " " + path + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new CliException(flag + " " + path + ": permission denied", e);
    } catch (SafetensorsFormatException e) {
      throw new CliException(flag + ": not a valid safetensors file: " + e.getMessage(), e);
    } catch (IOException e) { // e.g. a FIFO or a device: refused before it is opened
      throw new CliException(flag + ": cannot read " + IoMessages.describe(e), e);
    }
  }

  /** {@code layers.0.attn.qkv.weight (96, 32)}, or the name and "absent". */
  public static String where(TensorSource source, String name) {
    return UntrustedText.quote(name)
        + (source.contains(name) ? " " + format(source.shape(name)) : " (absent)");
  }

  /** {@code (3, 49, 32)}. */
  public static String format(List<Long> shape) {
    return shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
  }
}
