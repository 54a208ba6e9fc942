package io.github.winattn.generator.plan;

import io.github.winattn.shape.AttentionShape;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link Layout} of each variant: every shape constant, stride and scratch buffer is
 * defined once here, as an {@link IntExpr} the emitters print and the planner evaluates.
 */
final class LayoutPlanner {

  private LayoutPlanner() {}

  private static final class Builder {
    final List<Constant> constants = new ArrayList<>();
    final List<Buffer> buffers = new ArrayList<>();

    Constant constant(String name, IntExpr value, String doc) {
      Constant c = new Constant(name, value, doc);
      constants.add(c);
      return c;
    }

    Constant constant(String name, int value, String doc) {
      return constant(name, IntExpr.of(value), doc);
    }

    void buffer(String name, IntExpr size, String shape) {
      buffers.add(new Buffer(name, List.of(size), shape));
    }

    void rows(String name, Constant rows, Constant cols, String shape) {
      buffers.add(new Buffer(name, List.of(rows.ref(), cols.ref()), shape));
    }

    Layout build() {
      return new Layout(constants, buffers);
    }
  }

  /** The constants both variants declare: the shape and the folded relative index. */
  private static final class Shape {
    final Constant tokens;
    final Constant dim;
    final Constant heads;
    final Constant headDim;

    Shape(Builder b, AttentionShape s, int centre) {
      tokens = b.constant("TOKENS", s.tokens(), "");
      dim = b.constant("DIM", s.dim(), "");
      heads = b.constant("HEADS", s.heads(), "");
      headDim = b.constant("HEAD_DIM", s.headDim(), "");
      b.constant("TABLE_ROWS", s.tableRows(), "Rows of the relative position bias table.");
      b.constant("CENTRE", centre, "index[i, j] = TOKEN_OFFSET[i] - TOKEN_OFFSET[j] + CENTRE.");
    }
  }

