package io.github.winattn.generator.plan;

/**
 * One step of the computation and the PyTorch line it implements, written as a comment above the
 * generated block.
 *
 * @param kind which step
 * @param pytorch the official module's code for it, e.g. {@code attn = q @ k.transpose(-2, -1)}
 */
public record PlanStep(StepKind kind, String pytorch) {

  public PlanStep {
    if (kind == null || pytorch == null || pytorch.isBlank()) {
      throw new IllegalArgumentException(
          "plan step needs a kind and its PyTorch text (got " + kind + ")");
    }
  }
}
