package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.Epilogue;
import io.github.winattn.generator.plan.StepKind;

/**
 * The window split of the vector kernel ({@code forwardSplit}, and {@code forwardWindowSplit} with
 * feature maps): phase 0 is {@code qkv} over a range of output panels into the window's shared
 * scratch, phase 1 a range of heads (their merged columns copied into the scratch), phase 2 {@code
 * proj} over a range of output panels straight to the output. Every output element is computed by
 * the same calls as the unsplit path ({@code gemmBias} over whole panels, {@code head}), so the
 * result is bit-identical; per-part copies (x, the merged heads) are made in each thread's own
 * workspace.
 */
final class SplitEmitter {

  private SplitEmitter() {}

  /** Phases of the split: qkv, heads, proj. */
  static final int PHASES = 3;

  // static final int SPLIT_Y = ROWS * QKV_STRIDE;
  // ...
  // static final int SPLIT_SIZE = SPLIT_Y + ROWS * Y_STRIDE;
  static void addFields(TypeSpec.Builder type, Scope s) {
    type.addField(
        s.addField(
            FieldSpec.builder(int.class, "SPLIT_Y", STATIC, FINAL)
                .addJavadoc(
                    "Offset of the merged heads (ROWS, Y_STRIDE) in a split window's scratch,"
                        + " after its qkv (ROWS, QKV_STRIDE).\n")
                .initializer("$N * $N", s.field("ROWS"), s.field("QKV_STRIDE"))
                .build()));
    type.addField(
        s.addField(
            FieldSpec.builder(int.class, "SPLIT_SIZE", STATIC, FINAL)
                .addJavadoc("Floats of a split window's scratch: qkv and the merged heads.\n")
                .initializer(
                    "$N + $N * $N", s.field("SPLIT_Y"), s.field("ROWS"), s.field("Y_STRIDE"))
                .build()));
  }

  // @Override public int splitPhases() { return 3; }
  // @Override public int splitScratchSize() { return SPLIT_SIZE; }
  static void addSizes(TypeSpec.Builder type, Scope s) {
    type.addMethod(
        MethodSpec.methodBuilder("splitPhases")
            .addAnnotation(Override.class)
            .addModifiers(PUBLIC)
            .returns(int.class)
            .addStatement("return $L", PHASES)
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("splitScratchSize")
            .addAnnotation(Override.class)
            .addModifiers(PUBLIC)
            .returns(int.class)
            .addStatement("return $N", s.field("SPLIT_SIZE"))
            .build());
  }

