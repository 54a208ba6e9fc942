package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.BiasEncoding;
import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.generator.plan.ScoreScaling;
import io.github.winattn.generator.plan.StepKind;

/** The attention steps of the vector kernel: window, head, softmax row, bias gather, normalize. */
final class VectorAttentionEmitter {

  private VectorAttentionEmitter() {}

  // private void window(float[] x, int xo, float[] mask, int maskOffset, float[] out, int oo,
  //     Workspace ws) {
  //   System.arraycopy(x, xo, ws.x, 0, TOKENS * DIM);
  //   // qkv = self.qkv(x)
  //   gemmBias(ws.x, 0, DIM, qkvPanels, 0, DIM * PANEL, DIM, QKV_STRIDE / LANES, ws.qkv, 0, QKV_STRIDE, qkvBias);
  //   for (int h = 0; h < HEADS; h++) { head(ws, ws.qkv, h); }
  //   // x = self.proj(x)
  //   gemmBias(ws.y, 0, Y_STRIDE, projPanels, ...);
  //   for (int i = 0; i < TOKENS; i++) { System.arraycopy(ws.proj, i * PROJ_STRIDE, out, oo + i * DIM, DIM); }
  // }
  static void addWindow(TypeSpec.Builder type, KernelPlan plan, ClassName self) {
    MethodSpec.Builder m = ForwardEmitter.windowMethod(plan, self);
    boolean packed = plan.tiling().packedProjectionInput();
    if (packed) {
      m.addComment("x interleaved by MR rows for the qkv tiles");
      m.addStatement("packRows(x, xo, DIM, ws.x)");
    } else {
      m.addStatement("$T.arraycopy(x, xo, ws.x, 0, TOKENS * DIM)", System.class);
    }
    if (plan.masked()) {
      m.addComment("$L: window b % nW, its rows padded to KEYS once for every head", plan.comment(StepKind.MASK));
      m.addStatement("padMask(mask, maskOffset, ws.maskRows)");
    }
    String src = "ws.x";
    if (plan.has(StepKind.QKV_PROJECTION)) {
      m.addComment("$L", plan.comment(StepKind.QKV_PROJECTION));
      m.addStatement("$L(ws.x, 0, DIM, qkvPanels, 0, DIM * PANEL, DIM, QKV_STRIDE / LANES, "
          + "ws.qkv, 0, QKV_STRIDE, qkvBias)", GemmEmitter.driverName(Epilogue.BIAS));
      src = "ws.qkv";
    }
    if (plan.has(StepKind.NORMALIZE)) {
      m.addComment("$L", plan.comment(StepKind.NORMALIZE));
      m.addStatement("normalizeRows($L, Q_OFFSET)", src);
      m.addStatement("normalizeRows($L, K_OFFSET)", src);
    }
    m.beginControlFlow("for (int h = 0; h < HEADS; h++)");
    m.addStatement("head(ws, $L, h)", src);
    m.endControlFlow();
    String result = "ws.y";
    String stride = "Y_STRIDE";
    if (plan.has(StepKind.OUTPUT_PROJECTION)) {
      m.addComment("$L", plan.comment(StepKind.OUTPUT_PROJECTION));
      if (packed) {
        m.addStatement("packRows(ws.y, 0, Y_STRIDE, ws.yPacked)");
        m.addStatement("$L(ws.yPacked, 0, DIM, projPanels, 0, DIM * PANEL, DIM, PROJ_STRIDE / LANES, "
            + "ws.proj, 0, PROJ_STRIDE, projBias)", GemmEmitter.driverName(Epilogue.BIAS));
      } else {
        m.addStatement("$L(ws.y, 0, Y_STRIDE, projPanels, 0, DIM * PANEL, DIM, PROJ_STRIDE / LANES, "
            + "ws.proj, 0, PROJ_STRIDE, projBias)", GemmEmitter.driverName(Epilogue.BIAS));
      }
      result = "ws.proj";
      stride = "PROJ_STRIDE";
    }
    m.beginControlFlow("for (int i = 0; i < TOKENS; i++)");
    m.addStatement("$T.arraycopy($L, i * $L, out, oo + i * DIM, DIM)", System.class, result, stride);
    m.endControlFlow();
    type.addMethod(m.build());
  }

