package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.generator.plan.ScoreScaling;
import io.github.winattn.generator.plan.StepKind;

/**
 * The plain-Java variant: loops with the shape's constants, one block per PyTorch step, in the
 * reference kernel's arithmetic order. Runs on any JVM; its matrix products ({@link
 * PlainProductEmitter}) are shaped for C2's auto-vectoriser, the vector variant is the fast path.
 */
final class PlainKernelEmitter {

  private PlainKernelEmitter() {}

  // private void window(float[] x, int xo, float[] mask, int maskOffset, float[] out, int oo, Workspace ws) {
  //   // qkv = self.qkv(x)
  //   linear(x, xo, qkvRows, qkvBias, 3 * DIM, ws.qkv, 0, ws);
  //   // q = q * self.scale
  //   ...
  //   for (int h = 0; h < HEADS; h++) { head(ws.qkv, 0, 3 * DIM, h, mask, maskOffset, ws); }
  //   // x = self.proj(x)
  //   linear(ws.y, 0, projRows, projBias, DIM, out, oo, ws);
  // }
  static void addWindow(TypeSpec.Builder type, KernelPlan plan, ClassName self) {
    MethodSpec.Builder m = ForwardEmitter.windowMethod(plan, self);
    String masks = ForwardEmitter.maskArguments(plan);
    if (plan.has(StepKind.QKV_PROJECTION)) {
      m.addComment("$L", plan.comment(StepKind.QKV_PROJECTION));
      m.addStatement("linear(x, xo, qkvRows, qkvBias, 3 * DIM, ws.qkv, 0, ws)");
      if (plan.scoreScaling() == ScoreScaling.FOLDED_INTO_Q) {
        m.addComment("q = q * self.scale");
        m.beginControlFlow("for (int i = 0; i < TOKENS; i++)");
        m.beginControlFlow("for (int c = 0; c < DIM; c++)");
        m.addStatement("ws.qkv[i * 3 * DIM + c] *= SCALE");
        m.endControlFlow();
        m.endControlFlow();
      }
      if (plan.has(StepKind.NORMALIZE)) {
        m.addComment("$L", plan.comment(StepKind.NORMALIZE));
        m.addStatement("normalizeRows(ws.qkv, 0)");
        m.addStatement("normalizeRows(ws.qkv, DIM)");
      }
      m.beginControlFlow("for (int h = 0; h < HEADS; h++)");
      m.addStatement("head(ws.qkv, 0, DIM, 2 * DIM, 3 * DIM, h$L, ws)", masks);
      m.endControlFlow();
      m.addComment("$L", plan.comment(StepKind.OUTPUT_PROJECTION));
      m.addStatement("linear(ws.y, 0, projRows, projBias, DIM, out, oo, ws)");
    } else {
      m.beginControlFlow("for (int h = 0; h < HEADS; h++)");
      m.addStatement("head(x, xo, xo, xo, DIM, h$L, ws)", masks);
      m.endControlFlow();
      m.addStatement("$T.arraycopy(ws.y, 0, out, oo, TOKENS * DIM)", System.class);
    }
    type.addMethod(m.build());
  }

