package io.github.winattn.generator.plan;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.RelativePositionIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes every decision for a shape: register tiling and row padding, how the relative index and the
 * bias are encoded, where the q.k factor goes, the constants and buffers of each class. A shape
 * that cannot fit the {@link Budgets} is rejected with a reason, never planned as a slow kernel.
 *
 * <p>The method split is shape-independent by construction: matrix products are loops over {@code
 * MR x NR} register tiles, so no method grows with the window or the dim; only constant tables and
 * scratch memory grow, and those are what the budgets bound. The real method sizes are checked
 * against HotSpot's 8000-byte JIT limit by tests that read the compiled classes.
 */
public final class KernelPlanner {

  /**
   * Vectors per register tile (NR) of the attention products: 2 vectors x 8 rows = 16 accumulators.
   */
  static final int VECTORS_PER_TILE = 2;

  /**
   * Vectors per register tile of the projections (PROJ_NR) where the dim allows whole panels of
   * that many full-width vectors: 3 vectors x MR rows (up to 24 accumulators of AVX-512's 32
   * registers) load 2/3 as much weight per FMA as 2 vectors. Measured on AVX-512 (GemmExplore, JMH
   * sample mode, JDK 25): see the README, "How the vector kernel gets there".
   */
  static final int PROJECTION_VECTORS_PER_TILE = 3;

  /**
   * The most accumulators a projection tile may hold: C2 keeps 7 x 3 = 21 of them, the 3 weight
   * vectors and the broadcasts in AVX-512's 32 registers, but spills one accumulator of an 8 x 3
   * tile to the stack on every k step (seen in its assembly, JDK 25), which made 8 x 3 slower than
   * 8 x 2.
   */
  static final int MAX_PROJECTION_ACCUMULATORS = 21;

  /**
   * The vector width (floats) from which the projections use {@link #PROJECTION_VECTORS_PER_TILE}:
   * 16 lanes means AVX-512 and its 32 registers; with 8 lanes (AVX2, 16 registers) a 7 x 3 tile
   * spilled and was 1.2x slower than 7 x 2 (swin_t_s4 with -XX:UseAVX=2), so the class takes 2.
   */
  static final int WIDE_PROJECTION_LANES = 16;

  /**
   * From this dim on the projections read an MR-interleaved copy of their input: measured on Swin-T
   * (AVX-512), the qkv product of stage 3 (C = 384) 6% faster with the copy, stage 1 (C = 96) 5%
   * slower, the copy costing more than the strided rows it saves.
   */
  static final int PACKED_INPUT_MIN_DIM = 256;

  /** Plain kernel: 4 rows per tile of the attention products. */
  static final PlainTiling PLAIN_TILING = new PlainTiling(4);

  private final Budgets budgets;

  public KernelPlanner(Budgets budgets) {
    if (budgets == null) {
      throw new IllegalArgumentException("budgets == null");
    }
    this.budgets = budgets;
  }

  public KernelPlanner() {
    this(Budgets.DEFAULT);
  }

  /** Why {@code shape} cannot be planned within the budgets, or empty if it can. */
  public Optional<String> unsupportedReason(AttentionShape shape, boolean masked) {
    KernelPlan p = draft(shape, masked, "Check");
    long ws = p.workspaceBytes();
    if (ws > budgets.workspaceBytes()) {
      return Optional.of(
          shape.describe()
              + ": the vector kernel needs "
              + mib(ws)
              + " of scratch per thread ("
              + p.workspaceFloats(budgets.maxLanes())
              + " floats), more than the budget of "
              + mib(budgets.workspaceBytes()));
    }
    if (p.indexEncoding() == IndexEncoding.PACKED_STRING && shape.tokens() * 3L > 65_000) {
      return Optional.of(
          shape.describe()
              + ": "
              + shape.tokens()
              + " token offsets do not fit one class-file string constant");
    }
    return Optional.empty();
  }

  /**
   * Plans {@code shape}.
   *
   * @throws IllegalArgumentException with the reason when the shape is unsupported
   */
  public KernelPlan plan(AttentionShape shape, boolean masked, String classStem) {
    return plan(shape, masked, classStem, List.of());
  }

  /**
   * Plans {@code shape} with fused entries for the feature maps {@code maps} (each one of the
   * runtime's geometries for the shape's block; maps with the same size and clamped shift once).
   *
   * @throws IllegalArgumentException with the reason when the shape is unsupported
   */
  public KernelPlan plan(
      AttentionShape shape,
      boolean masked,
      String classStem,
      List<io.github.winattn.featuremap.FeatureMapGeometry> maps) {
    if (classStem == null || classStem.isEmpty()) {
      throw new IllegalArgumentException("classStem must be a non-empty Java identifier");
    }
    Optional<String> reason = unsupportedReason(shape, masked);
    if (reason.isPresent()) {
      throw new IllegalArgumentException("unsupported shape " + reason.get());
    }
    KernelPlan p = draft(shape, masked, classStem);
    List<FusedMap> fused = new ArrayList<>();
    for (io.github.winattn.featuremap.FeatureMapGeometry g : maps) {
      FusedMap f = fusedMap(g);
      if (fused.stream().noneMatch(e -> e.size().equals(f.size()) && e.shift().equals(f.shift()))) {
        fused.add(f);
      }
    }
    return new KernelPlan(
        p.shape(),
        p.masked(),
        p.classStem(),
        p.tiling(),
        p.plainTiling(),
        p.biasEncoding(),
        p.indexEncoding(),
        p.tokenOffsets(),
        p.centre(),
        p.scoreScaling(),
        p.steps(),
        p.vectorLayout(),
        p.plainLayout(),
        p.products(),
        p.budgets(),
        p.denseBiasBytes(),
        fused);
  }

