package io.github.winattn.reference;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.KernelArguments;
import io.github.winattn.kernel.Mask;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.RelativePositionIndex;
import io.github.winattn.weights.AttentionWeights;

/**
 * The runtime-shaped kernel for every family: one plain loop nest per PyTorch step, in the order
 * the official modules run them. It is the fallback for shapes nobody generated and the oracle
 * for every generated kernel.
 *
 * <p>Binding transposes both weight matrices so the linear layers stream contiguous rows, and
 * expands the relative position bias to a dense {@code (H, N, N)} table once, so that
 * {@code forward} does no gather. Scratch buffers live in a per-thread workspace.
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
  private final float[] qkvWeightT; // (C, 3C): qkv.weight transposed
  private final float[] qkvBias; // (3C) zeros when the module has no bias
  private final float[] projWeightT; // (C, C): proj.weight transposed
  private final float[] projBias; // (C)
  private final float[] bias; // (H, N, N): table[index[i, j], h]
  private final float[] logitScale; // (H): exp(min(logit_scale, log 100)); Swin v2 only
  private final ThreadLocal<Workspace> workspace;

  /** Binds {@code weights}; the kernel keeps its own copies, so later changes to them do not leak in. */
  public ReferenceKernel(AttentionWeights weights) {
    this.shape = weights.shape();
    this.n = shape.tokens();
    this.c = shape.dim();
    this.heads = shape.heads();
    this.d = shape.headDim();
    boolean withQkv = shape.withQkv();
    this.qkvWeightT = withQkv ? transpose(weights.qkvWeight(), 3 * c, c) : new float[0];
    this.qkvBias = shape.qkvBias() ? weights.qkvBias().clone() : new float[3 * c];
    this.projWeightT = withQkv ? transpose(weights.projWeight(), c, c) : new float[0];
    this.projBias = withQkv ? weights.projBias().clone() : new float[0];
    this.bias = expandBias(weights);
    this.logitScale = new float[heads];
    if (shape.family() == Family.SWIN_V2) {
      for (int h = 0; h < heads; h++) {
        logitScale[h] = (float) Math.exp(Math.min(weights.logitScale()[h], LOG_MAX_LOGIT_SCALE));
      }
    }
    int nn = n;
    int cc = c;
    this.workspace = ThreadLocal.withInitial(() -> new Workspace(nn, cc));
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
      int xo = xOffset + b * windowSize;
      int maskOffset = mask.isPresent() ? mask.offset() + (b % mask.windows()) * n * n : -1;
      forwardWindow(x, xo, mask.values(), maskOffset, out, outOffset + b * windowSize, ws);
    }
  }

  private void forwardWindow(
      float[] x, int xo, float[] mask, int maskOffset, float[] out, int oo, Workspace ws) {
    float[] qkv; // (N, 3C): q, k, v channels s*C + h*d + e
    int qkvOffset;
    int qkvStride;
    if (shape.withQkv()) {
      // qkv = self.qkv(x)
      linear(x, xo, qkvWeightT, qkvBias, 3 * c, ws.qkv, 0);
      qkv = ws.qkv;
      qkvOffset = 0;
      qkvStride = 3 * c;
    } else {
      // q = k = v = x (with_qkv=False)
      qkv = x;
      qkvOffset = xo;
      qkvStride = c;
    }
    int kChannel = shape.withQkv() ? c : 0;
    int vChannel = shape.withQkv() ? 2 * c : 0;
    float[] y = shape.withQkv() ? ws.y : out; // (N, C) heads merged
    int yo = shape.withQkv() ? 0 : oo;
    for (int h = 0; h < heads; h++) {
      int qo = qkvOffset + h * d;
      int ko = qkvOffset + kChannel + h * d;
      int vo = qkvOffset + vChannel + h * d;
      scores(qkv, qo, ko, qkvStride, h, ws);
      // attn = attn + relative_position_bias.unsqueeze(0)
      addInPlace(ws.scores, 0, bias, h * n * n, n * n);
      if (maskOffset >= 0) {
        // attn = attn.view(B_ // nW, nW, nH, N, N) + mask.unsqueeze(1).unsqueeze(0)
        addInPlace(ws.scores, 0, mask, maskOffset, n * n);
      }
      // attn = self.softmax(attn)
      softmaxRows(ws.scores, n);
      // x = (attn @ v).transpose(1, 2).reshape(B_, N, C)
      attnTimesV(ws.scores, qkv, vo, qkvStride, y, yo + h * d);
    }
    if (shape.withQkv()) {
      // x = self.proj(x)
      linear(y, 0, projWeightT, projBias, c, out, oo);
    }
  }

  /** Scores of head {@code h} into {@code ws.scores (N, N)}, before bias and mask. */
  private void scores(float[] qkv, int qo, int ko, int stride, int h, Workspace ws) {
    float[] q = ws.q; // (N, d)
    float[] k = ws.k; // (N, d)
    for (int i = 0; i < n; i++) {
      System.arraycopy(qkv, qo + i * stride, q, i * d, d);
      System.arraycopy(qkv, ko + i * stride, k, i * d, d);
    }
    Family family = shape.family();
    if (family == Family.SWIN_V2) {
      // attn = F.normalize(q, dim=-1) @ F.normalize(k, dim=-1).transpose(-2, -1)
      normalizeRows(q, n, d);
      normalizeRows(k, n, d);
    } else if (family != Family.TEMPORAL) {
      // q = q * self.scale
      scaleInPlace(q, n * d, shape.scale());
    }
    // attn = q @ k.transpose(-2, -1)
    float[] s = ws.scores;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        float acc = 0f;
        for (int e = 0; e < d; e++) {
          acc += q[i * d + e] * k[j * d + e];
        }
        s[i * n + j] = acc;
      }
    }
    if (family == Family.TEMPORAL) {
      // attn = (q @ k.transpose(-2, -1)) * self.scale
      scaleInPlace(s, n * n, shape.scale());
    } else if (family == Family.SWIN_V2) {
      // attn = attn * torch.clamp(self.logit_scale, max=log(1 / 0.01)).exp()
      scaleInPlace(s, n * n, logitScale[h]);
    }
  }

  /** {@code out[o + i*m + j] = b[j] + sum_k in[io + i*C + k] * wT[k*m + j]} for N rows. */
  private void linear(float[] in, int io, float[] wT, float[] b, int m, float[] out, int oo) {
    for (int i = 0; i < n; i++) {
      int row = oo + i * m;
      System.arraycopy(b, 0, out, row, m);
      for (int k = 0; k < c; k++) {
        float a = in[io + i * c + k];
        int w = k * m;
        for (int j = 0; j < m; j++) {
          out[row + j] += a * wT[w + j];
        }
      }
    }
  }

  /** {@code y[yo + i*C + e] = sum_j p[i, j] * v[vo + j*stride + e]}. */
  private void attnTimesV(float[] p, float[] v, int vo, int stride, float[] y, int yo) {
    for (int i = 0; i < n; i++) {
      int row = yo + i * c;
      for (int e = 0; e < d; e++) {
        y[row + e] = 0f;
      }
      for (int j = 0; j < n; j++) {
        float a = p[i * n + j];
        int vr = vo + j * stride;
        for (int e = 0; e < d; e++) {
          y[row + e] += a * v[vr + e];
        }
      }
    }
  }

  /** Row-wise softmax as PyTorch does it: subtract the max, exp, sum, multiply by 1 / sum. */
  static void softmaxRows(float[] s, int n) {
    for (int i = 0; i < n; i++) {
      int row = i * n;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, s[row + j]);
      }
      float sum = 0f;
      for (int j = 0; j < n; j++) {
        float e = (float) Math.exp(s[row + j] - max);
        s[row + j] = e;
        sum += e;
      }
      float inv = 1f / sum;
      for (int j = 0; j < n; j++) {
        s[row + j] *= inv;
      }
    }
  }

  /** {@code F.normalize(x, dim=-1)}: each row divided by {@code max(||row||_2, 1e-12)}. */
  static void normalizeRows(float[] a, int rows, int len) {
    for (int i = 0; i < rows; i++) {
      float ss = 0f;
      for (int e = 0; e < len; e++) {
        float v = a[i * len + e];
        ss += v * v;
      }
      float inv = 1f / Math.max((float) Math.sqrt(ss), L2_EPS);
      for (int e = 0; e < len; e++) {
        a[i * len + e] *= inv;
      }
    }
  }

  private static void scaleInPlace(float[] a, int len, float s) {
    for (int i = 0; i < len; i++) {
      a[i] *= s;
    }
  }

  private static void addInPlace(float[] a, int ao, float[] b, int bo, int len) {
    for (int i = 0; i < len; i++) {
      a[ao + i] += b[bo + i];
    }
  }

  private static float[] transpose(float[] w, int rows, int cols) {
    float[] t = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < cols; k++) {
        t[k * rows + r] = w[r * cols + k];
      }
    }
    return t;
  }

  /** {@code relative_position_bias_table[relative_position_index].permute(2, 0, 1)}: (H, N, N). */
  private static float[] expandBias(AttentionWeights weights) {
    AttentionShape shape = weights.shape();
    int n = shape.tokens();
    int heads = shape.heads();
    int[] index = RelativePositionIndex.compute(shape);
    float[] dense = new float[heads * n * n];
    for (int h = 0; h < heads; h++) {
      for (int ij = 0; ij < n * n; ij++) {
        dense[h * n * n + ij] = weights.bias(index[ij], h);
      }
    }
    return dense;
  }

  /** Per-thread scratch: allocated once per thread and kernel, reused by every call. */
  private static final class Workspace {
    final float[] qkv; // (N, 3C)
    final float[] q; // (N, d)
    final float[] k; // (N, d)
    final float[] scores; // (N, N)
    final float[] y; // (N, C)

    Workspace(int n, int c) {
      qkv = new float[n * 3 * c];
      q = new float[n * c];
      k = new float[n * c];
      scores = new float[n * n];
      y = new float[n * c];
    }
  }
}
