package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterSpec;
import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.generator.plan.ScoreScaling;
import io.github.winattn.generator.plan.StepKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plain-Java variant: loops with the shape's constants, one block per PyTorch step, in the
 * reference kernel's arithmetic order. Runs on any JVM; its matrix products ({@link
 * PlainProductEmitter}) are shaped for C2's auto-vectoriser, the vector variant is the fast path.
 */
final class PlainKernelEmitter {

  private PlainKernelEmitter() {}

  /** The helpers {@code window} and {@code head} call. */
  record Helpers(
      Optional<MethodSpec> linear,
      MethodSpec clearTile,
      MethodSpec rowTile,
      MethodSpec storeTile,
      MethodSpec softmaxRows,
      Optional<MethodSpec> normalizeRows,
      Optional<MethodSpec> linearRows,
      Optional<MethodSpec> softmaxRowsRegions) {}

  // private void window(float[] x, int xo, float[] mask, int maskOffset, float[] out, int oo,
  // Workspace ws) {
  //   // qkv = self.qkv(x)
  //   linear(x, xo, qkvRows, qkvBias, QKV_DIM, ws.qkv, 0, ws);
  //   // q = q * self.scale
  //   for (int i = 0; i < TOKENS; i++) {
  //     for (int c = 0; c < DIM; c++) {
  //       ws.qkv[i * QKV_DIM + c] *= SCALE;
  //     }
  //   }
  //   for (int h = 0; h < HEADS; h++) {
  //     head(ws.qkv, 0, DIM, 2 * DIM, QKV_DIM, h, mask, maskOffset, ws);
  //   }
  //   // x = self.proj(x)
  //   linear(ws.y, 0, projRows, projBias, DIM, out, oo, ws);
  // }
  static MethodSpec window(Scope s, Helpers h, MethodSpec head) {
    KernelPlan plan = s.plan;
    ForwardEmitter.Window w = ForwardEmitter.windowMethod(s);
    MethodSpec.Builder m = w.method();
    FieldSpec dim = s.field("DIM");
    FieldSpec tokens = s.field("TOKENS");
    List<CodeBlock> args = new ArrayList<>();
    if (plan.has(StepKind.QKV_PROJECTION)) {
      FieldSpec qkvDim = s.field("QKV_DIM");
      MethodSpec linear = h.linear().orElseThrow();
      m.addComment("$L", plan.comment(StepKind.QKV_PROJECTION));
      m.addStatement(
          "$N($N, $N, $N, $N, $N, $L, 0, $N)",
          linear,
          w.x(),
          w.xo(),
          s.field("qkvRows"),
          s.field("qkvBias"),
          qkvDim,
          s.ws("qkv"),
          w.ws());
      addQkvSteps(m, s, h);
      args.add(s.ws("qkv"));
      args.add(CodeBlock.of("0"));
      args.add(CodeBlock.of("$N", dim));
      args.add(CodeBlock.of("2 * $N", dim));
      args.add(CodeBlock.of("$N", qkvDim));
    } else {
      args.add(CodeBlock.of("$N", w.x()));
      args.add(CodeBlock.of("$N", w.xo()));
      args.add(CodeBlock.of("$N", w.xo()));
      args.add(CodeBlock.of("$N", w.xo()));
      args.add(CodeBlock.of("$N", dim));
    }
    args.add(CodeBlock.of("h"));
    w.mask()
        .ifPresent(
            k -> {
              args.add(CodeBlock.of("$N", k.values()));
              args.add(CodeBlock.of("$N", k.offset()));
            });
    args.add(CodeBlock.of("$N", w.ws()));
    m.beginControlFlow("for (int h = 0; h < $N; h++)", s.field("HEADS"));
    m.addStatement("$N($L)", head, CodeBlock.join(args, ", "));
    m.endControlFlow();
    if (plan.has(StepKind.OUTPUT_PROJECTION)) {
      m.addComment("$L", plan.comment(StepKind.OUTPUT_PROJECTION));
      m.addStatement(
          "$N($L, 0, $N, $N, $N, $N, $N, $N)",
          h.linear().orElseThrow(),
          s.ws("y"),
          s.field("projRows"),
          s.field("projBias"),
          dim,
          w.out(),
          w.oo(),
          w.ws());
    } else {
      m.addStatement(
          "$T.arraycopy($L, 0, $N, $N, $N * $N)",
          System.class,
          s.ws("y"),
          w.out(),
          w.oo(),
          tokens,
          dim);
    }
    return m.build();
  }