  private static FusedMap fusedMap(io.github.winattn.featuremap.FeatureMapGeometry g) {
    List<Integer> size = java.util.Arrays.stream(g.size()).boxed().toList();
    List<Integer> shift = java.util.Arrays.stream(g.shift()).boxed().toList();
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < size.size(); i++) {
      d.append(i == 0 ? "" : "x").append(size.get(i));
    }
    if (g.family() == Family.TEMPORAL) {
      d.append(" (T x N)");
    } else {
      d.append(" shift ");
      for (int i = 0; i < shift.size(); i++) {
        d.append(i == 0 ? "" : "x").append(shift.get(i));
      }
    }
    return new FusedMap(size, shift, g.windows(), d.toString());
  }

  private KernelPlan draft(AttentionShape shape, boolean masked, String stem) {
    int n = shape.tokens();
    int mr = rowsPerTile(n);
    int rows = (n + mr - 1) / mr * mr;
    Tiling tiling =
        new Tiling(
            mr,
            VECTORS_PER_TILE,
            projectionVectorsPerTile(shape, mr, budgets),
            rows,
            shape.withQkv() && shape.dim() >= PACKED_INPUT_MIN_DIM,
            groupWindows(shape, rows, budgets));
    long keysMax = (n + budgets.maxLanes() - 1L) / budgets.maxLanes() * budgets.maxLanes();
    long dense = 4L * shape.heads() * n * keysMax;
    BiasEncoding bias =
        dense <= budgets.denseBiasBytes() ? BiasEncoding.DENSE : BiasEncoding.GATHER;
    IndexEncoding index =
        n <= budgets.literalTableMaxTokens() ? IndexEncoding.LITERAL : IndexEncoding.PACKED_STRING;
    List<Integer> offsets = new ArrayList<>(n);
    for (int t = 0; t < n; t++) {
      offsets.add(RelativePositionIndex.offset(shape.window(), t));
    }
    ScoreScaling scaling =
        switch (shape.family()) {
          case SWIN_V2 -> ScoreScaling.COSINE;
          case TEMPORAL -> ScoreScaling.AFTER_PRODUCT;
          default -> ScoreScaling.FOLDED_INTO_Q;
        };
    int centre = RelativePositionIndex.centre(shape.window());
    Layout vector = LayoutPlanner.vector(shape, centre, tiling, masked, bias);
    return new KernelPlan(
        shape,
        masked,
        stem,
        tiling,
        PLAIN_TILING,
        bias,
        index,
        offsets,
        centre,
        scaling,
        steps(shape, masked),
        vector,
        LayoutPlanner.plain(shape, centre, PLAIN_TILING),
        products(vector, tiling, shape, scaling),
        budgets,
        dense,
        List.of());
  }

  /** The product routines of the vector class: qkv and proj, q @ k^T, attn @ v. */
  private static List<Product> products(
      Layout l, Tiling t, AttentionShape shape, ScoreScaling scaling) {
    List<Product> p = new ArrayList<>();
    if (shape.withQkv()) {
      // QKV_STRIDE and PROJ_STRIDE are rounded up to whole panels
      p.add(
          new Product(
              Epilogue.BIAS,
              l.constant("WEIGHT_PANEL"),
              t.packedProjectionInput(),
              true,
              l.constant("PROJ_NR")));
    }
    p.add(
        new Product(
            scaling == ScoreScaling.FOLDED_INTO_Q ? Epilogue.NONE : Epilogue.SCALE,
            l.constant("KEYS"),
            false,
            false,
            l.constant("NR")));
    p.add(
        new Product(Epilogue.ROW_SCALE, l.constant("SRC_STRIDE"), false, false, l.constant("NR")));
    return p;
  }

  /**
   * MR: the tokens are padded to a multiple of MR, so pick the MR in 4..8 that wastes the fewest
   * padding rows (the larger on ties); windows under 8 tokens take MR = N.
   */
  static int rowsPerTile(int tokens) {
    if (tokens <= 8) {
      return tokens;
    }
    int best = 8;
    int bestWaste = Integer.MAX_VALUE;
    for (int mr = 8; mr >= 4; mr--) {
      int waste = (tokens + mr - 1) / mr * mr - tokens;
      if (waste < bestWaste) {
        best = mr;
        bestWaste = waste;
      }
    }
    return best;
  }

  /**
   * PROJ_NR: {@link #PROJECTION_VECTORS_PER_TILE} when the qkv and proj outputs (3C and C columns)
   * split into whole panels of that many widest vectors (C = 128 would pad proj's 128 columns to
   * 144) and MR rows of it fit {@link #MAX_PROJECTION_ACCUMULATORS}; else {@link
   * #VECTORS_PER_TILE}.
   */
  static int projectionVectorsPerTile(AttentionShape shape, int rowsPerTile, Budgets budgets) {
    return shape.dim() % (PROJECTION_VECTORS_PER_TILE * budgets.maxLanes()) == 0
            && rowsPerTile * PROJECTION_VECTORS_PER_TILE <= MAX_PROJECTION_ACCUMULATORS
        ? PROJECTION_VECTORS_PER_TILE
        : VECTORS_PER_TILE;
  }

  /**
   * GROUP: how many consecutive windows the projections process in one pass. A window of 8-49 rows
   * uses each packed weight panel (DIM x PANEL floats, 98 KB at C = 768) for a few register tiles
   * only, so per window the C x 3C weights stream again from L3 or memory; a group reuses each
   * panel for all its rows. Windows are added until their rows reach {@link Budgets#groupRows()},
   * as long as the group's qkv rows stay within {@link Budgets#groupQkvBytes()}; a window with that
   * many rows alone, or a kernel without projections, takes GROUP = 1.
   */
  static int groupWindows(AttentionShape shape, int paddedRows, Budgets budgets) {
    if (!shape.withQkv() || paddedRows >= budgets.groupRows()) {
      return 1;
    }
    long panel =
        (long) projectionVectorsPerTile(shape, rowsPerTile(shape.tokens()), budgets)
            * budgets.maxLanes();
    long qkvRowBytes = 4L * ((3L * shape.dim() + panel - 1) / panel * panel);
    long wanted = (budgets.groupRows() + paddedRows - 1) / paddedRows;
    long fits = budgets.groupQkvBytes() / (paddedRows * qkvRowBytes);
    return (int) Math.max(1, Math.min(wanted, fits));
  }

  private static List<PlanStep> steps(AttentionShape shape, boolean masked) {
    Family f = shape.family();
    List<PlanStep> s = new ArrayList<>();
    if (shape.withQkv()) {
      s.add(
          new PlanStep(
              StepKind.QKV_PROJECTION,
              f == Family.SWIN_V2
                  ? "qkv = F.linear(input=x, weight=self.qkv.weight, bias=qkv_bias)"
                  : "qkv = self.qkv(x)"));
      s.add(
          new PlanStep(
              StepKind.HEAD_SPLIT,
              "q, k, v = qkv.reshape(B_, N, 3, self.num_heads, C // self.num_heads).permute(2, 0, 3, 1, 4)"));
    } else {
      s.add(
          new PlanStep(
              StepKind.HEAD_SPLIT,
              "q = k = v = x.reshape(B, N, self.num_heads, C // self.num_heads).permute(0, 2, 1, 3)"));
    }
    switch (f) {
      case SWIN_V2 -> {
        s.add(new PlanStep(StepKind.NORMALIZE, "F.normalize(q, dim=-1), F.normalize(k, dim=-1)"));
        s.add(
            new PlanStep(
                StepKind.SCORES,
                "attn = (F.normalize(q, dim=-1) @ F.normalize(k, dim=-1)"
                    + ".transpose(-2, -1)) * torch.clamp(self.logit_scale, max=log(1. / 0.01)).exp()"));
        s.add(
            new PlanStep(
                StepKind.BIAS,
                "attn = attn + 16 * torch.sigmoid(relative_position_bias)  (folded at bind time)"));
      }
      case TEMPORAL -> {
        s.add(new PlanStep(StepKind.SCORES, "attn = (q @ k.transpose(-2, -1)) * self.scale"));
        s.add(
            new PlanStep(
                StepKind.BIAS,
                "attn = attn + relative_position_bias_table[relative_coords].view(N, N, -1).permute(2, 0, 1)"));
      }
      default -> {
        s.add(new PlanStep(StepKind.SCORES, "q = q * self.scale; attn = q @ k.transpose(-2, -1)"));
        s.add(
            new PlanStep(
                StepKind.BIAS,
                "attn = attn + relative_position_bias_table["
                    + "relative_position_index[:N, :N].reshape(-1)].reshape(N, N, -1).permute(2, 0, 1)"));
      }
    }
    if (masked) {
      s.add(
          new PlanStep(
              StepKind.MASK,
              "attn = attn.view(B_ // nW, nW, self.num_heads, N, N) + mask.unsqueeze(1).unsqueeze(0)"));
    }
    s.add(new PlanStep(StepKind.SOFTMAX, "attn = self.softmax(attn)"));
    s.add(new PlanStep(StepKind.ATTN_TIMES_V, "x = (attn @ v).transpose(1, 2).reshape(B_, N, C)"));
    if (shape.withQkv()) {
      s.add(new PlanStep(StepKind.OUTPUT_PROJECTION, "x = self.proj(x)"));
    }
    return s;
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