  // private void head(float[] src, int qo, int ko, int vo, int stride, int h, float[] mask,
  //     int maskOffset, Workspace ws) {
  //   for (int j ...) keysT[e][j] = src[k + j * stride + e];
  //   for (int i = 0; i < TOKENS; i += ROW_TILE) { initTile(ws, ZEROS, 0, TOKENS); rowTile(src, q, ...); storeTile(ws, s, ...); }
  //   bias, mask, softmaxRows(s);
  //   for (int j ...) System.arraycopy(src, v + j * stride, values[j], 0, HEAD_DIM);
  //   for (int i = 0; i < TOKENS; i += ROW_TILE) { ... rowTile(s, 0, TOKENS, i, values, ...); storeTile(ws, ws.y, ...); }
  // }
  static void addHead(TypeSpec.Builder type, KernelPlan plan, ClassName self) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("head")
        .addJavadoc("Head h: q, k, v rows of src at qo, ko, vo with the given row stride.\n")
        .addModifiers(PRIVATE)
        .addParameter(float[].class, "src").addParameter(int.class, "qo").addParameter(int.class, "ko")
        .addParameter(int.class, "vo").addParameter(int.class, "stride").addParameter(int.class, "h");
    ForwardEmitter.addMaskParameters(m, plan);
    m.addParameter(self.nestedClass("Workspace"), "ws");
    m.addComment("$L", plan.comment(StepKind.HEAD_SPLIT));
    m.addStatement("int q = qo + h * HEAD_DIM");
    m.addStatement("int k = ko + h * HEAD_DIM");
    m.addStatement("int v = vo + h * HEAD_DIM");
    m.addStatement("float[] s = ws.scores");
    m.addComment("$L", plan.comment(StepKind.SCORES));
    m.addComment("k of head h transposed to rows keysT[e] so score tiles read whole key rows");
    m.addStatement("float[][] keysT = ws.keysT");
    m.beginControlFlow("for (int j = 0; j < TOKENS; j++)");
    m.addStatement("int r = k + j * stride");
    m.beginControlFlow("for (int e = 0; e < HEAD_DIM; e++)");
    m.addStatement("keysT[e][j] = src[r + e]");
    m.endControlFlow();
    m.endControlFlow();
    m.beginControlFlow("for (int i = 0; i < TOKENS; i += ROW_TILE)");
    m.addStatement("initTile(ws, ZEROS, 0, TOKENS)");
    m.addStatement("rowTile(src, q, stride, i, keysT, 0, HEAD_DIM, TOKENS, ws)");
    m.addStatement("storeTile(ws, s, 0, TOKENS, i, TOKENS)");
    m.endControlFlow();
    if (plan.scoreScaling() != ScoreScaling.FOLDED_INTO_Q) {
      m.beginControlFlow("for (int ij = 0; ij < TOKENS * TOKENS; ij++)");
      m.addStatement("s[ij] *= $L", plan.scoreScaling() == ScoreScaling.AFTER_PRODUCT ? "SCALE" : "headScale[h]");
      m.endControlFlow();
    }
    m.addComment("$L", plan.comment(StepKind.BIAS));
    m.beginControlFlow("for (int i = 0; i < TOKENS; i++)");
    m.addStatement("int base = h * TABLE_ROWS + TOKEN_OFFSET[i] + CENTRE");
    m.beginControlFlow("for (int j = 0; j < TOKENS; j++)");
    m.addStatement("s[i * TOKENS + j] += bias[base - TOKEN_OFFSET[j]]");
    m.endControlFlow();
    m.endControlFlow();
    if (plan.masked()) {
      m.addComment("$L", plan.comment(StepKind.MASK));
      m.beginControlFlow("if (maskOffset >= 0)");
      m.beginControlFlow("for (int ij = 0; ij < TOKENS * TOKENS; ij++)");
      m.addStatement("s[ij] += mask[maskOffset + ij]");
      m.endControlFlow();
      m.endControlFlow();
    }
    m.addComment("$L", plan.comment(StepKind.SOFTMAX));
    m.addStatement("softmaxRows(s)");
    m.addComment("$L", plan.comment(StepKind.ATTN_TIMES_V));
    m.addStatement("float[][] values = ws.values");
    m.beginControlFlow("for (int j = 0; j < TOKENS; j++)");
    m.addStatement("$T.arraycopy(src, v + j * stride, values[j], 0, HEAD_DIM)", System.class);
    m.endControlFlow();
    m.beginControlFlow("for (int i = 0; i < TOKENS; i += ROW_TILE)");
    m.addStatement("initTile(ws, ZEROS, 0, HEAD_DIM)");
    m.addStatement("rowTile(s, 0, TOKENS, i, values, 0, TOKENS, HEAD_DIM, ws)");
    m.addStatement("storeTile(ws, ws.y, h * HEAD_DIM, DIM, i, HEAD_DIM)");
    m.endControlFlow();
    type.addMethod(m.build());
  }

  // private static void softmaxRows(float[] s) { max, exp, sum, times 1 / sum per row }
  static void addSoftmaxRows(TypeSpec.Builder type) {
    type.addMethod(MethodSpec.methodBuilder("softmaxRows")
        .addJavadoc("Row-wise softmax: subtract the row max, exp, sum, multiply by 1 / sum.\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(float[].class, "s")
        .beginControlFlow("for (int i = 0; i < TOKENS; i++)")
        .addStatement("int row = i * TOKENS")
        .addStatement("float max = Float.NEGATIVE_INFINITY")
        .beginControlFlow("for (int j = 0; j < TOKENS; j++)")
        .addStatement("max = Math.max(max, s[row + j])")
        .endControlFlow()
        .addStatement("float sum = 0f")
        .beginControlFlow("for (int j = 0; j < TOKENS; j++)")
        .addStatement("float e = (float) Math.exp(s[row + j] - max)")
        .addStatement("s[row + j] = e")
        .addStatement("sum += e")
        .endControlFlow()
        .addStatement("float inv = 1f / sum")
        .beginControlFlow("for (int j = 0; j < TOKENS; j++)")
        .addStatement("s[row + j] *= inv")
        .endControlFlow()
        .endControlFlow()
        .build());
  }

  static void addNormalizeRows(TypeSpec.Builder type, KernelPlan plan) {
    if (plan.has(StepKind.NORMALIZE)) {
      type.addMethod(VectorAttentionEmitter.normalizeRows("3 * DIM"));
    }
  }
}
