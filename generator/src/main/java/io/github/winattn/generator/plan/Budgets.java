package io.github.winattn.generator.plan;

/**
 * The limits a plan must fit: planning inputs, not afterthoughts.
 *
 * @param maxMethodBytes bytecode size above which HotSpot never JIT-compiles a method (8000)
 * @param maxClinitBytes bytes of static initialiser the plan may spend on constant tables; javac
 *     fails at 64 KB, we stay far below
 * @param denseBiasBytes memory above which the bias is not expanded to a dense (H, N, KEYS) table
 * @param workspaceBytes per-thread scratch above which a shape is rejected
 * @param literalTableMaxTokens token count up to which the per-token offsets are an int literal
 *     array; above it they are a packed string constant
 * @param maxLanes the widest vector the padding is planned for (16 floats = 512 bits); the kernel
 *     picks its real width at class initialisation
 */
public record Budgets(
    int maxMethodBytes,
    int maxClinitBytes,
    long denseBiasBytes,
    long workspaceBytes,
    int literalTableMaxTokens,
    int maxLanes) {

  /** The defaults: HotSpot's 8000-byte JIT limit, 16 MB dense bias, 48 MB scratch per thread. */
  public static final Budgets DEFAULT = new Budgets(8000, 16_000, 16L << 20, 48L << 20, 256, 16);

  public Budgets {
    if (maxMethodBytes < 1000 || maxMethodBytes > 65535) {
      throw new IllegalArgumentException("maxMethodBytes must be in 1000..65535 (got " + maxMethodBytes + ")");
    }
    if (maxClinitBytes < 1000 || maxClinitBytes > 65535) {
      throw new IllegalArgumentException("maxClinitBytes must be in 1000..65535 (got " + maxClinitBytes + ")");
    }
    if (denseBiasBytes < 0 || workspaceBytes <= 0) {
      throw new IllegalArgumentException(
          "memory budgets must be positive (got " + denseBiasBytes + ", " + workspaceBytes + ")");
    }
    if (literalTableMaxTokens < 0) {
      throw new IllegalArgumentException("literalTableMaxTokens must be >= 0 (got " + literalTableMaxTokens + ")");
    }
    if (maxLanes < 1 || Integer.bitCount(maxLanes) != 1) {
      throw new IllegalArgumentException("maxLanes must be a power of two (got " + maxLanes + ")");
    }
  }
}
