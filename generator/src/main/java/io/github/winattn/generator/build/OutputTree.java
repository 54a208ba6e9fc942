package io.github.winattn.generator.build;

import io.github.winattn.generator.GeneratedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/** Writes generated files below their roots, touching a file only when its content changes. */
final class OutputTree {

  private final Path sourceDir;
  private final Path resourceDir;

  OutputTree(Path sourceDir, Path resourceDir) {
    this.sourceDir = sourceDir.toAbsolutePath().normalize();
    this.resourceDir = resourceDir.toAbsolutePath().normalize();
  }

  Path sourceDir() {
    return sourceDir;
  }

  /** Where {@code file} goes; rejects paths that would leave their root. */
  Path target(GeneratedFile file) {
    String rel = file.relativePath();
    Path root = file.resource() ? resourceDir : sourceDir;
    Path target = root.resolve(rel).normalize();
    if (rel.isEmpty() || rel.contains("\\") || Path.of(rel).isAbsolute() || !target.startsWith(root)
        || target.equals(root)) {
      throw new IllegalStateException(
          "generator produced a file outside its output directory: '" + rel + "'");
    }
    return target;
  }

  /** The stamp's name for a file: relative to the source directory, '/'-separated. */
  String stampName(Path target) {
    return sourceDir.relativize(target).toString().replace('\\', '/');
  }

  /** The file a stamp name stands for; empty-safe against edited stamps that leave both roots. */
  java.util.Optional<Path> fromStampName(String name) {
    Path p = sourceDir.resolve(name).normalize();
    return p.startsWith(sourceDir) || p.startsWith(resourceDir)
        ? java.util.Optional.of(p)
        : java.util.Optional.empty();
  }

  /** Writes {@code content} unless the file already holds exactly it; true if written. */
  static boolean writeIfChanged(Path target, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
      return false;
    }
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return true;
  }

  /** Deletes {@code file} and then its parents while they are empty, stopping at either root. */
  boolean delete(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    Files.delete(file);
    Path dir = file.getParent();
    while (dir != null && !dir.equals(sourceDir) && !dir.equals(resourceDir)
        && (dir.startsWith(sourceDir) || dir.startsWith(resourceDir))) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          break;
        }
      }
      try {
        Files.delete(dir);
      } catch (DirectoryNotEmptyException e) {
        break;
      }
      dir = dir.getParent();
    }
    return true;
  }
}