  static Layout vector(AttentionShape s, int centre, Tiling t, boolean masked, BiasEncoding bias) {
    Builder b = new Builder();
    Shape sh = new Shape(b, s, centre);
    Constant lanes = b.constant("LANES", new IntExpr.Lanes(), "Floats per vector.");
    Constant mr = b.constant("MR", t.rowsPerTile(), "");
    Constant nr = b.constant("NR", t.vectorsPerTile(), "");
    Constant rows =
        b.constant("ROWS", t.paddedRows(), "TOKENS rounded up to MR; padding rows stay zero.");
    Constant group =
        b.constant(
            "GROUP",
            t.groupWindows(),
            "Windows whose rows the projections process in one pass, each in its own ROWS slot.");
    Constant groupRows =
        b.constant(
            "GROUP_ROWS",
            group.ref().times(rows),
            "Rows of the projections' buffers: GROUP windows of ROWS rows.");
    Constant panel =
        b.constant("PANEL", nr.ref().times(lanes), "Columns of a tile of the attention products.");
    Constant keys =
        b.constant(
            "KEYS",
            roundUp(sh.tokens.ref(), lanes),
            "Keys per score row, padded to whole vectors; padding keys are -inf before the softmax.");
    b.constant("KEY_VECTORS", keys.ref().over(lanes), "");
    Constant headVectors =
        b.constant("HEAD_VECTORS", sh.headDim.ref().plus(lanes).minus(1).over(lanes), "");
    Constant qkvStride = null;
    Constant projStride = null;
    Constant srcStride;
    if (s.withQkv()) {
      // 3 vectors need AVX-512's 32 registers: with 8-lane vectors (AVX2, 16 registers) MR x 3
      // accumulators spill, so the class takes 2 there (LANES is known when it loads)
      int wide = t.projectionVectorsPerTile();
      Constant projNr =
          wide > KernelPlanner.VECTORS_PER_TILE
              ? b.constant(
                  "PROJ_NR",
                  IntExpr.of(KernelPlanner.VECTORS_PER_TILE)
                      .plus(
                          new IntExpr.Binary(
                              IntExpr.Op.DIV,
                              lanes.ref(),
                              new IntExpr.Call(
                                  IntExpr.Function.MAX,
                                  lanes.ref(),
                                  IntExpr.of(KernelPlanner.WIDE_PROJECTION_LANES)))),
                  "Vectors per tile of qkv and proj: "
                      + wide
                      + " with "
                      + KernelPlanner.WIDE_PROJECTION_LANES
                      + "-lane vectors (32 registers), "
                      + KernelPlanner.VECTORS_PER_TILE
                      + " with fewer lanes.")
              : b.constant(
                  "PROJ_NR", KernelPlanner.VECTORS_PER_TILE, "Vectors per tile of qkv and proj.");
      Constant weightPanel =
          b.constant(
              "WEIGHT_PANEL",
              projNr.ref().times(lanes),
              "Columns of a packed qkv or proj weight panel.");
      b.constant(
          "PAD",
          new IntExpr.LinePad(),
          "Floats before the first packed qkv or proj weight: puts a large array's panels on"
              + " cache lines.");
      qkvStride =
          b.constant(
              "QKV_STRIDE",
              roundUp(IntExpr.of(3).times(sh.dim), weightPanel),
              "Row stride of ws.qkv: 3 * DIM padded to whole weight panels.");
      projStride =
          b.constant("PROJ_STRIDE", roundUp(sh.dim.ref(), weightPanel), "Row stride of ws.proj.");
      srcStride = b.constant("SRC_STRIDE", qkvStride.ref(), "Row stride of q, k and v (ws.qkv).");
      b.constant("Q_OFFSET", 0, "");
      b.constant("K_OFFSET", s.dim(), "");
      b.constant("V_OFFSET", 2 * s.dim(), "");
    } else {
      srcStride = b.constant("SRC_STRIDE", sh.dim.ref(), "Row stride of q = k = v = x.");
      b.constant("Q_OFFSET", 0, "");
      b.constant("K_OFFSET", 0, "");
      b.constant("V_OFFSET", 0, "");
    }
    Constant yStride =
        b.constant(
            "Y_STRIDE",
            sh.heads.ref().minus(1).times(sh.headDim).plus(headVectors.ref().times(lanes)),
            "Row stride of ws.y; a head's last vector may spill into the next head, written after it.");
    IntExpr pad = lanes.ref();
    b.buffer(
        "x",
        groupRows.ref().times(sh.dim).plus(pad),
        t.packedProjectionInput()
            ? "(GROUP_ROWS / MR, DIM, MR) x of a window group interleaved by MR rows;"
                + " rows >= TOKENS of each window stay zero"
            : "(GROUP_ROWS, DIM) x of a window group, window g from row g * ROWS;"
                + " rows >= TOKENS of each window stay zero");
    if (s.withQkv()) {
      b.buffer(
          "qkv",
          groupRows.ref().times(qkvStride).plus(pad),
          "(GROUP_ROWS, QKV_STRIDE) q, k, v channels s*C + h*d + e");
      b.buffer(
          "proj",
          groupRows.ref().times(projStride).plus(pad),
          "(GROUP_ROWS, PROJ_STRIDE) output of proj before the copy out");
    }
    b.buffer(
        "keysT",
        sh.headDim.ref().times(keys).plus(pad),
        "(HEAD_DIM, KEYS) k of one head, transposed; key padding stays 0");
    b.buffer("scores", rows.ref().times(keys).plus(pad), "(ROWS, KEYS) attn of one head");
    b.buffer(
        "y",
        groupRows.ref().times(yStride).plus(pad),
        "(GROUP_ROWS, Y_STRIDE) attn @ v, heads merged head-major");
    if (t.packedProjectionInput()) {
      b.buffer(
          "yPacked",
          groupRows.ref().times(sh.dim).plus(pad),
          "(GROUP_ROWS / MR, DIM, MR) the merged heads interleaved by MR rows for the proj tiles");
    }
    b.buffer(
        "rowScale",
        rows.ref(),
        "(ROWS) 1 / sum of each softmax row of one head; padding rows stay 0");
    b.buffer("maxLanes", lanes.ref(), "(LANES) the lanes of one softmax row's running maximum");
    if (masked) {
      b.buffer(
          "maskRows",
          sh.tokens.ref().times(keys),
          "(TOKENS, KEYS) mask of the current window; key padding stays 0");
    }
    if (bias == BiasEncoding.GATHER) {
      b.buffer("biasRow", keys.ref(), "(KEYS) bias of one query row; key padding is -inf");
    }
    return b.build();
  }

  static Layout plain(AttentionShape s, int centre, PlainTiling t) {
    Builder b = new Builder();
    Shape sh = new Shape(b, s, centre);
    b.constant(
        "ROW_TILE",
        t.rowsPerTile(),
        "Output rows of an attention product sharing each loaded row of B.");
    Constant acc =
        b.constant(
            "ACC_LENGTH",
            new IntExpr.Call(IntExpr.Function.MAX, sh.tokens.ref(), sh.headDim.ref()),
            "Length of an accumulator row: the widest product output row.");
    if (s.withQkv()) {
      Constant qkvDim = b.constant("QKV_DIM", IntExpr.of(3).times(sh.dim), "");
      b.buffer(
          "qkv", sh.tokens.ref().times(qkvDim), "(TOKENS, QKV_DIM) q, k, v channels s*C + h*d + e");
      b.buffer("outRow", qkvDim.ref(), "(QKV_DIM) accumulator of one output row of a linear layer");
    }
    b.buffer("scores", sh.tokens.ref().times(sh.tokens), "(TOKENS, TOKENS) attn of one head");
    b.buffer("y", sh.tokens.ref().times(sh.dim), "(TOKENS, DIM) attn @ v, heads merged");
    b.rows("keysT", sh.headDim, sh.tokens, "(HEAD_DIM, TOKENS) k of one head, transposed");
    b.rows("values", sh.tokens, sh.headDim, "(TOKENS, HEAD_DIM) v of one head");
    for (int r = 0; r < t.rowsPerTile(); r++) {
      b.buffer("acc" + r, acc.ref(), "(ACC_LENGTH) accumulator row " + r + " of a product tile");
    }
    return b.build();
  }

  private static IntExpr roundUp(IntExpr value, Constant multiple) {
    return new IntExpr.Call(IntExpr.Function.ROUND_UP, value, multiple.ref());
  }
}
