package io.github.winattn.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * I/O errors in words: the JDK's {@code AccessDeniedException: /com} becomes {@code /com:
 * permission denied}.
 */
public final class IoMessages {

  private IoMessages() {}

  /** {@code file: reason} (and {@code -> other} for two-file errors), or the message. */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      return f.getFile()
          + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile())
          + ": "
          + reason(f);
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** Why the operation failed, without the file names. */
  public static String reason(IOException e) {
    if (e instanceof FileSystemException f) {
      if (f.getReason() != null && !f.getReason().isBlank()) {
        return f.getReason();
      }
      if (e instanceof AccessDeniedException) {
        return "permission denied";
      }
      if (e instanceof NoSuchFileException) {
        return "no such file or folder";
      }
      if (e instanceof FileAlreadyExistsException) {
        return "already exists";
      }
      if (e instanceof NotDirectoryException) {
        return "not a folder";
      }
      if (e instanceof DirectoryNotEmptyException) {
        return "folder not empty";
      }
      return e.getClass().getSimpleName();
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