  // private void head(Workspace ws, float[] src, int h) {
  //   // q, k, v = ... : k of head h transposed
  //   for (int j = 0; j < TOKENS; j++) { ... ws.keysT[e * KEYS + j] = src[r + e]; }
  //   // attn = q @ k.transpose(-2, -1)
  //   gemm(src, Q_OFFSET + h * HEAD_DIM, SRC_STRIDE, ws.keysT, 0, PANEL, HEAD_DIM, KEY_VECTORS, ws.scores, 0, KEYS);
  //   for (int i = 0; i < TOKENS; i++) { ws.rowScale[i] = softmaxRow(ws.scores, i * KEYS, bias, (h * TOKENS + i) * KEYS, mask, ...); }
  //   // x = (attn @ v).transpose(1, 2).reshape(B_, N, C)
  //   gemmRowScaled(ws.scores, 0, KEYS, src, V_OFFSET + h * HEAD_DIM, PANEL, TOKENS, HEAD_VECTORS, ws.y, h * HEAD_DIM, Y_STRIDE, ws.rowScale);
  // }
  static void addHead(TypeSpec.Builder type, KernelPlan plan, ClassName self) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("head")
        .addJavadoc("Head h of one window: scores, bias, mask, softmax and attn @ v into ws.y.\n")
        .addModifiers(PRIVATE)
        .addParameter(self.nestedClass("Workspace"), "ws")
        .addParameter(float[].class, "src")
        .addParameter(int.class, "h");
    m.addComment("$L", plan.comment(StepKind.HEAD_SPLIT));
    m.addComment("k of head h transposed to (HEAD_DIM, KEYS) so score tiles read whole key vectors");
    m.addStatement("float[] keysT = ws.keysT");
    m.beginControlFlow("for (int j = 0; j < TOKENS; j++)");
    m.addStatement("int r = j * SRC_STRIDE + K_OFFSET + h * HEAD_DIM");
    m.beginControlFlow("for (int e = 0; e < HEAD_DIM; e++)");
    m.addStatement("keysT[e * KEYS + j] = src[r + e]");
    m.endControlFlow();
    m.endControlFlow();
    m.addComment("$L", plan.comment(StepKind.SCORES));
    String operands = "src, Q_OFFSET + h * HEAD_DIM, SRC_STRIDE, keysT, 0, PANEL, HEAD_DIM, "
        + "KEY_VECTORS, ws.scores, 0, KEYS";
    switch (plan.scoreScaling()) {
      case FOLDED_INTO_Q -> m.addStatement("$L($L)", GemmEmitter.driverName(Epilogue.NONE), operands);
      case AFTER_PRODUCT -> m.addStatement("$L($L, SCALE)", GemmEmitter.driverName(Epilogue.SCALE), operands);
      case COSINE -> m.addStatement("$L($L, headScale[h])", GemmEmitter.driverName(Epilogue.SCALE), operands);
    }
    m.addComment("$L", plan.comment(StepKind.BIAS));
    if (plan.masked()) {
      m.addComment("$L", plan.comment(StepKind.MASK));
    }
    m.addComment("$L", plan.comment(StepKind.SOFTMAX));
    m.beginControlFlow("for (int i = 0; i < TOKENS; i++)");
    String maskArgs = plan.masked() ? ", ws.maskRows, i * KEYS" : "";
    if (plan.biasEncoding() == BiasEncoding.DENSE) {
      m.addStatement("ws.rowScale[i] = softmaxRow(ws.scores, i * KEYS, bias, (h * TOKENS + i) * KEYS$L)", maskArgs);
    } else {
      m.addStatement("gatherBiasRow(ws.biasRow, h, i)");
      m.addStatement("ws.rowScale[i] = softmaxRow(ws.scores, i * KEYS, ws.biasRow, 0$L)", maskArgs);
    }
    m.endControlFlow();
    m.addComment("$L", plan.comment(StepKind.ATTN_TIMES_V));
    m.addComment("row i of attn @ v times rowScale[i] = 1 / sum: the softmax's last multiplication");
    m.addStatement("$L(ws.scores, 0, KEYS, src, V_OFFSET + h * HEAD_DIM, PANEL, TOKENS, "
        + "HEAD_VECTORS, ws.y, h * HEAD_DIM, Y_STRIDE, ws.rowScale)", GemmEmitter.driverName(Epilogue.ROW_SCALE));
    type.addMethod(m.build());
  }

  // private static void packRows(float[] src, int so, int stride, float[] dst) {
  //   for (int t = 0; t < TOKENS; t++) {
  //     int d = t / MR * DIM * MR + t % MR;
  //     for (int k = 0; k < DIM; k++) { dst[d + k * MR] = src[so + t * stride + k]; }
  //   }
  // }
  /** Adds {@code packRows} when the projections read MR-interleaved inputs. */
  static void addPackRows(TypeSpec.Builder type, KernelPlan plan) {
    if (!plan.tiling().packedProjectionInput()) {
      return;
    }
    MethodSpec.Builder m = MethodSpec.methodBuilder("packRows")
        .addJavadoc("Rows t < TOKENS of (TOKENS, DIM) at so, rows stride apart, into dst interleaved by MR rows:\n"
            + "(ROWS / MR, DIM, MR), so a tile's k step reads its MR values at consecutive offsets.\n"
            + "Padding rows of dst are never written and stay 0.\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(float[].class, "src").addParameter(int.class, "so").addParameter(int.class, "stride")
        .addParameter(float[].class, "dst");
    m.beginControlFlow("for (int t = 0; t < TOKENS; t++)");
    m.addStatement("int d = t / MR * DIM * MR + t % MR");
    m.addStatement("int s = so + t * stride");
    m.beginControlFlow("for (int k = 0; k < DIM; k++)");
    m.addStatement("dst[d + k * MR] = src[s + k]");
    m.endControlFlow();
    m.endControlFlow();
    type.addMethod(m.build());
  }

  // private static float softmaxRow(float[] s, int so, float[] bias, int bo, float[] mask, int mo) {
  //   FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
  //   int j = 0;
  //   for (int j = 0; j < KEYS; j += LANES) { v = s + bias (+ mask); store; max = max.max(v); }
  //   float m = max.reduceLanes(VectorOperators.MAX);
  //   for (j ...) { e = (s - m).exp(); store; sum += e; }
  //   return 1f / sum.reduceLanes(VectorOperators.ADD);  // applied to the rows of attn @ v
  // }
  static void addSoftmaxRow(TypeSpec.Builder type, KernelPlan plan) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("softmaxRow")
        .addJavadoc("s[so..so+KEYS) = exp(s + bias$L - row max), returning 1 / sum: the softmax as PyTorch\n"
            + "does it, with the final multiplication by 1 / sum applied to the row of attn @ v instead\n"
            + "(one pass over the row less). Padding keys carry -inf from the bias and end as 0.\n",
            plan.masked() ? " + mask (rows padded to KEYS, zeros without a mask)" : "")
        .addModifiers(PRIVATE, STATIC)
        .returns(float.class)
        .addParameter(float[].class, "s").addParameter(int.class, "so")
        .addParameter(float[].class, "bias").addParameter(int.class, "bo");
    if (plan.masked()) {
      m.addParameter(float[].class, "mask").addParameter(int.class, "mo");
    }
    m.addStatement("$T max = $T.broadcast(SPECIES, Float.NEGATIVE_INFINITY)", Types.FLOAT_VECTOR, Types.FLOAT_VECTOR);
    m.beginControlFlow("for (int j = 0; j < KEYS; j += LANES)");
    m.addStatement("$T v = $T.fromArray(SPECIES, s, so + j).add($T.fromArray(SPECIES, bias, bo + j))",
        Types.FLOAT_VECTOR, Types.FLOAT_VECTOR, Types.FLOAT_VECTOR);
    if (plan.masked()) {
      m.addStatement("v = v.add($T.fromArray(SPECIES, mask, mo + j))", Types.FLOAT_VECTOR);
    }
    m.addStatement("v.intoArray(s, so + j)");
    m.addStatement("max = max.max(v)");
    m.endControlFlow();
    m.addStatement("$T rowMax = $T.broadcast(SPECIES, max.reduceLanes($T.MAX))",
        Types.FLOAT_VECTOR, Types.FLOAT_VECTOR, Types.VECTOR_OPERATORS);
    m.addStatement("$T sum = $T.zero(SPECIES)", Types.FLOAT_VECTOR, Types.FLOAT_VECTOR);
    m.beginControlFlow("for (int j = 0; j < KEYS; j += LANES)");
    m.addStatement("$T e = $T.fromArray(SPECIES, s, so + j).sub(rowMax).lanewise($T.EXP)",
        Types.FLOAT_VECTOR, Types.FLOAT_VECTOR, Types.VECTOR_OPERATORS);
    m.addStatement("e.intoArray(s, so + j)");
    m.addStatement("sum = sum.add(e)");
    m.endControlFlow();
    m.addStatement("return 1f / sum.reduceLanes($T.ADD)", Types.VECTOR_OPERATORS);
    type.addMethod(m.build());
  }

  // private static void padMask(float[] mask, int mo, float[] rows) {
  //   if (mo < 0) { Arrays.fill(rows, 0f); return; }
  //   for (int i = 0; i < TOKENS; i++) { System.arraycopy(mask, mo + i * TOKENS, rows, i * KEYS, TOKENS); }
  // }
  static void addPadMask(TypeSpec.Builder type, KernelPlan plan) {
    if (!plan.masked()) {
      return;
    }
    type.addMethod(MethodSpec.methodBuilder("padMask")
        .addJavadoc("The (TOKENS, TOKENS) mask window at mo (mo < 0: no mask, zeros) as rows of KEYS:\n"
            + "aligned whole-vector loads in the softmax; the key padding stays 0.\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(float[].class, "mask").addParameter(int.class, "mo").addParameter(float[].class, "rows")
        .beginControlFlow("if (mo < 0)")
        .addStatement("$T.fill(rows, 0f)", java.util.Arrays.class)
        .addStatement("return")
        .endControlFlow()
        .beginControlFlow("for (int i = 0; i < TOKENS; i++)")
        .addStatement("$T.arraycopy(mask, mo + i * TOKENS, rows, i * KEYS, TOKENS)", System.class)
        .endControlFlow()
        .build());
  }

  // private void gatherBiasRow(float[] row, int h, int i) {
  //   int base = h * TABLE_ROWS + TOKEN_OFFSET[i] + CENTRE;
  //   for (int j = 0; j < TOKENS; j++) { row[j] = bias[base - TOKEN_OFFSET[j]]; }
  // }
  static void addGatherBiasRow(TypeSpec.Builder type, KernelPlan plan) {
    if (plan.biasEncoding() != BiasEncoding.GATHER) {
      return;
    }
    type.addMethod(MethodSpec.methodBuilder("gatherBiasRow")
        .addJavadoc("row[j] = table[index[i, j], h] through the baked token offsets.\n")
        .addModifiers(PRIVATE)
        .addParameter(float[].class, "row").addParameter(int.class, "h").addParameter(int.class, "i")
        .addStatement("int base = h * TABLE_ROWS + TOKEN_OFFSET[i] + CENTRE")
        .beginControlFlow("for (int j = 0; j < TOKENS; j++)")
        .addStatement("row[j] = bias[base - TOKEN_OFFSET[j]]")
        .endControlFlow()
        .build());
  }

  // private static void normalizeRows(float[] a, int channel) {
  //   for each token i < TOKENS and head h: a[r..r+HEAD_DIM) /= max(||a[r..r+HEAD_DIM)||, 1e-12f)
  // }
  static void addNormalizeRows(TypeSpec.Builder type, KernelPlan plan) {
    if (!plan.has(StepKind.NORMALIZE) || plan.scoreScaling() != ScoreScaling.COSINE) {
      return;
    }
    type.addMethod(normalizeRows("SRC_STRIDE"));
  }

  static MethodSpec normalizeRows(String stride) {
    return MethodSpec.methodBuilder("normalizeRows")
        .addJavadoc("F.normalize over the head dim of q or k (channel 0 or DIM) of every token:\n"
            + "x / max(||x||, 1e-12).\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(float[].class, "a").addParameter(int.class, "channel")
        .beginControlFlow("for (int i = 0; i < TOKENS; i++)")
        .beginControlFlow("for (int h = 0; h < HEADS; h++)")
        .addStatement("int r = i * $L + channel + h * HEAD_DIM", stride)
        .addStatement("float ss = 0f")
        .beginControlFlow("for (int e = 0; e < HEAD_DIM; e++)")
        .addStatement("ss += a[r + e] * a[r + e]")
        .endControlFlow()
        .addStatement("float inv = 1f / Math.max((float) Math.sqrt(ss), 1e-12f)")
        .beginControlFlow("for (int e = 0; e < HEAD_DIM; e++)")
        .addStatement("a[r + e] *= inv")
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .build();
  }
}