  /** After the qkv projection: q times SCALE where the plan folds it there, F.normalize (v2). */
  private static void addQkvSteps(MethodSpec.Builder m, Scope s, Helpers h) {
    KernelPlan plan = s.plan;
    FieldSpec dim = s.field("DIM");
    if (plan.scoreScaling() == ScoreScaling.FOLDED_INTO_Q) {
      m.addComment("q = q * self.scale");
      m.beginControlFlow("for (int i = 0; i < $N; i++)", s.field("TOKENS"));
      m.beginControlFlow("for (int c = 0; c < $N; c++)", dim);
      m.addStatement("$L[i * $N + c] *= $N", s.ws("qkv"), s.field("QKV_DIM"), s.field("SCALE"));
      m.endControlFlow();
      m.endControlFlow();
    }
    if (h.normalizeRows().isPresent()) {
      m.addComment("$L", plan.comment(StepKind.NORMALIZE));
      m.addStatement("$N($L, 0)", h.normalizeRows().get(), s.ws("qkv"));
      m.addStatement("$N($L, $N)", h.normalizeRows().get(), s.ws("qkv"), dim);
    }
  }

  // private void head(float[] src, int qo, int ko, int vo, int stride, int h, float[] mask,
  //     int maskOffset, Workspace ws) {
  //   // q, k, v = qkv.reshape(B_, N, 3, self.num_heads, C // self.num_heads).permute(2, 0, 3, 1,
  // 4)
  //   int q = qo + h * HEAD_DIM;
  //   int k = ko + h * HEAD_DIM;
  //   int v = vo + h * HEAD_DIM;
  //   float[] s = ws.scores;
  //   // q = q * self.scale; attn = q @ k.transpose(-2, -1)
  //   ...
  //   for (int i = 0; i < TOKENS; i += ROW_TILE) {
  //     clearTile(ws, TOKENS);
  //     rowTile(src, q, stride, i, keysT, HEAD_DIM, TOKENS, ws);
  //     storeTile(ws, s, 0, TOKENS, i, TOKENS);
  //   }
  //   ...  (bias, mask)
  //   // attn = self.softmax(attn)
  //   softmaxRows(s);
  //   // x = (attn @ v).transpose(1, 2).reshape(B_, N, C)
  //   float[][] values = ws.values;
  //   for (int j = 0; j < TOKENS; j++) {
  //     System.arraycopy(src, v + j * stride, values[j], 0, HEAD_DIM);
  //   }
  //   for (int i = 0; i < TOKENS; i += ROW_TILE) {
  //     clearTile(ws, HEAD_DIM);
  //     rowTile(s, 0, TOKENS, i, values, TOKENS, HEAD_DIM, ws);
  //     storeTile(ws, ws.y, h * HEAD_DIM, DIM, i, HEAD_DIM);
  //   }
  // }
  static MethodSpec head(Scope s, Helpers h) {
    return head(s, h, false);
  }

