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
 * @param groupRows rows the vector kernel's projections aim to process per pass: consecutive
 *     windows are grouped until their padded rows reach it, so each packed weight panel is read
 *     once for the whole group instead of once per window
 * @param groupQkvBytes the most the (rows, QKV_STRIDE) qkv output of one window group may take; it
 *     bounds the group's share of the workspace, and so how much of it stays in L2
 */
public record Budgets(
    long denseBiasBytes,
    long workspaceBytes,
    int literalTableMaxTokens,
    int maxLanes,
    int groupRows,
    long groupQkvBytes) {

  /**
   * The defaults: 16 MB dense bias, 48 MB scratch per thread, literal offsets up to 256 tokens,
   * window groups of about 128 rows with at most 1 MiB of qkv.
   */
  public static final Budgets DEFAULT = new Budgets(16L << 20, 48L << 20, 256, 16, 128, 1L << 20);

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
    if (groupRows < 1 || groupQkvBytes < 0) {
      throw new IllegalArgumentException(
          "groupRows must be >= 1 and groupQkvBytes >= 0 (got "
              + groupRows
              + ", "
              + groupQkvBytes
              + ")");
    }
  }

  /** These budgets with the default window groups. */
  public Budgets(
      long denseBiasBytes, long workspaceBytes, int literalTableMaxTokens, int maxLanes) {
    this(denseBiasBytes, workspaceBytes, literalTableMaxTokens, maxLanes, 128, 1L << 20);
  }

  /** These budgets with window groups of about {@code rows} rows and {@code qkvBytes} of qkv. */
  public Budgets withGroups(int rows, long qkvBytes) {
    return new Budgets(
        denseBiasBytes, workspaceBytes, literalTableMaxTokens, maxLanes, rows, qkvBytes);
  }
}
