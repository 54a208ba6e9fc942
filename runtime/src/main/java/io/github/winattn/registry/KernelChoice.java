package io.github.winattn.registry;

import java.util.Locale;

/** Which implementation {@link KernelRegistry#bind} should return. */
public enum KernelChoice {
  /** The generated kernel when the shape was generated, else the reference kernel. */
  AUTO("auto"),
  /** Always the reference kernel ({@code generic} is accepted for it too). */
  REFERENCE("reference"),
  /**
   * A generated kernel, the variant chosen by the registry; fails if the shape was not generated.
   */
  GENERATED("generated"),
  /** The Vector API variant; fails if not generated or {@code jdk.incubator.vector} is absent. */
  GENERATED_VECTOR("generated-vector"),
  /** The plain-Java variant; fails if the shape was not generated. */
  GENERATED_PLAIN("generated-plain");

  private final String id;

  KernelChoice(String id) {
    this.id = id;
  }

  /** The command-line spelling, e.g. {@code generated-vector}. */
  public String id() {
    return id;
  }

  /**
   * Parses a command-line spelling ({@code auto}, {@code reference}, {@code generated}, {@code
   * generated-vector}, {@code generated-plain}); {@code generic}, the old name, is accepted for
   * {@code reference}, the name kernels report ({@code AttentionKernel.implementation()}).
   *
   * @throws IllegalArgumentException naming the text and the valid spellings
   */
  public static KernelChoice fromId(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("generic")) {
      return REFERENCE;
    }
    for (KernelChoice c : values()) {
      if (c.id.equals(t)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown kernel '"
            + text
            + "' (expected one of auto, reference, generated, generated-vector, generated-plain)");
  }

  @Override
  public String toString() {
    return id;
  }
}