  /**
   * {@code head}, or with {@code map} the feature-map path's {@code mapHead}: no mask parameters;
   * with shifted maps a {@code go} offset into REGIONS, whose cross-region pairs the softmax skips
   * ({@code go < 0}: one region, the plain softmax).
   */
  static MethodSpec head(Scope s, Helpers h, boolean map) {
    KernelPlan plan = s.plan;
    FieldSpec tokens = s.field("TOKENS");
    FieldSpec headDim = s.field("HEAD_DIM");
    FieldSpec rowTile = s.field("ROW_TILE");
    FieldSpec offsets = s.field("TOKEN_OFFSET");
    ParameterSpec ws = ParameterSpec.builder(s.workspace, "ws").build();
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(map ? "mapHead" : "head")
            .addJavadoc("Head h: q, k, v rows of src at qo, ko, vo with the given row stride.\n")
            .addModifiers(PRIVATE)
            .addParameter(float[].class, "src")
            .addParameter(int.class, "qo")
            .addParameter(int.class, "ko")
            .addParameter(int.class, "vo")
            .addParameter(int.class, "stride")
            .addParameter(int.class, "h");
    Optional<ForwardEmitter.Mask> mask = map ? Optional.empty() : ForwardEmitter.mask(s);
    mask.ifPresent(k -> k.addTo(m));
    boolean regions = map && plan.hasShiftedMaps();
    if (regions) {
      m.addParameter(int.class, "go");
    }
    m.addParameter(ws);
    m.addComment("$L", plan.comment(StepKind.HEAD_SPLIT));
    m.addStatement("int q = qo + h * $N", headDim);
    m.addStatement("int k = ko + h * $N", headDim);
    m.addStatement("int v = vo + h * $N", headDim);
    m.addStatement("float[] s = $L", s.ws("scores"));
    m.addComment("$L", plan.comment(StepKind.SCORES));
    m.addComment("k of head h transposed to rows keysT[e] so score tiles read whole key rows");
    m.addStatement("float[][] keysT = $L", s.ws("keysT"));
    m.beginControlFlow("for (int j = 0; j < $N; j++)", tokens);
    m.addStatement("int r = k + j * stride");
    m.beginControlFlow("for (int e = 0; e < $N; e++)", headDim);
    m.addStatement("keysT[e][j] = src[r + e]");
    m.endControlFlow();
    m.endControlFlow();
    m.beginControlFlow("for (int i = 0; i < $N; i += $N)", tokens, rowTile);
    m.addStatement("$N($N, $N)", h.clearTile(), ws, tokens);
    m.addStatement("$N(src, q, stride, i, keysT, $N, $N, $N)", h.rowTile(), headDim, tokens, ws);
    m.addStatement("$N($N, s, 0, $N, i, $N)", h.storeTile(), ws, tokens, tokens);
    m.endControlFlow();
    if (plan.scoreScaling() != ScoreScaling.FOLDED_INTO_Q) {
      m.beginControlFlow("for (int ij = 0; ij < $N * $N; ij++)", tokens, tokens);
      if (plan.scoreScaling() == ScoreScaling.AFTER_PRODUCT) {
        m.addStatement("s[ij] *= $N", s.field("SCALE"));
      } else {
        m.addStatement("s[ij] *= $N[h]", s.field("headScale"));
      }
      m.endControlFlow();
    }
    m.addComment("$L", plan.comment(StepKind.BIAS));
    m.beginControlFlow("for (int i = 0; i < $N; i++)", tokens);
    m.addStatement(
        "int base = h * $N + $N[i] + $N", s.field("TABLE_ROWS"), offsets, s.field("CENTRE"));
    m.beginControlFlow("for (int j = 0; j < $N; j++)", tokens);
    m.addStatement("s[i * $N + j] += $N[base - $N[j]]", tokens, s.field("bias"), offsets);
    m.endControlFlow();
    m.endControlFlow();
    if (mask.isPresent()) {
      m.addComment("$L", plan.comment(StepKind.MASK));
      m.beginControlFlow("if ($N >= 0)", mask.get().offset());
      m.beginControlFlow("for (int ij = 0; ij < $N * $N; ij++)", tokens, tokens);
      m.addStatement("s[ij] += $N[$N + ij]", mask.get().values(), mask.get().offset());
      m.endControlFlow();
      m.endControlFlow();
    }
    if (regions) {
      m.addComment(
          "$L; attn_mask of the window's class: pairs of tokens in different regions are skipped"
              + " (weight 0)",
          plan.comment(StepKind.SOFTMAX));
      m.beginControlFlow("if (go < 0)");
      m.addComment("an interior window has one region: no mask work");
      m.addStatement("$N(s)", h.softmaxRows());
      m.nextControlFlow("else");
      m.addStatement("$N(s, go)", h.softmaxRowsRegions().orElseThrow());
      m.endControlFlow();
    } else {
      m.addComment("$L", plan.comment(StepKind.SOFTMAX));
      m.addStatement("$N(s)", h.softmaxRows());
    }
    m.addComment("$L", plan.comment(StepKind.ATTN_TIMES_V));
    m.addStatement("float[][] values = $L", s.ws("values"));
    m.beginControlFlow("for (int j = 0; j < $N; j++)", tokens);
    m.addStatement("$T.arraycopy(src, v + j * stride, values[j], 0, $N)", System.class, headDim);
    m.endControlFlow();
    m.beginControlFlow("for (int i = 0; i < $N; i += $N)", tokens, rowTile);
    m.addStatement("$N($N, $N)", h.clearTile(), ws, headDim);
    m.addStatement("$N(s, 0, $N, i, values, $N, $N, $N)", h.rowTile(), tokens, tokens, headDim, ws);
    m.addStatement(
        "$N($N, $L, h * $N, $N, i, $N)",
        h.storeTile(),
        ws,
        s.ws("y"),
        headDim,
        s.field("DIM"),
        headDim);
    m.endControlFlow();
    return m.build();
  }

