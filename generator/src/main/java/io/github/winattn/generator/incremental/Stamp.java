package io.github.winattn.generator.incremental;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The record a build leaves in its source output directory: the digest of its inputs, the number of
 * kernels, and every file it wrote (relative to the source directory, '/'-separated), so the next
 * build knows whether to run and which files are its own to delete.
 */
record Stamp(String digest, int kernels, List<String> files) {

  static final String FILE_NAME = ".winattn-stamp";

  /**
   * The digest of a stamp written just before files are replaced: it matches no inputs, so a build
   * interrupted then is redone, and it lists old and new files, so the next build cleans up.
   */
  static final String INCOMPLETE = "incomplete";

  private static final String HEADER =
      "# WinAttn generator stamp: input digest and files written. Do not edit.";

  Stamp {
    files = List.copyOf(files);
  }

  /** The stamp in {@code sourceDir}, or empty if there is none or it is unreadable. */
  static Optional<Stamp> read(Path sourceDir) throws IOException {
    Path file = sourceDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    String digest = null;
    int kernels = -1;
    List<String> files = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith("digest=")) {
        digest = line.substring("digest=".length());
      } else if (line.startsWith("kernels=")) {
        try {
          kernels = Integer.parseInt(line.substring("kernels=".length()));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      } else if (line.startsWith("file=")) {
        files.add(line.substring("file=".length()));
      }
    }
    if (digest == null || kernels < 0) {
      return Optional.empty();
    }
    return Optional.of(new Stamp(digest, kernels, files));
  }

  /** The stamp's text: sorted, no timestamps, so identical builds leave identical stamps. */
  String text() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    sb.append("digest=").append(digest).append('\n');
    sb.append("kernels=").append(kernels).append('\n');
    files.stream().sorted().forEach(f -> sb.append("file=").append(f).append('\n'));
    return sb.toString();
  }
}
