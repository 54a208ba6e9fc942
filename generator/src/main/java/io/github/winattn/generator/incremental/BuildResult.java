package io.github.winattn.generator.incremental;

import java.nio.file.Path;
import java.util.List;

/**
 * What a build did.
 *
 * @param upToDate true if the inputs were unchanged and nothing was done
 * @param kernels number of kernels the output holds
 * @param written files written (new or changed content), in generation order
 * @param deleted stale files removed: written by an earlier build, no longer produced
 * @param unchanged files produced again with the same content, left untouched
 */
public record BuildResult(
    boolean upToDate, int kernels, List<Path> written, List<Path> deleted, int unchanged) {

  public BuildResult {
    if (kernels < 0 || unchanged < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative (kernels " + kernels + ", unchanged " + unchanged + ")");
    }
    written = List.copyOf(written);
    deleted = List.copyOf(deleted);
    if (upToDate && (!written.isEmpty() || !deleted.isEmpty())) {
      throw new IllegalArgumentException("an up-to-date build writes and deletes nothing");
    }
  }

  static BuildResult upToDate(int kernels) {
    return new BuildResult(true, kernels, List.of(), List.of(), 0);
  }

  /** One line for a build log, e.g. {@code 12 kernels generated (24 files written, 1 deleted)}. */
  public String summary() {
    String k = count(kernels, "kernel");
    if (upToDate) {
      return k + " up to date (configuration, options and generator unchanged)";
    }
    return k
        + " generated ("
        + count(written.size(), "file")
        + " written, "
        + unchanged
        + " unchanged, "
        + deleted.size()
        + " stale deleted)";
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