  // private static void softmaxRows(float[] s) {
  //   for (int i = 0; i < TOKENS; i++) {
  //     int row = i * TOKENS;
  //     float max = Float.NEGATIVE_INFINITY;
  //     for (int j = 0; j < TOKENS; j++) { max = Math.max(max, s[row + j]); }
  //     float sum = 0f;
  //     for (int j = 0; j < TOKENS; j++) { float e = Softmax.weight(s[row + j] - max); s[row + j] =
  // e; sum += e; }
  //     float inv = 1f / sum;
  //     for (int j = 0; j < TOKENS; j++) { s[row + j] *= inv; }
  //   }
  // }
  static MethodSpec softmaxRows(Scope s) {
    FieldSpec tokens = s.field("TOKENS");
    return MethodSpec.methodBuilder("softmaxRows")
        .addJavadoc(
            "Row-wise softmax: subtract the row max, exp (0 below e^-64: Softmax), sum, multiply by 1 / sum.\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(float[].class, "s")
        .beginControlFlow("for (int i = 0; i < $N; i++)", tokens)
        .addStatement("int row = i * $N", tokens)
        .addStatement("float max = Float.NEGATIVE_INFINITY")
        .beginControlFlow("for (int j = 0; j < $N; j++)", tokens)
        .addStatement("max = Math.max(max, s[row + j])")
        .endControlFlow()
        .addStatement("float sum = 0f")
        .beginControlFlow("for (int j = 0; j < $N; j++)", tokens)
        .addStatement("float e = $T.weight(s[row + j] - max)", Types.SOFTMAX)
        .addStatement("s[row + j] = e")
        .addStatement("sum += e")
        .endControlFlow()
        .addStatement("float inv = 1f / sum")
        .beginControlFlow("for (int j = 0; j < $N; j++)", tokens)
        .addStatement("s[row + j] *= inv")
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  // private static void softmaxRowsRegions(float[] s, int go) {
  //   for (int i = 0; i < TOKENS; i++) {
  //     int row = i * TOKENS;
  //     float own = REGIONS[go + i];
  //     float max = Float.NEGATIVE_INFINITY;
  //     for (int j = 0; j < TOKENS; j++) {
  //       if (REGIONS[go + j] == own) { max = Math.max(max, s[row + j]); }
  //     }
  //     float sum = 0f;
  //     for (int j = 0; j < TOKENS; j++) {
  //       float e = REGIONS[go + j] == own ? Softmax.weight(s[row + j] - max) : 0f;
  //       s[row + j] = e;
  //       sum += e;
  //     }
  //     float inv = 1f / sum;
  //     for (int j = 0; j < TOKENS; j++) { s[row + j] *= inv; }
  //   }
  // }
  static Optional<MethodSpec> softmaxRowsRegions(Scope s) {
    if (!s.plan.hasShiftedMaps()) {
      return Optional.empty();
    }
    FieldSpec tokens = s.field("TOKENS");
    FieldSpec regions = s.field("REGIONS");
    return Optional.of(
        MethodSpec.methodBuilder("softmaxRowsRegions")
            .addJavadoc(
                "softmaxRows over the keys of the row's own region (REGIONS from go); the others get"
                    + " weight 0:\nthe pairs attn_mask separates, skipped. A token shares its own"
                    + " region, so no row is empty.\n")
            .addModifiers(PRIVATE, STATIC)
            .addParameter(float[].class, "s")
            .addParameter(int.class, "go")
            .beginControlFlow("for (int i = 0; i < $N; i++)", tokens)
            .addStatement("int row = i * $N", tokens)
            .addStatement("float own = $N[go + i]", regions)
            .addStatement("float max = Float.NEGATIVE_INFINITY")
            .beginControlFlow("for (int j = 0; j < $N; j++)", tokens)
            .beginControlFlow("if ($N[go + j] == own)", regions)
            .addStatement("max = Math.max(max, s[row + j])")
            .endControlFlow()
            .endControlFlow()
            .addStatement("float sum = 0f")
            .beginControlFlow("for (int j = 0; j < $N; j++)", tokens)
            .addStatement(
                "float e = $N[go + j] == own ? $T.weight(s[row + j] - max) : 0f",
                regions,
                Types.SOFTMAX)
            .addStatement("s[row + j] = e")
            .addStatement("sum += e")
            .endControlFlow()
            .addStatement("float inv = 1f / sum")
            .beginControlFlow("for (int j = 0; j < $N; j++)", tokens)
            .addStatement("s[row + j] *= inv")
            .endControlFlow()
            .endControlFlow()
            .build());
  }

  // private void mapWindow(float[] x, int xBase, float[] out, int outBase, int[] rows, int ro,
  //     int go, Workspace ws) {
  //   // x_windows = window_partition(torch.roll(x, shifts=-shift)) (Video Swin: of F.pad(x)):
  //   // qkv = self.qkv(x), token t read from map row rows[ro + t]
  //   linearRows(x, xBase, rows, ro, qkvRows, qkvBias, QKV_DIM, ws.qkv, 0, null, ws);
  //   ...
  //   for (int h = 0; h < HEADS; h++) {
  //     mapHead(ws.qkv, 0, DIM, 2 * DIM, QKV_DIM, h, go, ws);
  //   }
  //   // x = self.proj(x); window_reverse, torch.roll(shifts=+shift), x[:, :D, :H, :W]:
  //   // row t written to map row rows[ro + t], none for padding
  //   linearRows(ws.y, 0, null, ro, projRows, projBias, DIM, out, outBase, rows, ws);
  // }
  static MethodSpec mapWindow(Scope s, Helpers h, MethodSpec mapHead) {
    KernelPlan plan = s.plan;
    MethodSpec.Builder m = FeatureMapEmitter.mapWindowMethod(s);
    FieldSpec dim = s.field("DIM");
    FieldSpec tokens = s.field("TOKENS");
    FieldSpec qkvDim = s.field("QKV_DIM");
    MethodSpec linearRows = h.linearRows().orElseThrow();
    m.addComment(
        "x_windows = window_partition(torch.roll(x, shifts=-shift)) (Video Swin: of F.pad(x)):");
    m.addComment(
        "$L, token t read from map row rows[ro + t]", plan.comment(StepKind.QKV_PROJECTION));
    m.addStatement(
        "$N(x, xBase, rows, ro, $N, $N, $N, $L, 0, null, $N)",
        linearRows,
        s.field("qkvRows"),
        s.field("qkvBias"),
        qkvDim,
        s.ws("qkv"),
        "ws");
    addQkvSteps(m, s, h);
    m.beginControlFlow("for (int h = 0; h < $N; h++)", s.field("HEADS"));
    m.addStatement(
        "$N($L, 0, $N, 2 * $N, $N, h, $Lws)",
        mapHead,
        s.ws("qkv"),
        dim,
        dim,
        qkvDim,
        plan.hasShiftedMaps() ? "go, " : "");
    m.endControlFlow();
    m.addComment(
        "$L; window_reverse, torch.roll(shifts=+shift), x[:, :D, :H, :W]:",
        plan.comment(StepKind.OUTPUT_PROJECTION));
    m.addComment("row t written to map row rows[ro + t], none for padding");
    m.addStatement(
        "$N($L, 0, null, ro, $N, $N, $N, out, outBase, rows, ws)",
        linearRows,
        s.ws("y"),
        s.field("projRows"),
        s.field("projBias"),
        dim);
    return m.build();
  }

  static Optional<MethodSpec> normalizeRows(Scope s) {
    return s.plan.has(StepKind.NORMALIZE)
        ? Optional.of(
            VectorAttentionEmitter.normalizeRows(s, CodeBlock.of("$N", s.field("QKV_DIM"))))
        : Optional.empty();
  }
}