  // private static void splitLinear(float[] a, int aOff, int aStride, float[] panels, float[] bias,
  //     int stride, float[] c, int part, int parts) {
  //   int count = stride / WEIGHT_PANEL;
  //   gemmBias(ROWS, a, aOff, aStride, panels, PAD, DIM * WEIGHT_PANEL, DIM,
  //       count * part / parts * (WEIGHT_PANEL / LANES),
  //       count * (part + 1) / parts * (WEIGHT_PANEL / LANES), c, 0, stride, bias);
  // }
  static MethodSpec splitLinear(Scope s, VectorAttentionEmitter.Helpers h) {
    FieldSpec panel = s.field("WEIGHT_PANEL");
    FieldSpec dim = s.field("DIM");
    FieldSpec lanes = s.field("LANES");
    return MethodSpec.methodBuilder("splitLinear")
        .addJavadoc(
            "Output panels [count * part / parts, count * (part + 1) / parts) of a linear layer"
                + " over ROWS rows\n"
                + "(count = stride / WEIGHT_PANEL): gemmBias over those panels' column vectors.\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(float[].class, "a")
        .addParameter(int.class, "aOff")
        .addParameter(int.class, "aStride")
        .addParameter(float[].class, "panels")
        .addParameter(float[].class, "bias")
        .addParameter(int.class, "stride")
        .addParameter(float[].class, "c")
        .addParameter(int.class, "part")
        .addParameter(int.class, "parts")
        .addStatement("int count = stride / $N", panel)
        .addStatement(
            "$N($N, a, aOff, aStride, panels, $N, $N * $N, $N, count * part / parts * ($N / $N),"
                + " count * (part + 1) / parts * ($N / $N), c, 0, stride, bias)",
            h.product(Epilogue.BIAS),
            s.field("ROWS"),
            s.field("PAD"),
            dim,
            panel,
            dim,
            panel,
            lanes,
            panel,
            lanes)
        .build();
  }

  // private static void splitMergeHeads(float[] y, float[] scratch, int h0, int h1) {
  //   for (int i = 0; i < TOKENS; i++) {
  //     System.arraycopy(y, i * Y_STRIDE + h0 * HEAD_DIM, scratch, SPLIT_Y + i * Y_STRIDE + h0 *
  //         HEAD_DIM, (h1 - h0) * HEAD_DIM);
  //   }
  // }
  static MethodSpec splitMergeHeads(Scope s) {
    FieldSpec y = s.field("Y_STRIDE");
    FieldSpec hd = s.field("HEAD_DIM");
    return MethodSpec.methodBuilder("splitMergeHeads")
        .addJavadoc(
            "Columns of heads [h0, h1) of y into the window's scratch: exactly their own columns,"
                + " never a\nhead's spill into the next.\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(float[].class, "y")
        .addParameter(float[].class, "scratch")
        .addParameter(int.class, "h0")
        .addParameter(int.class, "h1")
        .beginControlFlow("for (int i = 0; i < $N; i++)", s.field("TOKENS"))
        .addStatement(
            "$T.arraycopy(y, i * $N + h0 * $N, scratch, $N + i * $N + h0 * $N, (h1 - h0) * $N)",
            System.class,
            y,
            hd,
            s.field("SPLIT_Y"),
            y,
            hd,
            hd)
        .endControlFlow()
        .build();
  }

  /** The split entry of the windows of a batch, {@code forwardSplit}. */
  // @Override
  // public void forwardSplit(float[] x, int xOffset, float[] out, int outOffset, Mask mask,
  //     int window, int phase, int part, int parts, float[] scratch) {
  //   Workspace ws = WORKSPACE.get();
  //   if (phase == 0) {
  //     // qkv = self.qkv(x): this part's output panels into the window's scratch
  //     // x of the window into ws.x (interleaved by MR rows where the qkv tiles read so)
  //     packRows(x, xOffset + window * TOKENS * DIM, DIM, ws.x, 0);
  //     splitLinear(ws.x, 0, DIM, qkvPanels, qkvBias, QKV_STRIDE, scratch, part, parts);
  //   } else if (phase == 1) {
  //     ...
  //     int maskOffset = mask.isPresent() ? mask.offset() + window % mask.windows() * TOKENS *
  // TOKENS : -1;
  //     padMask(mask.values(), maskOffset, ws.maskRows);
  //     // heads [h0, h1): ws.y, then their columns into the window's scratch
  //     int h0 = HEADS * part / parts;
  //     int h1 = HEADS * (part + 1) / parts;
  //     for (int h = h0; h < h1; h++) {
  //       head(ws, scratch, 0, h);
  //     }
  //     splitMergeHeads(ws.y, scratch, h0, h1);
  //   } else {
  //     ...
  //     int c0 = Math.min(DIM, PROJ_STRIDE / WEIGHT_PANEL * part / parts * WEIGHT_PANEL);
  //     int c1 = Math.min(DIM, PROJ_STRIDE / WEIGHT_PANEL * (part + 1) / parts * WEIGHT_PANEL);
  //     for (int i = 0; i < TOKENS; i++) {
  //       System.arraycopy(ws.proj, i * PROJ_STRIDE + c0, out, outOffset + (window * TOKENS + i) *
  // DIM + c0, c1 - c0);
  //     }
  //   }
  // }
  static MethodSpec forwardSplit(
      Scope s,
      VectorAttentionEmitter.Helpers h,
      FieldSpec workspace,
      MethodSpec head,
      MethodSpec linear,
      MethodSpec merge) {
    FieldSpec tokens = s.field("TOKENS");
    FieldSpec dim = s.field("DIM");
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("forwardSplit")
            .addAnnotation(Override.class)
            .addModifiers(PUBLIC)
            .addParameter(float[].class, "x")
            .addParameter(int.class, "xOffset")
            .addParameter(float[].class, "out")
            .addParameter(int.class, "outOffset")
            .addParameter(Types.MASK, "mask")
            .addParameter(int.class, "window")
            .addParameter(int.class, "phase")
            .addParameter(int.class, "part")
            .addParameter(int.class, "parts")
            .addParameter(float[].class, "scratch")
            .addStatement("$T ws = $N.get()", s.workspace, workspace);
    m.beginControlFlow("if (phase == 0)");
    addQkv(
        m,
        s,
        linear,
        h.packRows().isPresent()
            ? CodeBlock.of(
                "$N(x, xOffset + window * $N * $N, $N, $L, 0)",
                h.packRows().get(),
                tokens,
                dim,
                dim,
                s.ws("x"))
            : CodeBlock.of(
                "$T.arraycopy(x, xOffset + window * $N * $N, $L, 0, $N * $N)",
                System.class,
                tokens,
                dim,
                s.ws("x"),
                tokens,
                dim));
    m.nextControlFlow("else if (phase == 1)");
    if (s.plan.masked()) {
      m.addComment("$L: window % nW", s.plan.comment(StepKind.MASK));
      m.addStatement(
          "int maskOffset = mask.isPresent() ? mask.offset() + window % mask.windows() * $N * $N"
              + " : -1",
          tokens, tokens);
      m.addStatement(
          "$N(mask.values(), maskOffset, $L)", h.padMask().orElseThrow(), s.ws("maskRows"));
    }
    addHeads(m, s, merge, CodeBlock.of("$N(ws, scratch, 0, h)", head));
    m.nextControlFlow("else");
    addProj(m, s, h, linear);
    m.beginControlFlow("for (int i = 0; i < $N; i++)", tokens);
    m.addStatement(
        "$T.arraycopy($L, i * $N + c0, out, outOffset + (window * $N + i) * $N + c0, c1 - c0)",
        System.class,
        s.ws("proj"),
        s.field("PROJ_STRIDE"),
        tokens,
        dim);
    m.endControlFlow();
    m.endControlFlow();
    return m.build();
  }

  /** The split entry of a feature-map window, {@code forwardWindowSplit}. */
  // @Override
  // public void forwardWindowSplit(float[] x, int xBase, float[] out, int outBase, int[] rows,
  //     int ro, int map, int windowClass, int phase, int part, int parts, float[] scratch) {
  //   Workspace ws = WORKSPACE.get();
  //   if (phase == 0) {
  //     ...
  //     packMapRows(x, xBase, rows, ro, ws.x, 0);
  //     ...
  //   } else if (phase == 1) {
  //     ...
  //     int go = windowClass == 0 ? -1 : (map * CLASSES + windowClass) * REGION_STRIDE;
  //     ...
  //       mapHead(ws, scratch, 0, h, go);
  //     ...
  //     for (int t = 0; t < TOKENS; t++) {
  //       int r = rows[ro + t];
  //       if (r >= 0) {
  //         System.arraycopy(ws.proj, t * PROJ_STRIDE + c0, out, outBase + r * DIM + c0, c1 - c0);
  //       }
  //     }
  //   }
  // }
  static MethodSpec forwardWindowSplit(
      Scope s,
      VectorAttentionEmitter.Helpers h,
      FieldSpec workspace,
      MethodSpec mapHead,
      MethodSpec linear,
      MethodSpec merge) {
    FieldSpec tokens = s.field("TOKENS");
    FieldSpec dim = s.field("DIM");
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("forwardWindowSplit")
            .addAnnotation(Override.class)
            .addModifiers(PUBLIC)
            .addParameter(float[].class, "x")
            .addParameter(int.class, "xBase")
            .addParameter(float[].class, "out")
            .addParameter(int.class, "outBase")
            .addParameter(int[].class, "rows")
            .addParameter(int.class, "ro")
            .addParameter(int.class, "map")
            .addParameter(int.class, "windowClass")
            .addParameter(int.class, "phase")
            .addParameter(int.class, "part")
            .addParameter(int.class, "parts")
            .addParameter(float[].class, "scratch")
            .addStatement("$T ws = $N.get()", s.workspace, workspace);
    m.beginControlFlow("if (phase == 0)");
    if (h.packMapRows().isPresent()) {
      addQkv(
          m,
          s,
          linear,
          CodeBlock.of("$N(x, xBase, rows, ro, $L, 0)", h.packMapRows().get(), s.ws("x")));
    } else {
      m.addComment("token t of the window is map row rows[ro + t], zeros for a padding token");
      VectorAttentionEmitter.addMapRowCopies(
          m, s, CodeBlock.of("rows"), CodeBlock.of("xBase"), CodeBlock.of("ro"), CodeBlock.of("0"));
      addQkv(m, s, linear, null);
    }
    m.nextControlFlow("else if (phase == 1)");
    boolean regions = s.plan.hasShiftedMaps();
    if (regions) {
      m.addComment(
          "attn_mask: nothing for an interior window (one region), else the region ids of its class");
      m.addStatement(
          "int go = windowClass == 0 ? -1 : (map * $N + windowClass) * $N",
          s.field("CLASSES"),
          s.field("REGION_STRIDE"));
    }
    addHeads(
        m,
        s,
        merge,
        regions
            ? CodeBlock.of("$N(ws, scratch, 0, h, go)", mapHead)
            : CodeBlock.of("$N(ws, scratch, 0, h)", mapHead));
    m.nextControlFlow("else");
    addProj(m, s, h, linear);
    m.addComment("window_reverse, roll back, crop: row t back to its map row");
    m.beginControlFlow("for (int t = 0; t < $N; t++)", tokens);
    m.addStatement("int r = rows[ro + t]");
    m.beginControlFlow("if (r >= 0)");
    m.addStatement(
        "$T.arraycopy($L, t * $N + c0, out, outBase + r * $N + c0, c1 - c0)",
        System.class,
        s.ws("proj"),
        s.field("PROJ_STRIDE"),
        dim);
    m.endControlFlow();
    m.endControlFlow();
    m.endControlFlow();
    return m.build();
  }

  // private static void splitNormalize(float[] a, int channel, int h0, int h1) {
  //   for (int i = 0; i < TOKENS; i++) {
  //     for (int h = h0; h < h1; h++) {
  //       int r = i * SRC_STRIDE + channel + h * HEAD_DIM;
  //       ...
  //       float inv = 1f / Math.max((float) Math.sqrt(ss), 1e-12f);
  //       ...
  static MethodSpec normalize(Scope s) {
    FieldSpec headDim = s.field("HEAD_DIM");
    return MethodSpec.methodBuilder("splitNormalize")
        .addJavadoc(
            "normalizeRows of heads [h0, h1) only: F.normalize over the head dim of q or k"
                + " (channel 0 or DIM)\nof every token, x / max(||x||, 1e-12).\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(float[].class, "a")
        .addParameter(int.class, "channel")
        .addParameter(int.class, "h0")
        .addParameter(int.class, "h1")
        .beginControlFlow("for (int i = 0; i < $N; i++)", s.field("TOKENS"))
        .beginControlFlow("for (int h = h0; h < h1; h++)")
        .addStatement("int r = i * $N + channel + h * $N", s.field("SRC_STRIDE"), headDim)
        .addStatement("float ss = 0f")
        .beginControlFlow("for (int e = 0; e < $N; e++)", headDim)
        .addStatement("ss += a[r + e] * a[r + e]")
        .endControlFlow()
        .addStatement("float inv = 1f / Math.max((float) Math.sqrt(ss), 1e-12f)")
        .beginControlFlow("for (int e = 0; e < $N; e++)", headDim)
        .addStatement("a[r + e] *= inv")
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  private static void addQkv(MethodSpec.Builder m, Scope s, MethodSpec linear, CodeBlock pack) {
    m.addComment(
        "$L: this part's output panels into the window's scratch",
        s.plan.comment(StepKind.QKV_PROJECTION));
    if (pack != null) {
      m.addComment(
          "x of the window into ws.x (interleaved by MR rows where the qkv tiles read so)");
      m.addStatement("$L", pack);
    }
    m.addStatement(
        "$N($L, 0, $N, $N, $N, $N, scratch, part, parts)",
        linear,
        s.ws("x"),
        s.field("DIM"),
        s.field("qkvPanels"),
        s.field("qkvBias"),
        s.field("QKV_STRIDE"));
  }

  private static void addHeads(
      MethodSpec.Builder m, Scope s, MethodSpec merge, CodeBlock headCall) {
    FieldSpec heads = s.field("HEADS");
    m.addComment("heads [h0, h1): ws.y, then their columns into the window's scratch");
    m.addStatement("int h0 = $N * part / parts", heads);
    m.addStatement("int h1 = $N * (part + 1) / parts", heads);
    if (s.plan.has(StepKind.NORMALIZE)) {
      m.addComment("$L: of these heads", s.plan.comment(StepKind.NORMALIZE));
      for (String offset : new String[] {"Q_OFFSET", "K_OFFSET"}) {
        m.addStatement("$N(scratch, $N, h0, h1)", normalize(s), s.field(offset));
      }
    }
    m.beginControlFlow("for (int h = h0; h < h1; h++)");
    m.addStatement("$L", headCall);
    m.endControlFlow();
    m.addStatement("$N($L, scratch, h0, h1)", merge, s.ws("y"));
  }

  private static void addProj(
      MethodSpec.Builder m, Scope s, VectorAttentionEmitter.Helpers h, MethodSpec linear) {
    FieldSpec panel = s.field("WEIGHT_PANEL");
    FieldSpec stride = s.field("PROJ_STRIDE");
    FieldSpec dim = s.field("DIM");
    m.addComment(
        "$L: this part's output panels, their columns below DIM to out",
        s.plan.comment(StepKind.OUTPUT_PROJECTION));
    if (h.packRows().isPresent()) {
      m.addStatement(
          "$N(scratch, $N, $N, $L, 0)",
          h.packRows().get(),
          s.field("SPLIT_Y"),
          s.field("Y_STRIDE"),
          s.ws("yPacked"));
      m.addStatement(
          "$N($L, 0, $N, $N, $N, $N, $L, part, parts)",
          linear,
          s.ws("yPacked"),
          dim,
          s.field("projPanels"),
          s.field("projBias"),
          stride,
          s.ws("proj"));
    } else {
      m.addStatement(
          "$N(scratch, $N, $N, $N, $N, $N, $L, part, parts)",
          linear,
          s.field("SPLIT_Y"),
          s.field("Y_STRIDE"),
          s.field("projPanels"),
          s.field("projBias"),
          stride,
          s.ws("proj"));
    }
    m.addStatement(
        "int c0 = $T.min($N, $N / $N * part / parts * $N)", Math.class, dim, stride, panel, panel);
    m.addStatement(
        "int c1 = $T.min($N, $N / $N * (part + 1) / parts * $N)",
        Math.class,
        dim,
        stride,
        panel,
        panel);
  }
}
