package io.github.winattn.safetensors;

import io.github.winattn.diagnostics.UntrustedText;
import java.io.IOException;

/**
 * A file that is not a valid safetensors file. The message names the file and, where there is one,
 * the tensor; like {@link java.util.zip.ZipException}, it is an {@link IOException} because it is
 * about the bytes read, not about the caller's arguments. Control characters in the message (from
 * names in the file) are escaped.
 */
public final class SafetensorsFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  public SafetensorsFormatException(String message) {
    super(UntrustedText.escape(message));
  }

  public SafetensorsFormatException(String message, Throwable cause) {
    super(UntrustedText.escape(message), cause);
  }
}
