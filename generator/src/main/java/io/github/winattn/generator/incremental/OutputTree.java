package io.github.winattn.generator.incremental;

import io.github.winattn.generator.GeneratedFile;
import io.github.winattn.io.RegularFiles;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Where generated files go below their roots, and the folders that hold them. */
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
    if (rel.isEmpty()
        || rel.contains("\\")
        || Path.of(rel).isAbsolute()
        || !target.startsWith(root)
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

  /**
   * Checks, creating nothing, that every existing element of {@code dir} below its root is a real
   * folder (not a symbolic link or a file), so that nothing is written outside the roots.
   */
  void checkFolders(Path dir) throws IOException {
    walkFolders(dir, false);
  }

  /**
   * Creates {@code dir} and its missing parents below the root that holds it, with the checks of
   * {@link #checkFolders}.
   *
   * @return the folders created, outermost first
   */
  List<Path> createFolders(Path dir) throws IOException {
    return walkFolders(dir, true);
  }

  private List<Path> walkFolders(Path dir, boolean create) throws IOException {
    Path root = dir.startsWith(sourceDir) ? sourceDir : resourceDir;
    if (!dir.startsWith(root)) {
      throw new IllegalStateException(dir + " is outside the output roots");
    }
    List<Path> created = new ArrayList<>();
    requireFolderOrAbsent(root);
    if (create) {
      Files.createDirectories(root);
    }
    Path current = root;
    for (Path part : root.relativize(dir)) {
      current = current.resolve(part);
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        if (!create) {
          break;
        }
        Files.createDirectory(current);
        created.add(current);
        continue;
      }
      if (!a.isDirectory()) {
        throw new FileSystemException(
            current.toString(),
            null,
            "is "
                + RegularFiles.kind(current)
                + ", not a folder; generated files go only into real"
                + " folders below "
                + root);
      }
    }
    return created;
  }

  /**
   * Checks that {@code root} is a folder, or absent below an existing folder, naming the element
   * that is in the way otherwise ({@code --out} an existing file, or a path below one).
   */
  private static void requireFolderOrAbsent(Path root) throws IOException {
    for (Path p = root; p != null; p = p.getParent()) {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(p, BasicFileAttributes.class);
      } catch (FileSystemException e) { // absent, or below a file: look further up
        continue;
      }
      if (!a.isDirectory()) {
        throw new FileSystemException(
            root.toString(),
            null,
            (p.equals(root) ? "" : p + " ") + "is " + RegularFiles.kind(p) + ", not a folder");
      }
      return;
    }
  }

  /** True if every folder between {@code file} and its root is a real one, not a link. */
  private boolean inRealFolders(Path file) {
    try {
      checkFolders(file.getParent());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes {@code file} and then its parents while they are empty, stopping at either root. */
  boolean delete(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !inRealFolders(file)) {
      return false;
    }
    Files.delete(file);
    Path dir = file.getParent();
    while (dir != null
        && !dir.equals(sourceDir)
        && !dir.equals(resourceDir)
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
