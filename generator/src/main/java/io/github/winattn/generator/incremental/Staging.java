package io.github.winattn.generator.incremental;

import io.github.winattn.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The changed files of one build, each first written completely to a temporary file next to its
 * target, then all moved into place by {@link #commit()}. If any file cannot be written, closing
 * without committing deletes every temporary file and every folder this build created, so the
 * output is exactly as it was.
 */
final class Staging implements AutoCloseable {

  private final OutputTree tree;
  private final List<AtomicFiles.Pending> pending = new ArrayList<>();
  private final List<Path> createdFolders = new ArrayList<>();
  private int committed;

  Staging(OutputTree tree) {
    this.tree = tree;
  }

  /** Writes {@code bytes} to a temporary file beside {@code target}; the target is untouched. */
  void add(Path target, byte[] bytes) throws IOException {
    createdFolders.addAll(tree.createFolders(target.getParent()));
    pending.add(
        AtomicFiles.prepare(
            target,
            out -> {
              ByteBuffer b = ByteBuffer.wrap(bytes);
              while (b.hasRemaining()) {
                out.write(b);
              }
            }));
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }

  /** Moves every temporary file over its target, in the order added. */
  void commit() throws IOException {
    for (AtomicFiles.Pending p : pending) {
      p.commit();
      committed++;
    }
  }

  /** Deletes what an unfinished build left: temporary files, and folders it created if empty. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    for (AtomicFiles.Pending p : pending) {
      try {
        p.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (committed < pending.size()) {
      for (int i = createdFolders.size() - 1; i >= 0; i--) {
        try {
          Files.deleteIfExists(createdFolders.get(i));
        } catch (DirectoryNotEmptyException e) {
          // holds files committed before the failure
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
