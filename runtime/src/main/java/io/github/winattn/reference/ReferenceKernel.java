package io.github.winattn.reference;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.KernelArguments;
import io.github.winattn.kernel.Mask;
import io.github.winattn.kernel.Softmax;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.RelativePositionIndex;
import io.github.winattn.weights.AttentionWeights;

/**
 * The runtime-shaped kernel for every family: one plain loop nest per PyTorch step, in the order
 * the official modules run them. It is the fallback for shapes nobody generated and the oracle for
 * every generated kernel.
 *
 * <p>Binding transposes both weight matrices so the linear layers stream contiguous rows, and
 * expands the relative position bias to a dense {@code (H, N, N)} table once, so that {@code
 * forward} does no gather. Scratch buffers live in a per-thread workspace.
 */
public final class ReferenceKernel implements AttentionKernel {

  /** Swin v2's clamp of the logit scale: {@code torch.log(torch.tensor(1. / 0.01))} in float32. */
  static final float LOG_MAX_LOGIT_SCALE = (float) Math.log(100.0);

  private static final float L2_EPS = 1e-12f;

  private final AttentionShape shape;
  private final int n;
  private final int c;
  private final int heads;
  private final int d;
  private final float[][] qkvWeightT; // (C, 3C): qkv.weight transposed, one row per input channel
  private final float[] qkvBias; // (3C) zeros when the module has no bias
  private final float[][] projWeightT; // (C, C): proj.weight transposed
  private final float[] projBias; // (C)
  private final float[][] bias; // (H*N, N): table[index[i, j], h], row h*N + i
  private final float[] logitScale; // (H): exp(min(logit_scale, log 100)); Swin v2 only
  private final ThreadLocal<Workspace> workspace;

  /**
   * Binds {@code weights}; the kernel keeps its own copies, so later changes to them do not leak
   * in.
   */
  public ReferenceKernel(AttentionWeights weights) {
    this.shape = weights.shape();
    this.n = shape.tokens();
    this.c = shape.dim();
    this.heads = shape.heads();
    this.d = shape.headDim();
    boolean withQkv = shape.withQkv();
    this.qkvWeightT = withQkv ? transpose(weights.qkvWeight(), 3 * c, c) : new float[0][];
    this.qkvBias = shape.qkvBias() ? weights.qkvBias().clone() : new float[3 * c];
    this.projWeightT = withQkv ? transpose(weights.projWeight(), c, c) : new float[0][];
    this.projBias = withQkv ? weights.projBias().clone() : new float[0];
    this.bias = expandBias(weights);
    this.logitScale = new float[heads];
    if (shape.family() == Family.SWIN_V2) {
      for (int h = 0; h < heads; h++) {
        logitScale[h] = (float) Math.exp(Math.min(weights.logitScale()[h], LOG_MAX_LOGIT_SCALE));
      }
    }
    this.workspace = ThreadLocal.withInitial(() -> new Workspace(shape));
  }

  @Override
  public AttentionShape shape() {
    return shape;
  }

  @Override
  public String implementation() {
    return "reference";
  }

  @Override
  public void forward(
      float[] x, int xOffset, float[] out, int outOffset, Mask mask, int fromWindow, int toWindow) {
    KernelArguments.check(shape, x, xOffset, out, outOffset, mask, fromWindow, toWindow, true);
    Workspace ws = workspace.get();
    int windowSize = n * c;
    for (int b = fromWindow; b < toWindow; b++) {
      int maskOffset = mask.isPresent() ? mask.offset() + (b % mask.windows()) * n * n : -1;
      for (int i = 0; i < n; i++) {
        ws.xRows[i] = xOffset + b * windowSize + i * c;
        ws.outRows[i] = outOffset + b * windowSize + i * c;
      }
      forwardWindow(x, ws.xRows, mask.values(), maskOffset, null, out, ws.outRows, ws);
    }
  }

