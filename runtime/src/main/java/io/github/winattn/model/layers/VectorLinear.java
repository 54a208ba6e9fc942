package io.github.winattn.model.layers;

import io.github.winattn.kernel.CacheLines;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MatMul} with Vector API register tiles: 8 rows (with AVX-512's 32 registers, {@link
 * #EIGHT_ROWS}) or {@link #MR} = 4 rows by {@link #NR} vectors of accumulators held across the
 * whole {@code k} loop, each step one broadcast of {@code x[r, k]} per row times {@code NR} weight
 * vectors.
 *
 * <p>The weight is packed at construction into panels of {@link #PANEL} = {@code NR * LANES} output
 * columns, {@code k}-major inside a panel ({@code packed[p][k][j] = W[p*PANEL + j][k]}), the last
 * panel padded with zero columns, so a step reads {@code NR} consecutive vectors. The panel is the
 * outer loop and the rows the inner one: a panel ({@code in * PANEL} floats) stays in L1/L2 while
 * the caller's tile of rows streams past it. Accumulators start at the bias and take one {@code
 * fma} per {@code k} in order, exactly as {@link Linear} does, so both give the same floats. The
 * bias is in the accumulators and the residual is added on the registers; GELU ({@link Gelu}'s
 * rational erf, lane-wise) runs on the stored tile while it is in L1, in its own loop. No vector
 * crosses a method call (one that C2 does not inline would allocate it). A partial last panel is
 * spilled to the caller's scratch and finished in scalar code.
 *
 * <p>Loaded only by {@link MatMulKind#create} after {@code VectorSupport.inBootLayer()}: this is
 * the one class of the model that references {@code jdk.incubator.vector}.
 */
final class VectorLinear implements MatMul {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  /** Floats per vector. */
  static final int LANES = SPECIES.length();

  /** Rows of the small register tile (and of the caller's scratch for a partial panel). */
  static final int MR = 4;

  /**
   * Whether full panels use the 8-row tile: 24 accumulators, 3 weight vectors and a broadcast need
   * 28 of the 32 vector registers of AVX-512 (16 lanes); AVX2's 16 registers hold only the 4-row
   * tile. Measured on AVX-512 with 32-row calls: 1.2-1.4x the 4-row tile.
   */
  static final boolean EIGHT_ROWS = LANES >= 16;

  /** Vectors of a register tile (columns {@code NR * LANES}). */
  static final int NR = 3;

  /** Floats before the first panel ({@link CacheLines#FLOAT_PAD}). */
  private static final int PAD = CacheLines.FLOAT_PAD;

  /** Output columns of a packed panel. */
  static final int PANEL = NR * LANES;

  private static final int GELU = Epilogue.GELU.ordinal();
  private static final int ADD = Epilogue.ADD.ordinal();

  private final int in;
  private final int out;
  private final int panels;
  private final float[] packed; // PAD floats, then (panels, in, PANEL)
  private final float[] bias; // (panels * PANEL), zero padded

  /** Packs {@code weight (out, in)} (row-major) and {@code bias} ({@code out} values or none). */
  VectorLinear(float[] weight, float[] bias, int in, int out) {
    Linear.check(weight, bias, in, out);
    if (PANEL > MIN_SCRATCH_COLUMNS) {
      throw new IllegalStateException(
          "a panel of " + PANEL + " floats does not fit a scratch row of " + MIN_SCRATCH_COLUMNS);
    }
    this.in = in;
    this.out = out;
    this.panels = (out + PANEL - 1) / PANEL;
    // from CacheLines.FLOAT_PAD: a large array's panels start on cache lines
    this.packed =
        new float[Math.addExact(PAD, Math.multiplyExact(Math.multiplyExact(panels, in), PANEL))];
    for (int o = 0; o < out; o++) {
      int p = o / PANEL;
      int j = o % PANEL;
      for (int k = 0; k < in; k++) {
        packed[PAD + (p * in + k) * PANEL + j] = weight[o * in + k];
      }
    }
    this.bias = new float[panels * PANEL];
    if (bias.length != 0) {
      System.arraycopy(bias, 0, this.bias, 0, out);
    }
  }

  @Override
  public int in() {
    return in;
  }

  @Override
  public int out() {
    return out;
  }

  @Override
  public String implementation() {
    return "vector";
  }

  @Override
  public void forward(
      float[] x,
      int xOffset,
      float[] y,
      int yOffset,
      int from,
      int to,
      Epilogue epilogue,
      float[] residual,
      int residualOffset,
      float[][] acc) {
    int mode = epilogue.ordinal();
    for (int p = 0; p < panels; p++) {
      int col = p * PANEL;
      int width = Math.min(PANEL, out - col);
      int w0 = PAD + p * in * PANEL;
      int r = from;
      if (EIGHT_ROWS && width == PANEL) {
        for (; r + 2 * MR <= to; r += 2 * MR) {
          tile8(
              x,
              xOffset + r * in,
              w0,
              col,
              y,
              yOffset + r * out + col,
              mode,
              residual,
              residualOffset + r * out + col);
        }
      }
      for (; r + MR <= to; r += MR) {
        tile4(
            x,
            xOffset + r * in,
            w0,
            col,
            width,
            y,
            yOffset + r * out + col,
            mode,
            residual,
            residualOffset + r * out + col,
            acc);
      }
      for (; r < to; r++) {
        tile1(
            x,
            xOffset + r * in,
            w0,
            col,
            width,
            y,
            yOffset + r * out + col,
            mode,
            residual,
            residualOffset + r * out + col,
            acc[0]);
      }
    }
  }

  /** Rows {@code x0 ... x0 + 3*in} times panel {@code w0} into {@code y[yo ...]}, 4 x 3 vectors. */
  private void tile4(
      float[] x,
      int x0,
      int w0,
      int col,
      int width,
      float[] y,
      int yo,
      int mode,
      float[] res,
      int ro,
      float[][] acc) {
    final float[] w = packed;
    final int n = in;
    FloatVector b0 = FloatVector.fromArray(SPECIES, bias, col);
    FloatVector b1 = FloatVector.fromArray(SPECIES, bias, col + LANES);
    FloatVector b2 = FloatVector.fromArray(SPECIES, bias, col + 2 * LANES);
    FloatVector c00 = b0;
    FloatVector c01 = b1;
    FloatVector c02 = b2;
    FloatVector c10 = b0;
    FloatVector c11 = b1;
    FloatVector c12 = b2;
    FloatVector c20 = b0;
    FloatVector c21 = b1;
    FloatVector c22 = b2;
    FloatVector c30 = b0;
    FloatVector c31 = b1;
    FloatVector c32 = b2;
    int x1 = x0 + n;
    int x2 = x1 + n;
    int x3 = x2 + n;
    for (int k = 0; k < n; k++) {
      int wk = w0 + k * PANEL;
      FloatVector v0 = FloatVector.fromArray(SPECIES, w, wk);
      FloatVector v1 = FloatVector.fromArray(SPECIES, w, wk + LANES);
      FloatVector v2 = FloatVector.fromArray(SPECIES, w, wk + 2 * LANES);
      FloatVector a = FloatVector.broadcast(SPECIES, x[x0 + k]);
      c00 = a.fma(v0, c00);
      c01 = a.fma(v1, c01);
      c02 = a.fma(v2, c02);
      a = FloatVector.broadcast(SPECIES, x[x1 + k]);
      c10 = a.fma(v0, c10);
      c11 = a.fma(v1, c11);
      c12 = a.fma(v2, c12);
      a = FloatVector.broadcast(SPECIES, x[x2 + k]);
      c20 = a.fma(v0, c20);
      c21 = a.fma(v1, c21);
      c22 = a.fma(v2, c22);
      a = FloatVector.broadcast(SPECIES, x[x3 + k]);
      c30 = a.fma(v0, c30);
      c31 = a.fma(v1, c31);
      c32 = a.fma(v2, c32);
    }
    if (mode == ADD && width == PANEL) {
      int o = out;
      c00 = FloatVector.fromArray(SPECIES, res, ro).add(c00);
      c01 = FloatVector.fromArray(SPECIES, res, ro + LANES).add(c01);
      c02 = FloatVector.fromArray(SPECIES, res, ro + 2 * LANES).add(c02);
      c10 = FloatVector.fromArray(SPECIES, res, ro + o).add(c10);
      c11 = FloatVector.fromArray(SPECIES, res, ro + o + LANES).add(c11);
      c12 = FloatVector.fromArray(SPECIES, res, ro + o + 2 * LANES).add(c12);
      c20 = FloatVector.fromArray(SPECIES, res, ro + 2 * o).add(c20);
      c21 = FloatVector.fromArray(SPECIES, res, ro + 2 * o + LANES).add(c21);
      c22 = FloatVector.fromArray(SPECIES, res, ro + 2 * o + 2 * LANES).add(c22);
      c30 = FloatVector.fromArray(SPECIES, res, ro + 3 * o).add(c30);
      c31 = FloatVector.fromArray(SPECIES, res, ro + 3 * o + LANES).add(c31);
      c32 = FloatVector.fromArray(SPECIES, res, ro + 3 * o + 2 * LANES).add(c32);
    }
    // a partial panel goes to the scratch rows (PANEL wide), a full one to y
    float[] d0 = y;
    float[] d1 = y;
    float[] d2 = y;
    float[] d3 = y;
    int o0 = yo;
    int o1 = yo + out;
    int o2 = yo + 2 * out;
    int o3 = yo + 3 * out;
    if (width != PANEL) {
      d0 = acc[0];
      d1 = acc[1];
      d2 = acc[2];
      d3 = acc[3];
      o0 = 0;
      o1 = 0;
      o2 = 0;
      o3 = 0;
    }
    c00.intoArray(d0, o0);
    c01.intoArray(d0, o0 + LANES);
    c02.intoArray(d0, o0 + 2 * LANES);
    c10.intoArray(d1, o1);
    c11.intoArray(d1, o1 + LANES);
    c12.intoArray(d1, o1 + 2 * LANES);
    c20.intoArray(d2, o2);
    c21.intoArray(d2, o2 + LANES);
    c22.intoArray(d2, o2 + 2 * LANES);
    c30.intoArray(d3, o3);
    c31.intoArray(d3, o3 + LANES);
    c32.intoArray(d3, o3 + 2 * LANES);
    if (width == PANEL) {
      if (mode == GELU) {
        geluRows(y, yo, MR);
      }
    } else {
      for (int q = 0; q < MR; q++) {
        finish(acc[q], width, y, yo + q * out, mode, res, ro + q * out);
      }
    }
  }

  /** Rows {@code x0 ...} (8 of them) times a full panel {@code w0} into {@code y[yo ...]}. */
  private void tile8(
      float[] x, int x0, int w0, int col, float[] y, int yo, int mode, float[] res, int ro) {
    final float[] w = packed;
    final int n = in;
    FloatVector b0 = FloatVector.fromArray(SPECIES, bias, col);
    FloatVector b1 = FloatVector.fromArray(SPECIES, bias, col + LANES);
    FloatVector b2 = FloatVector.fromArray(SPECIES, bias, col + 2 * LANES);
    FloatVector c00 = b0;
    FloatVector c01 = b1;
    FloatVector c02 = b2;
    FloatVector c10 = b0;
    FloatVector c11 = b1;
    FloatVector c12 = b2;
    FloatVector c20 = b0;
    FloatVector c21 = b1;
    FloatVector c22 = b2;
    FloatVector c30 = b0;
    FloatVector c31 = b1;
    FloatVector c32 = b2;
    FloatVector c40 = b0;
    FloatVector c41 = b1;
    FloatVector c42 = b2;
    FloatVector c50 = b0;
    FloatVector c51 = b1;
    FloatVector c52 = b2;
    FloatVector c60 = b0;
    FloatVector c61 = b1;
    FloatVector c62 = b2;
    FloatVector c70 = b0;
    FloatVector c71 = b1;
    FloatVector c72 = b2;
    int x1 = x0 + n;
    int x2 = x1 + n;
    int x3 = x2 + n;
    int x4 = x3 + n;
    int x5 = x4 + n;
    int x6 = x5 + n;
    int x7 = x6 + n;
    for (int k = 0; k < n; k++) {
      int wk = w0 + k * PANEL;
      FloatVector v0 = FloatVector.fromArray(SPECIES, w, wk);
      FloatVector v1 = FloatVector.fromArray(SPECIES, w, wk + LANES);
      FloatVector v2 = FloatVector.fromArray(SPECIES, w, wk + 2 * LANES);
      FloatVector a = FloatVector.broadcast(SPECIES, x[x0 + k]);
      c00 = a.fma(v0, c00);
      c01 = a.fma(v1, c01);
      c02 = a.fma(v2, c02);
      a = FloatVector.broadcast(SPECIES, x[x1 + k]);
      c10 = a.fma(v0, c10);
      c11 = a.fma(v1, c11);
      c12 = a.fma(v2, c12);
      a = FloatVector.broadcast(SPECIES, x[x2 + k]);
      c20 = a.fma(v0, c20);
      c21 = a.fma(v1, c21);
      c22 = a.fma(v2, c22);
      a = FloatVector.broadcast(SPECIES, x[x3 + k]);
      c30 = a.fma(v0, c30);
      c31 = a.fma(v1, c31);
      c32 = a.fma(v2, c32);
      a = FloatVector.broadcast(SPECIES, x[x4 + k]);
      c40 = a.fma(v0, c40);
      c41 = a.fma(v1, c41);
      c42 = a.fma(v2, c42);
      a = FloatVector.broadcast(SPECIES, x[x5 + k]);
      c50 = a.fma(v0, c50);
      c51 = a.fma(v1, c51);
      c52 = a.fma(v2, c52);
      a = FloatVector.broadcast(SPECIES, x[x6 + k]);
      c60 = a.fma(v0, c60);
      c61 = a.fma(v1, c61);
      c62 = a.fma(v2, c62);
      a = FloatVector.broadcast(SPECIES, x[x7 + k]);
      c70 = a.fma(v0, c70);
      c71 = a.fma(v1, c71);
      c72 = a.fma(v2, c72);
    }
    int o = out;
    if (mode == ADD) {
      c00 = FloatVector.fromArray(SPECIES, res, ro + 0 * o + 0 * LANES).add(c00);
      c01 = FloatVector.fromArray(SPECIES, res, ro + 0 * o + 1 * LANES).add(c01);
      c02 = FloatVector.fromArray(SPECIES, res, ro + 0 * o + 2 * LANES).add(c02);
      c10 = FloatVector.fromArray(SPECIES, res, ro + 1 * o + 0 * LANES).add(c10);
      c11 = FloatVector.fromArray(SPECIES, res, ro + 1 * o + 1 * LANES).add(c11);
      c12 = FloatVector.fromArray(SPECIES, res, ro + 1 * o + 2 * LANES).add(c12);
      c20 = FloatVector.fromArray(SPECIES, res, ro + 2 * o + 0 * LANES).add(c20);
      c21 = FloatVector.fromArray(SPECIES, res, ro + 2 * o + 1 * LANES).add(c21);
      c22 = FloatVector.fromArray(SPECIES, res, ro + 2 * o + 2 * LANES).add(c22);
      c30 = FloatVector.fromArray(SPECIES, res, ro + 3 * o + 0 * LANES).add(c30);
      c31 = FloatVector.fromArray(SPECIES, res, ro + 3 * o + 1 * LANES).add(c31);
      c32 = FloatVector.fromArray(SPECIES, res, ro + 3 * o + 2 * LANES).add(c32);
      c40 = FloatVector.fromArray(SPECIES, res, ro + 4 * o + 0 * LANES).add(c40);
      c41 = FloatVector.fromArray(SPECIES, res, ro + 4 * o + 1 * LANES).add(c41);
      c42 = FloatVector.fromArray(SPECIES, res, ro + 4 * o + 2 * LANES).add(c42);
      c50 = FloatVector.fromArray(SPECIES, res, ro + 5 * o + 0 * LANES).add(c50);
      c51 = FloatVector.fromArray(SPECIES, res, ro + 5 * o + 1 * LANES).add(c51);
      c52 = FloatVector.fromArray(SPECIES, res, ro + 5 * o + 2 * LANES).add(c52);
      c60 = FloatVector.fromArray(SPECIES, res, ro + 6 * o + 0 * LANES).add(c60);
      c61 = FloatVector.fromArray(SPECIES, res, ro + 6 * o + 1 * LANES).add(c61);
      c62 = FloatVector.fromArray(SPECIES, res, ro + 6 * o + 2 * LANES).add(c62);
      c70 = FloatVector.fromArray(SPECIES, res, ro + 7 * o + 0 * LANES).add(c70);
      c71 = FloatVector.fromArray(SPECIES, res, ro + 7 * o + 1 * LANES).add(c71);
      c72 = FloatVector.fromArray(SPECIES, res, ro + 7 * o + 2 * LANES).add(c72);
    }
    c00.intoArray(y, yo + 0 * o + 0 * LANES);
    c01.intoArray(y, yo + 0 * o + 1 * LANES);
    c02.intoArray(y, yo + 0 * o + 2 * LANES);
    c10.intoArray(y, yo + 1 * o + 0 * LANES);
    c11.intoArray(y, yo + 1 * o + 1 * LANES);
    c12.intoArray(y, yo + 1 * o + 2 * LANES);
    c20.intoArray(y, yo + 2 * o + 0 * LANES);
    c21.intoArray(y, yo + 2 * o + 1 * LANES);
    c22.intoArray(y, yo + 2 * o + 2 * LANES);
    c30.intoArray(y, yo + 3 * o + 0 * LANES);
    c31.intoArray(y, yo + 3 * o + 1 * LANES);
    c32.intoArray(y, yo + 3 * o + 2 * LANES);
    c40.intoArray(y, yo + 4 * o + 0 * LANES);
    c41.intoArray(y, yo + 4 * o + 1 * LANES);
    c42.intoArray(y, yo + 4 * o + 2 * LANES);
    c50.intoArray(y, yo + 5 * o + 0 * LANES);
    c51.intoArray(y, yo + 5 * o + 1 * LANES);
    c52.intoArray(y, yo + 5 * o + 2 * LANES);
    c60.intoArray(y, yo + 6 * o + 0 * LANES);
    c61.intoArray(y, yo + 6 * o + 1 * LANES);
    c62.intoArray(y, yo + 6 * o + 2 * LANES);
    c70.intoArray(y, yo + 7 * o + 0 * LANES);
    c71.intoArray(y, yo + 7 * o + 1 * LANES);
    c72.intoArray(y, yo + 7 * o + 2 * LANES);
    if (mode == GELU) {
      geluRows(y, yo, 8);
    }
  }

  /** One row {@code x0} times panel {@code w0} into {@code y[yo ...]}, 1 x 3 vectors. */
  private void tile1(
      float[] x,
      int x0,
      int w0,
      int col,
      int width,
      float[] y,
      int yo,
      int mode,
      float[] res,
      int ro,
      float[] acc) {
    final float[] w = packed;
    final int n = in;
    FloatVector c0 = FloatVector.fromArray(SPECIES, bias, col);
    FloatVector c1 = FloatVector.fromArray(SPECIES, bias, col + LANES);
    FloatVector c2 = FloatVector.fromArray(SPECIES, bias, col + 2 * LANES);
    for (int k = 0; k < n; k++) {
      int wk = w0 + k * PANEL;
      FloatVector a = FloatVector.broadcast(SPECIES, x[x0 + k]);
      c0 = a.fma(FloatVector.fromArray(SPECIES, w, wk), c0);
      c1 = a.fma(FloatVector.fromArray(SPECIES, w, wk + LANES), c1);
      c2 = a.fma(FloatVector.fromArray(SPECIES, w, wk + 2 * LANES), c2);
    }
    if (width == PANEL) {
      if (mode == ADD) {
        c0 = FloatVector.fromArray(SPECIES, res, ro).add(c0);
        c1 = FloatVector.fromArray(SPECIES, res, ro + LANES).add(c1);
        c2 = FloatVector.fromArray(SPECIES, res, ro + 2 * LANES).add(c2);
      }
      c0.intoArray(y, yo);
      c1.intoArray(y, yo + LANES);
      c2.intoArray(y, yo + 2 * LANES);
      if (mode == GELU) {
        geluRows(y, yo, 1);
      }
    } else {
      c0.intoArray(acc, 0);
      c1.intoArray(acc, LANES);
      c2.intoArray(acc, 2 * LANES);
      finish(acc, width, y, yo, mode, res, ro);
    }
  }

  /** GELU in place on {@code rows} stored rows of {@code PANEL} columns at {@code y[yo ...]}. */
  private void geluRows(float[] y, int yo, int rows) {
    VectorGelu.rows(y, yo, out, rows, PANEL);
  }

  /** Epilogue and store of the first {@code width} spilled columns, in scalar code. */
  private static void finish(
      float[] c, int width, float[] y, int yo, int mode, float[] res, int ro) {
    for (int j = 0; j < width; j++) {
      float v = c[j];
      if (mode == GELU) {
        v = Gelu.gelu(v);
      } else if (mode == ADD) {
        v = res[ro + j] + v;
      }
      y[yo + j] = v;
    }
  }
}
