package io.github.winattn.generator.plan;

/**
 * The limits a plan must fit: planning inputs, not afterthoughts. HotSpot's 8000-byte JIT limit is
 * not a budget: no emitted method grows with the shape, and tests read the compiled class files to
 * prove every method stays under it.
 *
 * @param denseBiasBytes memory above which the bias is not expanded to a dense (H, N, KEYS) table
 * @param workspaceBytes per-thread scratch above which a shape is rejected
 * @param literalTableMaxTokens token count up to which the per-token offsets are an int literal
 *     array; above it they are a packed string constant
 * @param maxLanes the widest vector the padding is planned for (16 floats = 512 bits); the kernel
 *     picks its real width at class initialisation
 */
public record Budgets(
    long denseBiasBytes, long workspaceBytes, int literalTableMaxTokens, int maxLanes) {

  /** The defaults: 16 MB dense bias, 48 MB scratch per thread, literal offsets up to 256 tokens. */
  public static final Budgets DEFAULT = new Budgets(16L << 20, 48L << 20, 256, 16);

  public Budgets {
    if (denseBiasBytes < 0 || workspaceBytes <= 0) {
      throw new IllegalArgumentException(
          "memory budgets must be positive (got " + denseBiasBytes + ", " + workspaceBytes + ")");
    }
    if (literalTableMaxTokens < 0) {
      throw new IllegalArgumentException(
          "literalTableMaxTokens must be >= 0 (got " + literalTableMaxTokens + ")");
    }
    if (maxLanes < 1 || Integer.bitCount(maxLanes) != 1) {
      throw new IllegalArgumentException("maxLanes must be a power of two (got " + maxLanes + ")");
    }
  }
}