  /**
   * Computes one window whose tokens are rows anywhere in {@code x}: token {@code i} reads {@code
   * x[xRows[i], xRows[i] + C)}, or zeros when {@code xRows[i] < 0} (a padding token), and writes
   * {@code out[outRows[i], outRows[i] + C)}, or nothing when {@code outRows[i] < 0}. Tokens {@code
   * i, j} with {@code regions[i] != regions[j]} do not attend to each other: the pair is skipped in
   * the softmax, which is what the shifted-window mask's -100 does within float32 precision. {@code
   * regions == null} means one region. This is the entry the feature-map path ({@code
   * io.github.winattn.featuremap}) uses; it allocates nothing.
   *
   * @throws IllegalArgumentException if a row table is shorter than N or a row does not fit
   */
  public void forwardTokens(float[] x, int[] xRows, float[] out, int[] outRows, int[] regions) {
    checkRows("x", x, xRows);
    checkRows("out", out, outRows);
    if (regions != null && regions.length < n) {
      throw new IllegalArgumentException("regions: expected " + n + " ids, got " + regions.length);
    }
    forwardWindow(x, xRows, null, -1, regions, out, outRows, workspace.get());
  }

  private void checkRows(String name, float[] a, int[] rows) {
    if (a == null || rows == null || rows.length < n) {
      throw new IllegalArgumentException(
          name + " and its row table of " + n + " rows must be given");
    }
    for (int i = 0; i < n; i++) {
      if (rows[i] > a.length - c) {
        throw new IllegalArgumentException(
            name
                + " row "
                + i
                + " at "
                + rows[i]
                + " needs "
                + c
                + " values, array has "
                + a.length);
      }
    }
  }

