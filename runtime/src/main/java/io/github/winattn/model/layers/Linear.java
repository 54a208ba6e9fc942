package io.github.winattn.model.layers;

/**
 * {@code nn.Linear(in, out)}: {@code y = x W^T + b} on rows of {@code x (rows, in)}, in plain Java
 * that C2 vectorises.
 *
 * <p>The weight is transposed at construction into one array per input feature ({@code in} arrays
 * of {@code out} floats). Rows are computed four at a time into four accumulator rows (scratch from
 * the caller, {@link #newScratch}), two input features per pass: the inner loop over the output
 * columns is {@code c_r[j] = fma(a_r1, w1[j], fma(a_r0, w0[j], c_r[j]))} for the four rows, so each
 * loaded weight vector feeds eight FMAs. Every array in that loop is indexed by {@code j} alone: C2
 * (JDK 17) vectorises a loop only when its memory references share one invariant offset, which is
 * why neither the weights nor the accumulators live at offsets in larger arrays. The epilogue
 * (bias, GELU, residual add) runs on the accumulator rows before they are copied out.
 *
 * <p>Immutable and thread-safe; the accumulators are the caller's.
 */
public final class Linear implements MatMul {

  /** Rows computed together. */
  static final int ROWS = MatMul.SCRATCH_ROWS;

  private final int in;
  private final int out;
  private final float[][] weightT; // (in, out)
  private final float[] bias; // (out), zeros when the module has none

  /**
   * Copies and transposes {@code weight (out, in)}, row-major as PyTorch stores it; {@code bias}
   * has {@code out} values or is empty for {@code bias=False}.
   */
  public Linear(float[] weight, float[] bias, int in, int out) {
    check(weight, bias, in, out);
    this.in = in;
    this.out = out;
    this.weightT = new float[in][out];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        weightT[i][o] = weight[o * in + i];
      }
    }
    this.bias = bias.length == 0 ? new float[out] : bias.clone();
  }

  /**
   * Checks the shapes of {@code weight (out, in)} and {@code bias} ({@code out} values or none).
   */
  static void check(float[] weight, float[] bias, int in, int out) {
    if (in < 1 || out < 1 || (long) in * out != weight.length) {
      throw new IllegalArgumentException(
          "weight must have out * in = "
              + out
              + " * "
              + in
              + " values (got "
              + weight.length
              + ")");
    }
    if (bias.length != 0 && bias.length != out) {
      throw new IllegalArgumentException(
          "bias must have " + out + " values or none (got " + bias.length + ")");
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
    return "plain";
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
    int r = from;
    for (; r + ROWS <= to; r += ROWS) {
      block4(x, xOffset + r * in, acc);
      for (int q = 0; q < ROWS; q++) {
        store(
            acc[q], y, yOffset + (r + q) * out, epilogue, residual, residualOffset + (r + q) * out);
      }
    }
    for (; r < to; r++) {
      row1(x, xOffset + r * in, acc[0]);
      store(acc[0], y, yOffset + r * out, epilogue, residual, residualOffset + r * out);
    }
  }

  /** Four rows starting at {@code x0} into {@code acc[0..3]}. */
  private void block4(float[] x, int x0, float[][] acc) {
    final int n = out;
    float[] c0 = acc[0];
    float[] c1 = acc[1];
    float[] c2 = acc[2];
    float[] c3 = acc[3];
    float[] b = bias;
    for (int j = 0; j < n; j++) {
      float v = b[j];
      c0[j] = v;
      c1[j] = v;
      c2[j] = v;
      c3[j] = v;
    }
    int x1 = x0 + in;
    int x2 = x1 + in;
    int x3 = x2 + in;
    int k = 0;
    for (; k + 1 < in; k += 2) {
      float a00 = x[x0 + k];
      float a01 = x[x0 + k + 1];
      float a10 = x[x1 + k];
      float a11 = x[x1 + k + 1];
      float a20 = x[x2 + k];
      float a21 = x[x2 + k + 1];
      float a30 = x[x3 + k];
      float a31 = x[x3 + k + 1];
      float[] p = weightT[k];
      float[] q = weightT[k + 1];
      for (int j = 0; j < n; j++) {
        float pj = p[j];
        float qj = q[j];
        c0[j] = Math.fma(a01, qj, Math.fma(a00, pj, c0[j]));
        c1[j] = Math.fma(a11, qj, Math.fma(a10, pj, c1[j]));
        c2[j] = Math.fma(a21, qj, Math.fma(a20, pj, c2[j]));
        c3[j] = Math.fma(a31, qj, Math.fma(a30, pj, c3[j]));
      }
    }
    if (k < in) {
      float a0 = x[x0 + k];
      float a1 = x[x1 + k];
      float a2 = x[x2 + k];
      float a3 = x[x3 + k];
      float[] p = weightT[k];
      for (int j = 0; j < n; j++) {
        float pj = p[j];
        c0[j] = Math.fma(a0, pj, c0[j]);
        c1[j] = Math.fma(a1, pj, c1[j]);
        c2[j] = Math.fma(a2, pj, c2[j]);
        c3[j] = Math.fma(a3, pj, c3[j]);
      }
    }
  }

  /** One row starting at {@code x0} into {@code c}. */
  private void row1(float[] x, int x0, float[] c) {
    final int n = out;
    System.arraycopy(bias, 0, c, 0, n);
    int k = 0;
    for (; k + 1 < in; k += 2) {
      float a0 = x[x0 + k];
      float a1 = x[x0 + k + 1];
      float[] p = weightT[k];
      float[] q = weightT[k + 1];
      for (int j = 0; j < n; j++) {
        c[j] = Math.fma(a1, q[j], Math.fma(a0, p[j], c[j]));
      }
    }
    if (k < in) {
      float a0 = x[x0 + k];
      float[] p = weightT[k];
      for (int j = 0; j < n; j++) {
        c[j] = Math.fma(a0, p[j], c[j]);
      }
    }
  }

  private void store(float[] c, float[] y, int yo, Epilogue epilogue, float[] residual, int ro) {
    switch (epilogue) {
      case NONE -> System.arraycopy(c, 0, y, yo, out);
      case GELU -> {
        Gelu.applyInPlace(c, 0, out);
        System.arraycopy(c, 0, y, yo, out);
      }
      case ADD -> {
        for (int j = 0; j < out; j++) {
          y[yo + j] = residual[ro + j] + c[j];
        }
      }
    }
  }
}
