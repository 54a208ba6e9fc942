package io.github.winattn.safetensors;

import java.io.IOException;

/**
 * A file that is not a valid safetensors file. The message names the file and, where there is
 * one, the tensor; like {@link java.util.zip.ZipException}, it is an {@link IOException} because
 * it is about the bytes read, not about the caller's arguments.
 */
public final class SafetensorsFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  public SafetensorsFormatException(String message) {
    super(message);
  }

  public SafetensorsFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
