package io.github.winattn.registry;

/**
 * Thrown by {@link KernelRegistry#bind} when the requested kernel cannot be provided: the shape
 * was not generated (or not with mask support), the Vector API module is absent, strict mode
 * forbids the reference fallback, or a catalogue names a class that cannot be loaded. The message
 * names the shape and what to do.
 */
public final class KernelUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KernelUnavailableException(String message) {
    super(message);
  }

  public KernelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
