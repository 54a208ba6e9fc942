package io.github.winattn.registry;

import java.util.Optional;

/**
 * Thrown by {@link KernelRegistry#bind} when the requested kernel cannot be provided: the shape was
 * not generated (or not with mask support), the Vector API module is absent, strict mode forbids
 * the reference fallback, or a catalogue names a class that cannot be loaded. The message names the
 * shape and what to do, in Java terms ({@code KernelChoice.GENERATED_VECTOR}); a command line can
 * say it in its own terms with {@link #reason()} and {@link #choice()}.
 */
public final class KernelUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final transient KernelChoice choice;

  public KernelUnavailableException(String message) {
    super(message);
    this.reason = message;
    this.choice = null;
  }

  public KernelUnavailableException(String message, Throwable cause) {
    super(message, cause);
    this.reason = message;
    this.choice = null;
  }

  /**
   * An explicit {@code choice} the registry cannot honour: the message is {@code reason
   * (KernelChoice.NAME)}.
   */
  public KernelUnavailableException(String reason, KernelChoice choice) {
    super(reason + " (KernelChoice." + choice.name() + ")");
    this.reason = reason;
    this.choice = choice;
  }

  /** What is missing and what to do, without the choice that asked for it. */
  public String reason() {
    return reason;
  }

  /** The explicit choice that could not be honoured, if that is why this was thrown. */
  public Optional<KernelChoice> choice() {
    return Optional.ofNullable(choice);
  }
}