  private void forwardWindow(
      float[] x,
      int[] xRows,
      float[] mask,
      int maskOffset,
      int[] regions,
      float[] out,
      int[] outRows,
      Workspace ws) {
    float[][] qkv = ws.qkv; // (N, 3C): channel s*C + h*d + e is element e of head h of q, k, v
    if (shape.withQkv()) {
      // qkv = self.qkv(x)
      for (int i = 0; i < n; i++) {
        linearRow(x, xRows[i], qkvWeightT, qkvBias, qkv[i]);
      }
    } else {
      // q = k = v = x (with_qkv=False)
      for (int i = 0; i < n; i++) {
        if (xRows[i] < 0) {
          java.util.Arrays.fill(qkv[i], 0f);
        } else {
          System.arraycopy(x, xRows[i], qkv[i], 0, c);
        }
      }
    }
    int kChannel = shape.withQkv() ? c : 0;
    int vChannel = shape.withQkv() ? 2 * c : 0;
    for (int h = 0; h < heads; h++) {
      // q, k, v = qkv.reshape(B_, N, 3, H, d).permute(2, 0, 3, 1, 4)
      for (int i = 0; i < n; i++) {
        System.arraycopy(qkv[i], h * d, ws.q[i], 0, d);
        System.arraycopy(qkv[i], vChannel + h * d, ws.v[i], 0, d);
        for (int e = 0; e < d; e++) {
          ws.kT[e][i] = qkv[i][kChannel + h * d + e];
        }
      }
      scores(h, ws);
      for (int i = 0; i < n; i++) {
        float[] row = ws.scores[i];
        // attn = attn + relative_position_bias.unsqueeze(0)
        float[] b = bias[h * n + i];
        for (int j = 0; j < n; j++) {
          row[j] += b[j];
        }
        if (maskOffset >= 0) {
          // attn = attn.view(B_ // nW, nW, nH, N, N) + mask.unsqueeze(1).unsqueeze(0)
          int mo = maskOffset + i * n;
          for (int j = 0; j < n; j++) {
            row[j] += mask[mo + j];
          }
        }
        if (regions != null) {
          // attn + mask (-100 across regions), softmax: cross-region pairs skipped
          softmaxWithin(row, n, regions, regions[i]);
        } else {
          // attn = self.softmax(attn)
          softmax(row, n);
        }
      }
      // x = (attn @ v).transpose(1, 2).reshape(B_, N, C)
      for (int i = 0; i < n; i++) {
        float[] acc = ws.yHead;
        java.util.Arrays.fill(acc, 0f);
        float[] p = ws.scores[i];
        for (int j = 0; j < n; j++) {
          float a = p[j];
          float[] vj = ws.v[j];
          for (int e = 0; e < d; e++) {
            acc[e] += a * vj[e];
          }
        }
        System.arraycopy(acc, 0, ws.y[i], h * d, d);
      }
    }
    if (shape.withQkv()) {
      // x = self.proj(x)
      float[][] proj = ws.proj;
      for (int i = 0; i < n; i++) {
        if (outRows[i] >= 0) {
          linearRow(ws.y[i], 0, projWeightT, projBias, proj[i]);
          System.arraycopy(proj[i], 0, out, outRows[i], c);
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        if (outRows[i] >= 0) {
          System.arraycopy(ws.y[i], 0, out, outRows[i], c);
        }
      }
    }
  }

  /** Scores of head {@code h} into {@code ws.scores (N, N)}, before bias and mask. */
  private void scores(int h, Workspace ws) {
    float[][] q = ws.q; // (N, d)
    float[][] kT = ws.kT; // (d, N)
    Family family = shape.family();
    if (family == Family.SWIN_V2) {
      // attn = F.normalize(q, dim=-1) @ F.normalize(k, dim=-1).transpose(-2, -1)
      for (int i = 0; i < n; i++) {
        normalize(q[i], d);
      }
      normalizeColumns(kT, n, d, ws.norms);
    } else if (family != Family.TEMPORAL) {
      // q = q * self.scale
      float scale = shape.scale();
      for (int i = 0; i < n; i++) {
        for (int e = 0; e < d; e++) {
          q[i][e] *= scale;
        }
      }
    }
    // attn = q @ k.transpose(-2, -1)
    for (int i = 0; i < n; i++) {
      float[] row = ws.scores[i];
      java.util.Arrays.fill(row, 0f);
      for (int e = 0; e < d; e++) {
        float a = q[i][e];
        float[] ke = kT[e];
        for (int j = 0; j < n; j++) {
          row[j] += a * ke[j];
        }
      }
      float post =
          family == Family.TEMPORAL
              ? shape.scale()
              // attn = attn * torch.clamp(self.logit_scale, max=log(1 / 0.01)).exp()
              : family == Family.SWIN_V2 ? logitScale[h] : 1f;
      if (post != 1f) {
        // temporal: attn = (q @ k.transpose(-2, -1)) * self.scale
        for (int j = 0; j < n; j++) {
          row[j] *= post;
        }
      }
    }
  }

  /**
   * {@code acc = b + sum_k in[io + k] * wT[k]}: one output row, inner loop over outputs; a row
   * {@code io < 0} is a zero (padding) token and gives {@code b}.
   */
  private void linearRow(float[] in, int io, float[][] wT, float[] b, float[] acc) {
    int m = b.length;
    System.arraycopy(b, 0, acc, 0, m);
    if (io < 0) {
      return;
    }
    for (int k = 0; k < c; k++) {
      float a = in[io + k];
      float[] w = wT[k];
      for (int j = 0; j < m; j++) {
        acc[j] += a * w[j];
      }
    }
  }

  /**
   * Softmax of one row as PyTorch does it: subtract the max, exp, sum, multiply by 1 / sum; weights
   * below e^-64 of the max are 0 ({@link Softmax}).
   */
  static void softmax(float[] row, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      max = Math.max(max, row[j]);
    }
    float sum = 0f;
    for (int j = 0; j < n; j++) {
      float e = Softmax.weight(row[j] - max);
      row[j] = e;
      sum += e;
    }
    float inv = 1f / sum;
    for (int j = 0; j < n; j++) {
      row[j] *= inv;
    }
  }

