package io.github.winattn.generator.plan;

import io.github.winattn.shape.AttentionShape;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link KernelPlan} as the text of the generator's debug dump. */
final class PlanDescription {

  private PlanDescription() {}

  static String of(KernelPlan p) {
    AttentionShape s = p.shape();
    StringBuilder b = new StringBuilder();
    line(b, "kernel", p.classStem() + " (" + p.vectorClassName() + ", " + p.plainClassName() + ")");
    line(b, "shape", s.describe() + (p.masked() ? ", masked" : ", unmasked"));
    line(
        b,
        "tokens",
        s.tokens() + " (N), head dim " + s.headDim() + ", table rows " + s.tableRows());
    Tiling t = p.tiling();
    line(
        b,
        "vector width",
        "FloatVector.SPECIES_PREFERRED at class init; padding planned for up to "
            + p.budgets().maxLanes()
            + " lanes");
    line(
        b,
        "register tile",
        t.rowsPerTile()
            + " rows (MR) x "
            + t.vectorsPerTile()
            + " vectors (NR) = "
            + t.accumulators()
            + " accumulators, projections "
            + t.rowsPerTile()
            + " x "
            + t.projectionVectorsPerTile()
            + " (PROJ_NR) = "
            + t.projectionAccumulators()
            + "; k loop not unrolled"
            + (t.packedProjectionInput()
                ? "; projection inputs copied interleaved by MR rows"
                : ""));
    line(
        b,
        "plain products",
        "linear layers one full output row at a time over rows of w.T; "
            + "attention products "
            + p.plainTiling().rowsPerTile()
            + " rows per tile; inner loops "
            + "c[j] += x * w[j] for C2's auto-vectoriser");
    line(
        b,
        "row padding",
        s.tokens()
            + " -> "
            + t.paddedRows()
            + " rows ("
            + (t.paddedRows() - s.tokens())
            + " zero rows)");
    line(
        b,
        "window groups",
        t.groupWindows() == 1
            ? "1 window per pass (" + t.paddedRows() + " rows)"
            : t.groupWindows()
                + " windows per projection pass ("
                + t.groupRows()
                + " rows, at most "
                + p.budgets().groupQkvBytes()
                + " bytes of qkv); each weight panel read once per group");
    line(
        b,
        "weights",
        s.withQkv()
            ? "packed at bind time into k-major panels of PROJ_NR*LANES columns"
                + (p.scoreScaling() == ScoreScaling.FOLDED_INTO_Q
                    ? "; q rows and q bias times scale " + s.scale()
                    : "")
            : "none (with_qkv=False: q = k = v = x)");
    line(
        b,
        "score scaling",
        p.scoreScaling()
            + switch (p.scoreScaling()) {
              case FOLDED_INTO_Q -> " (q = q * " + s.scale() + " folded into the packed weights)";
              case AFTER_PRODUCT -> " (scores tile times " + s.scale() + " before the store)";
              case COSINE ->
                  " (q, k normalised; scores tile times exp(min(logit_scale[h], log 100)))";
            });
    line(
        b,
        "relative index",
        "per-token offsets base(t), index[i,j] = base(i) - base(j) + "
            + p.centre()
            + ", encoded as "
            + p.indexEncoding()
            + " ("
            + s.tokens()
            + " values)");
    line(
        b,
        "bias",
        p.biasEncoding()
            + switch (p.biasEncoding()) {
              case DENSE ->
                  " (H, N, KEYS) table expanded at bind time, "
                      + mib(p.denseBiasBytes())
                      + " <= budget "
                      + mib(p.budgets().denseBiasBytes());
              case GATHER ->
                  " head-major (H, rows) table, gathered per score row; dense would be "
                      + mib(p.denseBiasBytes())
                      + " > budget "
                      + mib(p.budgets().denseBiasBytes());
            }
            + (s.family() == io.github.winattn.shape.Family.SWIN_V2
                ? "; 16*sigmoid(cpb_mlp) already folded in the weights"
                : ""));
    line(
        b,
        "mask",
        p.masked()
            ? "window b % nW (global b) copied once per window into rows of KEYS, added in the softmax row pass"
            : "none (masked calls rejected)");
    Map<String, Long> ws = p.workspaceFloats(p.budgets().maxLanes());
    line(
        b,
        "workspace",
        mib(p.workspaceBytes())
            + " per thread at "
            + p.budgets().maxLanes()
            + " lanes "
            + ws
            + " floats; ThreadLocal, allocated once per thread");
    if (p.hasFusedMaps()) {
      b.append("fused feature-map entries (row-table loads and stores, no mask array):\n");
      for (FusedMap m : p.fusedMaps()) {
        b.append("  ")
            .append(m.description())
            .append(": ")
            .append(m.windows())
            .append(" windows per image, ")
            .append(
                m.shifted()
                    ? p.windowClasses()
                        + " window classes, cross-region pairs skipped from a region table"
                    : "one region per window, no mask work")
            .append('\n');
      }
    }
    b.append("steps:\n");
    for (PlanStep st : p.steps()) {
      b.append("  ").append(st.kind()).append(": ").append(st.pytorch()).append('\n');
    }
    b.append("products of the vector class (b row stride):\n");
    for (Product pr : p.products()) {
      b.append("  ")
          .append(pr.epilogue())
          .append(": ")
          .append(pr.bRowStride().name())
          .append(pr.interleavedA() ? ", a interleaved by MR rows" : "")
          .append(pr.wholePanels() ? ", whole panels only" : "")
          .append('\n');
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String key, String value) {
    b.append(key).append(": ").append(value).append('\n');
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
  }
}