  /**
   * Softmax of one row over the columns {@code j} with {@code regions[j] == region} only; the
   * others get weight 0 (with the -100 mask they get e^-100 of the row's scale, below float32
   * precision). The row's own column is always in its region, so the sum is never empty.
   */
  static void softmaxWithin(float[] row, int n, int[] regions, int region) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      if (regions[j] == region) {
        max = Math.max(max, row[j]);
      }
    }
    float sum = 0f;
    for (int j = 0; j < n; j++) {
      float e = regions[j] == region ? Softmax.weight(row[j] - max) : 0f;
      row[j] = e;
      sum += e;
    }
    float inv = 1f / sum;
    for (int j = 0; j < n; j++) {
      row[j] *= inv;
    }
  }

  /** {@code F.normalize(x, dim=-1)} of one row: divided by {@code max(||x||_2, 1e-12)}. */
  static void normalize(float[] x, int len) {
    float ss = 0f;
    for (int e = 0; e < len; e++) {
      ss += x[e] * x[e];
    }
    float inv = 1f / Math.max((float) Math.sqrt(ss), L2_EPS);
    for (int e = 0; e < len; e++) {
      x[e] *= inv;
    }
  }

  /** {@code F.normalize} of each key, stored as the columns of {@code kT (d, N)}. */
  private static void normalizeColumns(float[][] kT, int n, int d, float[] norms) {
    java.util.Arrays.fill(norms, 0f);
    for (int e = 0; e < d; e++) {
      for (int j = 0; j < n; j++) {
        norms[j] += kT[e][j] * kT[e][j];
      }
    }
    for (int j = 0; j < n; j++) {
      norms[j] = 1f / Math.max((float) Math.sqrt(norms[j]), L2_EPS);
    }
    for (int e = 0; e < d; e++) {
      for (int j = 0; j < n; j++) {
        kT[e][j] *= norms[j];
      }
    }
  }

  private static float[][] transpose(float[] w, int rows, int cols) {
    float[][] t = new float[cols][rows];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < cols; k++) {
        t[k][r] = w[r * cols + k];
      }
    }
    return t;
  }

  /**
   * {@code relative_position_bias_table[relative_position_index].permute(2, 0, 1)}: rows (h, i).
   */
  private static float[][] expandBias(AttentionWeights weights) {
    AttentionShape shape = weights.shape();
    int n = shape.tokens();
    int heads = shape.heads();
    int[] index = RelativePositionIndex.compute(shape);
    float[][] dense = new float[heads * n][n];
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          dense[h * n + i][j] = weights.bias(index[i * n + j], h);
        }
      }
    }
    return dense;
  }

  /**
   * Per-thread scratch: allocated once per thread and kernel, reused by every call. Rows are
   * separate arrays so that every inner loop runs over one index of same-length rows, the shape C2
   * auto-vectorises.
   */
  private static final class Workspace {
    final float[][] qkv; // (N, 3C)
    final float[][] q; // (N, d)
    final float[][] kT; // (d, N)
    final float[][] v; // (N, d)
    final float[][] scores; // (N, N)
    final float[] yHead; // (d)
    final float[][] y; // (N, C) heads merged
    final float[][] proj; // (N, C)
    final float[] norms; // (N)
    final int[] xRows; // (N) offsets of the window's input rows
    final int[] outRows; // (N) offsets of its output rows

    Workspace(AttentionShape shape) {
      int n = shape.tokens();
      int c = shape.dim();
      int d = shape.headDim();
      qkv = new float[n][shape.withQkv() ? 3 * c : c];
      q = new float[n][d];
      kT = new float[d][n];
      v = new float[n][d];
      scores = new float[n][n];
      yHead = new float[d];
      y = new float[n][c];
      proj = new float[n][c];
      norms = new float[n];
      xRows = new int[n];
      outRows = new int[n];
    }
  }
}
