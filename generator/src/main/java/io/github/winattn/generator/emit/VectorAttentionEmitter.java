package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterSpec;
import io.github.winattn.generator.plan.BiasEncoding;
import io.github.winattn.generator.plan.Epilogue;
import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.generator.plan.StepKind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The attention steps of the vector kernel: window group, feature-map window, head, softmax row,
 * bias gather, normalize.
 */
final class VectorAttentionEmitter {

  private VectorAttentionEmitter() {}

  /** The helpers the window methods and heads call, present or not as the plan says. */
  record Helpers(
      Map<Epilogue, MethodSpec> products,
      MethodSpec softmaxRow,
      Optional<MethodSpec> packRows,
      Optional<MethodSpec> padMask,
      Optional<MethodSpec> gatherBiasRow,
      Optional<MethodSpec> normalizeRows,
      Optional<MethodSpec> softmaxRowUnmasked,
      Optional<MethodSpec> softmaxRowRegions,
      Optional<MethodSpec> packMapRows) {

    /** The softmax of a window with one region: no mask parameters. */
    MethodSpec oneRegionSoftmax() {
      return softmaxRowUnmasked.orElse(softmaxRow);
    }

    MethodSpec product(Epilogue e) {
      MethodSpec m = products.get(e);
      if (m == null) {
        throw new IllegalStateException("the plan has no product with epilogue " + e);
      }
      return m;
    }
  }

  // private void group(float[] x, int xo, Mask mask, int b, int count, float[] out, int oo,
  //     Workspace ws) {
  //   // x of window g into rows g * ROWS of ws.x; padding rows stay zero
  //   for (int g = 0; g < count; g++) {
  //     System.arraycopy(x, xo + g * TOKENS * DIM, ws.x, g * ROWS * DIM, TOKENS * DIM);
  //   }
  //   int rows = count * ROWS;
  //   // qkv = self.qkv(x)
  //   // all windows of the group in one pass: each weight panel is read once per group
  //   gemmBias(rows, ws.x, 0, DIM, qkvPanels, PAD, DIM * WEIGHT_PANEL, DIM, 0, QKV_STRIDE / LANES,
  //       ws.qkv, 0, QKV_STRIDE, qkvBias);
  //   for (int g = 0; g < count; g++) {
  //     int row = g * ROWS;
  //     // attn = attn.view(...) + mask...: window (b + g) % nW, its rows padded to KEYS ...
  //     int maskOffset = mask.isPresent() ? mask.offset() + (b + g) % mask.windows() * TOKENS *
  //         TOKENS : -1;
  //     padMask(mask.values(), maskOffset, ws.maskRows);
  //     for (int h = 0; h < HEADS; h++) {
  //       head(ws, ws.qkv, row, h);
  //     }
  //   }
  //   // x = self.proj(x)
  //   gemmBias(rows, ws.y, 0, Y_STRIDE, projPanels, PAD, DIM * WEIGHT_PANEL, DIM, 0,
  //       PROJ_STRIDE / LANES, ws.proj, 0, PROJ_STRIDE, projBias);
  //   for (int g = 0; g < count; g++) {
  //     for (int i = 0; i < TOKENS; i++) {
  //       System.arraycopy(ws.proj, (g * ROWS + i) * PROJ_STRIDE, out, oo + (g * TOKENS + i) * DIM,
  //           DIM);
  //     }
  //   }
  // }
  static MethodSpec group(Scope s, Helpers h, MethodSpec head) {
    KernelPlan plan = s.plan;
    ForwardEmitter.Group w = ForwardEmitter.groupMethod(s);
    MethodSpec.Builder m = w.method();
    FieldSpec dim = s.field("DIM");
    FieldSpec tokens = s.field("TOKENS");
    FieldSpec rows = s.field("ROWS");
    m.addComment("x of window g into rows g * ROWS of ws.x; padding rows stay zero");
    m.beginControlFlow("for (int g = 0; g < $N; g++)", w.count());
    if (h.packRows().isPresent()) {
      m.addComment("interleaved by MR rows for the qkv tiles");
      m.addStatement(
          "$N($N, $N + g * $N * $N, $N, $L, g * $N * $N)",
          h.packRows().get(),
          w.x(),
          w.xo(),
          tokens,
          dim,
          dim,
          s.ws("x"),
          rows,
          dim);
    } else {
      m.addStatement(
          "$T.arraycopy($N, $N + g * $N * $N, $L, g * $N * $N, $N * $N)",
          System.class,
          w.x(),
          w.xo(),
          tokens,
          dim,
          s.ws("x"),
          rows,
          dim,
          tokens,
          dim);
    }
    m.endControlFlow();
    m.addStatement("int rows = $N * $N", w.count(), rows);
    Result r =
        addBody(
            m,
            s,
            h,
            Optional.of(w.count()),
            () -> {
              if (w.mask().isPresent()) {
                ForwardEmitter.GroupMask mask = w.mask().get();
                m.addComment(
                    "$L: window (b + g) % nW, its rows padded to KEYS once for every head",
                    plan.comment(StepKind.MASK));
                m.addStatement(
                    "int maskOffset = $N.isPresent() ? $N.offset() + ($N + g) % $N.windows() * $N"
                        + " * $N : -1",
                    mask.mask(), mask.mask(), mask.first(), mask.mask(), tokens, tokens);
                m.addStatement(
                    "$N($N.values(), maskOffset, $L)",
                    h.padMask().orElseThrow(),
                    mask.mask(),
                    s.ws("maskRows"));
              }
            },
            src -> CodeBlock.of("$N($N, $L, row, h)", head, w.ws(), src));
    m.beginControlFlow("for (int g = 0; g < $N; g++)", w.count());
    m.beginControlFlow("for (int i = 0; i < $N; i++)", tokens);
    m.addStatement(
        "$T.arraycopy($L, (g * $N + i) * $N, $N, $N + (g * $N + i) * $N, $N)",
        System.class,
        r.rows(),
        rows,
        r.stride(),
        w.out(),
        w.oo(),
        tokens,
        dim,
        dim);
    m.endControlFlow();
    m.endControlFlow();
    return m.build();
  }

  // private void mapGroup(float[] x, float[] out, int[] mapRows, int map, int[] windows,
  //     int first, int count, Workspace ws) {
  //   // x_windows = window_partition(torch.roll(x, shifts=-shift)) (Video Swin: of F.pad(x)):
  //   // token t of window g is map row mapRows[ro + t], loaded from the map into rows g * ROWS
  //   for (int g = 0; g < count; g++) {
  //     int w = (first + g) * FeatureMapKernel.WINDOW_INTS;
  //   ...
  //   int rows = count * ROWS;
  //   ...
  //   gemmBias(rows, ws.x, 0, DIM, qkvPanels, PAD, DIM * WEIGHT_PANEL, DIM, 0, QKV_STRIDE / LANES,
  //       ws.qkv, 0, QKV_STRIDE, qkvBias);
  //   ...
  //     int cls = windows[(first + g) * FeatureMapKernel.WINDOW_INTS + 3];
  //     int go = cls == 0 ? -1 : (map * CLASSES + cls) * REGION_STRIDE;
  //     for (int h = 0; h < HEADS; h++) {
  //       mapHead(ws, ws.qkv, row, h, go);
  //     }
  //   ...
  //   // window_reverse, torch.roll(shifts=+shift), x[:, :D, :H, :W]: back to the map rows
  //   for (int g = 0; g < count; g++) {
  //     int w = (first + g) * FeatureMapKernel.WINDOW_INTS;
  //     for (int t = 0; t < TOKENS; t++) {
  //       int r = mapRows[windows[w + 2] + t];
  //       if (r >= 0) {
  //         System.arraycopy(ws.proj, (g * ROWS + t) * PROJ_STRIDE, out, windows[w + 1] + r * DIM,
  //             DIM);
  //       }
  //     }
  //   }
  // }
  static MethodSpec mapGroup(Scope s, Helpers h, MethodSpec mapHead) {
    FieldSpec dim = s.field("DIM");
    FieldSpec tokens = s.field("TOKENS");
    FieldSpec rows = s.field("ROWS");
    ParameterSpec count = ParameterSpec.builder(int.class, "count").build();
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("mapGroup")
            .addJavadoc(
                "Windows first .. first + count - 1 of a feature map, 1 <= count <= GROUP, each"
                    + " WINDOW_INTS ints of\nwindows: xBase, outBase, ro, windowClass. Token t of"
                    + " a window is row mapRows[ro + t] of the image at\nxBase (negative: a zero"
                    + " padding token); its output goes to the same row at outBase (none for\n"
                    + "padding). The projections run over all the group's rows: each weight panel"
                    + " is read once per group.\n")
            .addModifiers(PRIVATE)
            .addParameter(float[].class, "x")
            .addParameter(float[].class, "out")
            .addParameter(int[].class, "mapRows")
            .addParameter(int.class, "map")
            .addParameter(int[].class, "windows")
            .addParameter(int.class, "first")
            .addParameter(count)
            .addParameter(s.workspace, "ws");
    m.addComment(
        "x_windows = window_partition(torch.roll(x, shifts=-shift)) (Video Swin: of F.pad(x)):");
    m.addComment(
        "token t of window g is map row mapRows[ro + t], loaded from the map into rows g * ROWS");
    m.beginControlFlow("for (int g = 0; g < count; g++)");
    m.addStatement("int w = (first + g) * $T.WINDOW_INTS", Types.FEATURE_MAP_KERNEL);
    if (h.packMapRows().isPresent()) {
      m.addComment("(interleaved by MR rows for the qkv tiles)");
      m.addStatement(
          "$N(x, windows[w], mapRows, windows[w + 2], $L, g * $N * $N)",
          h.packMapRows().get(),
          s.ws("x"),
          rows,
          dim);
    } else {
      addMapRowCopies(
          m,
          s,
          CodeBlock.of("mapRows"),
          CodeBlock.of("windows[w]"),
          CodeBlock.of("windows[w + 2]"),
          CodeBlock.of("g * $N", rows));
    }
    m.endControlFlow();
    m.addStatement("int rows = count * $N", rows);
    boolean regions = s.plan.hasShiftedMaps();
    Result r =
        addBody(
            m,
            s,
            h,
            Optional.of(count),
            () -> {
              if (regions) {
                m.addComment(
                    "attn_mask: nothing for an interior window (one region), else the region ids"
                        + " of its class");
                m.addStatement(
                    "int cls = windows[(first + g) * $T.WINDOW_INTS + 3]",
                    Types.FEATURE_MAP_KERNEL);
                m.addStatement(
                    "int go = cls == 0 ? -1 : (map * $N + cls) * $N",
                    s.field("CLASSES"),
                    s.field("REGION_STRIDE"));
              }
            },
            src ->
                regions
                    ? CodeBlock.of("$N(ws, $L, row, h, go)", mapHead, src)
                    : CodeBlock.of("$N(ws, $L, row, h)", mapHead, src));
    m.addComment(
        "window_reverse, torch.roll(shifts=+shift), x[:, :D, :H, :W]: back to the map rows");
    m.beginControlFlow("for (int g = 0; g < count; g++)");
    m.addStatement("int w = (first + g) * $T.WINDOW_INTS", Types.FEATURE_MAP_KERNEL);
    m.beginControlFlow("for (int t = 0; t < $N; t++)", tokens);
    m.addStatement("int r = mapRows[windows[w + 2] + t]");
    m.beginControlFlow("if (r >= 0)");
    m.addStatement(
        "$T.arraycopy($L, (g * $N + t) * $N, out, windows[w + 1] + r * $N, $N)",
        System.class,
        r.rows(),
        rows,
        r.stride(),
        dim,
        dim);
    m.endControlFlow();
    m.endControlFlow();
    m.endControlFlow();
    return m.build();
  }

  // private static void packMapRows(float[] x, int xBase, int[] rows, int ro, float[] dst,
  //     int dOff) {
  //   for (int t = 0; t < TOKENS; t++) {
  //     int d = dOff + t / MR * DIM * MR + t % MR;
  //     int r = rows[ro + t];
  //     if (r < 0) {
  //       for (int k = 0; k < DIM; k++) {
  //         dst[d + k * MR] = 0f;
  //       }
  //     } else {
  //       int s = xBase + r * DIM;
  //       for (int k = 0; k < DIM; k++) {
  //         dst[d + k * MR] = x[s + k];
  //       }
  //     }
  //   }
  // }
  static Optional<MethodSpec> packMapRows(Scope s) {
    if (!s.plan.hasFusedMaps() || !s.plan.tiling().packedProjectionInput()) {
      return Optional.empty();
    }
    FieldSpec mr = s.field("MR");
    FieldSpec dim = s.field("DIM");
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("packMapRows")
            .addJavadoc(
                "packRows from a feature map: token t is map row rows[ro + t] of the image at xBase,"
                    + " zeros for\n"
                    + "a padding token (negative row), into dst from dOff.\n")
            .addModifiers(PRIVATE, STATIC)
            .addParameter(float[].class, "x")
            .addParameter(int.class, "xBase")
            .addParameter(int[].class, "rows")
            .addParameter(int.class, "ro")
            .addParameter(float[].class, "dst")
            .addParameter(int.class, "dOff");
    m.beginControlFlow("for (int t = 0; t < $N; t++)", s.field("TOKENS"));
    m.addStatement("int d = dOff + t / $N * $N * $N + t % $N", mr, dim, mr, mr);
    m.addStatement("int r = rows[ro + t]");
    m.beginControlFlow("if (r < 0)");
    m.beginControlFlow("for (int k = 0; k < $N; k++)", dim);
    m.addStatement("dst[d + k * $N] = 0f", mr);
    m.endControlFlow();
    m.nextControlFlow("else");
    m.addStatement("int s = xBase + r * $N", dim);
    m.beginControlFlow("for (int k = 0; k < $N; k++)", dim);
    m.addStatement("dst[d + k * $N] = x[s + k]", mr);
    m.endControlFlow();
    m.endControlFlow();
    m.endControlFlow();
    return Optional.of(m.build());
  }

  /** Where the body left the output rows: the buffer and its row stride. */
  private record Result(CodeBlock rows, FieldSpec stride) {}

  /**
   * The steps between loading {@code ws.x} and storing the output rows, shared by {@code group} and
   * {@code mapWindow}: qkv, then per window normalize and the heads ({@code headCall} of the q/k/v
   * buffer, a statement that may use {@code row}), then proj.
   *
   * <p>With {@code count} (group) there are {@code count} windows in consecutive ROWS slots: the
   * projections run over the local {@code rows = count * ROWS} rows, and the per-window steps in a
   * loop over g with {@code int row = g * ROWS}, starting with {@code windowStart}. Without it
   * (mapWindow) there is one window at row 0 and the projections run over ROWS rows.
   */
  private static Result addBody(
      MethodSpec.Builder m,
      Scope s,
      Helpers h,
      Optional<ParameterSpec> count,
      Runnable windowStart,
      Function<CodeBlock, CodeBlock> headCall) {
    KernelPlan plan = s.plan;
    FieldSpec dim = s.field("DIM");
    FieldSpec rows = s.field("ROWS");
    boolean grouped = count.isPresent();
    CodeBlock projectionRows = grouped ? CodeBlock.of("rows") : CodeBlock.of("$N", rows);
    CodeBlock src = s.ws("x");
    if (plan.has(StepKind.QKV_PROJECTION)) {
      m.addComment("$L", plan.comment(StepKind.QKV_PROJECTION));
      if (grouped) {
        m.addComment(
            "all windows of the group in one pass: each weight panel is read once per group");
      }
      addLinear(
          m,
          s,
          h,
          projectionRows,
          s.ws("x"),
          CodeBlock.of("$N", dim),
          "qkvPanels",
          "QKV_STRIDE",
          s.ws("qkv"),
          "qkvBias");
      src = s.ws("qkv");
    }
    if (grouped) {
      m.beginControlFlow("for (int g = 0; g < $N; g++)", count.get());
      m.addStatement("int row = g * $N", rows);
    }
    windowStart.run();
    if (h.normalizeRows().isPresent()) {
      FieldSpec srcStride = s.field("SRC_STRIDE");
      m.addComment("$L", plan.comment(StepKind.NORMALIZE));
      for (String offset : List.of("Q_OFFSET", "K_OFFSET")) {
        m.addStatement(
            grouped ? "$N($L, row * $N + $N)" : "$N($L, $N)",
            grouped
                ? new Object[] {h.normalizeRows().get(), src, srcStride, s.field(offset)}
                : new Object[] {h.normalizeRows().get(), src, s.field(offset)});
      }
    }
    m.beginControlFlow("for (int h = 0; h < $N; h++)", s.field("HEADS"));
    m.addStatement("$L", headCall.apply(src));
    m.endControlFlow();
    if (grouped) {
      m.endControlFlow();
    }
    CodeBlock result = s.ws("y");
    FieldSpec stride = s.field("Y_STRIDE");
    if (plan.has(StepKind.OUTPUT_PROJECTION)) {
      m.addComment("$L", plan.comment(StepKind.OUTPUT_PROJECTION));
      if (h.packRows().isPresent()) {
        if (grouped) {
          m.beginControlFlow("for (int g = 0; g < $N; g++)", count.get());
          m.addStatement(
              "$N($L, g * $N * $N, $N, $L, g * $N * $N)",
              h.packRows().get(),
              s.ws("y"),
              rows,
              stride,
              stride,
              s.ws("yPacked"),
              rows,
              dim);
          m.endControlFlow();
        } else {
          m.addStatement(
              "$N($L, 0, $N, $L, 0)", h.packRows().get(), s.ws("y"), stride, s.ws("yPacked"));
        }
        addLinear(
            m,
            s,
            h,
            projectionRows,
            s.ws("yPacked"),
            CodeBlock.of("$N", dim),
            "projPanels",
            "PROJ_STRIDE",
            s.ws("proj"),
            "projBias");
      } else {
        addLinear(
            m,
            s,
            h,
            projectionRows,
            s.ws("y"),
            CodeBlock.of("$N", stride),
            "projPanels",
            "PROJ_STRIDE",
            s.ws("proj"),
            "projBias");
      }
      result = s.ws("proj");
      stride = s.field("PROJ_STRIDE");
    }
    return new Result(result, stride);
  }

  /**
   * {@code gemmBias(rows, in, 0, inStride, panels, 0, DIM * WEIGHT_PANEL, DIM, 0, STRIDE / LANES,
   * out, 0, STRIDE, bias)}: a linear layer over {@code rows} rows (a group's, or ROWS for one
   * window).
   */
  private static void addLinear(
      MethodSpec.Builder m,
      Scope s,
      Helpers h,
      CodeBlock rows,
      CodeBlock in,
      CodeBlock inStride,
      String panels,
      String outStride,
      CodeBlock out,
      String bias) {
    FieldSpec dim = s.field("DIM");
    FieldSpec stride = s.field(outStride);
    m.addStatement(
        "$N($L)",
        h.product(Epilogue.BIAS),
        CodeBlock.join(
            List.of(
                rows,
                in,
                CodeBlock.of("0"),
                inStride,
                CodeBlock.of("$N", s.field(panels)),
                CodeBlock.of("$N", s.field("PAD")),
                CodeBlock.of("$N * $N", dim, s.field("WEIGHT_PANEL")),
                CodeBlock.of("$N", dim),
                CodeBlock.of("0"),
                CodeBlock.of("$N / $N", stride, s.field("LANES")),
                out,
                CodeBlock.of("0"),
                CodeBlock.of("$N", stride),
                CodeBlock.of("$N", s.field(bias))),
            ", "));
  }

  // private void head(Workspace ws, float[] src, int row, int h) {
  //   // q, k, v = qkv.reshape(...).permute(2, 0, 3, 1, 4)
  //   // k of head h transposed to (HEAD_DIM, KEYS) so score tiles read whole key vectors
  //   float[] keysT = ws.keysT;
  //   for (int j = 0; j < TOKENS; j++) {
  //     int r = (row + j) * SRC_STRIDE + K_OFFSET + h * HEAD_DIM;
  //     for (int e = 0; e < HEAD_DIM; e++) {
  //       keysT[e * KEYS + j] = src[r + e];
  //     }
  //   }
  //   // q = q * self.scale; attn = q @ k.transpose(-2, -1)
  //   gemm(ROWS, src, row * SRC_STRIDE + Q_OFFSET + h * HEAD_DIM, SRC_STRIDE, keysT, 0, PANEL,
  //       HEAD_DIM, KEY_VECTORS, ws.scores, 0, KEYS);
  //   // attn = attn + relative_position_bias_table[relative_position_index[:N,
  // :N].reshape(-1)].reshape(N, N, -1).permute(2, 0, 1)
  //   // attn = self.softmax(attn)
  //   for (int i = 0; i < TOKENS; i++) {
  //     ws.rowScale[i] = softmaxRow(ws.scores, i * KEYS, bias, (h * TOKENS + i) * KEYS,
  //         ws.maxLanes);
  //   }
  //   // x = (attn @ v).transpose(1, 2).reshape(B_, N, C)
  //   // row i of attn @ v times rowScale[i] = 1 / sum: the softmax's last multiplication
  //   gemmRowScaled(ROWS, ws.scores, 0, KEYS, src, row * SRC_STRIDE + V_OFFSET + h * HEAD_DIM,
  //       PANEL, TOKENS, HEAD_VECTORS, ws.y, row * Y_STRIDE + h * HEAD_DIM, Y_STRIDE, ws.rowScale);
  // }
  static MethodSpec head(Scope s, Helpers h) {
    return head(s, h, false);
  }

  /**
   * {@code head}, or with {@code map} the feature-map path's {@code mapHead(ws, src, row, h[,
   * go])}: the same steps, with the softmax of a window with one region ({@code go < 0}) or the one
   * that skips cross-region pairs through {@code REGIONS} instead of adding a mask.
   */
  static MethodSpec head(Scope s, Helpers h, boolean map) {
    KernelPlan plan = s.plan;
    FieldSpec tokens = s.field("TOKENS");
    FieldSpec headDim = s.field("HEAD_DIM");
    FieldSpec keys = s.field("KEYS");
    ParameterSpec ws = ParameterSpec.builder(s.workspace, "ws").build();
    ParameterSpec src = ParameterSpec.builder(float[].class, "src").build();
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(map ? "mapHead" : "head")
            .addJavadoc(
                map
                    ? "Head h of one feature-map window (row 0): scores, bias, softmax within regions"
                        + " and attn @ v into ws.y.\n"
                    : "Head h of the window at rows row.. of the group: scores, bias, $Lsoftmax and"
                        + " attn @ v into ws.y.\n",
                plan.masked() ? "mask, " : "")
            .addModifiers(PRIVATE)
            .addParameter(ws)
            .addParameter(src)
            .addParameter(int.class, "row")
            .addParameter(int.class, "h");
    boolean regions = map && plan.hasShiftedMaps();
    if (regions) {
      m.addParameter(int.class, "go");
    }
    m.addComment("$L", plan.comment(StepKind.HEAD_SPLIT));
    m.addComment(
        "k of head h transposed to (HEAD_DIM, KEYS) so score tiles read whole key vectors");
    m.addStatement("float[] keysT = $L", s.ws("keysT"));
    m.beginControlFlow("for (int j = 0; j < $N; j++)", tokens);
    m.addStatement(
        "int r = (row + j) * $N + $N + h * $N",
        s.field("SRC_STRIDE"),
        s.field("K_OFFSET"),
        headDim);
    m.beginControlFlow("for (int e = 0; e < $N; e++)", headDim);
    m.addStatement("keysT[e * $N + j] = $N[r + e]", keys, src);
    m.endControlFlow();
    m.endControlFlow();
    m.addComment("$L", plan.comment(StepKind.SCORES));
    CodeBlock operands =
        CodeBlock.join(
            List.of(
                CodeBlock.of("$N", s.field("ROWS")),
                CodeBlock.of("$N", src),
                CodeBlock.of(
                    "row * $N + $N + h * $N", s.field("SRC_STRIDE"), s.field("Q_OFFSET"), headDim),
                CodeBlock.of("$N", s.field("SRC_STRIDE")),
                CodeBlock.of("keysT"),
                CodeBlock.of("0"),
                CodeBlock.of("$N", s.field("PANEL")),
                CodeBlock.of("$N", headDim),
                CodeBlock.of("$N", s.field("KEY_VECTORS")),
                s.ws("scores"),
                CodeBlock.of("0"),
                CodeBlock.of("$N", keys)),
            ", ");
    switch (plan.scoreScaling()) {
      case FOLDED_INTO_Q -> m.addStatement("$N($L)", h.product(Epilogue.NONE), operands);
      case AFTER_PRODUCT ->
          m.addStatement("$N($L, $N)", h.product(Epilogue.SCALE), operands, s.field("SCALE"));
      case COSINE ->
          m.addStatement(
              "$N($L, $N[h])", h.product(Epilogue.SCALE), operands, s.field("headScale"));
    }
    m.addComment("$L", plan.comment(StepKind.BIAS));
    if (!map) {
      if (plan.masked()) {
        m.addComment("$L", plan.comment(StepKind.MASK));
      }
      m.addComment("$L", plan.comment(StepKind.SOFTMAX));
      addSoftmaxLoop(
          m,
          s,
          h,
          h.softmaxRow(),
          plan.masked() ? CodeBlock.of(", $L, i * $N", s.ws("maskRows"), keys) : CodeBlock.of(""));
    } else if (!regions) {
      m.addComment("$L: one region in every window, no mask work", plan.comment(StepKind.SOFTMAX));
      addSoftmaxLoop(m, s, h, h.oneRegionSoftmax(), CodeBlock.of(""));
    } else {
      m.beginControlFlow("if (go < 0)");
      m.addComment(
          "$L: an interior window has one region, no mask work", plan.comment(StepKind.SOFTMAX));
      addSoftmaxLoop(m, s, h, h.oneRegionSoftmax(), CodeBlock.of(""));
      m.nextControlFlow("else");
      m.addComment(
          "attn_mask of the window's class: pairs of tokens in different regions are skipped (weight"
              + " 0) instead of adding -100");
      m.addComment("$L", plan.comment(StepKind.SOFTMAX));
      FieldSpec table = s.field("REGIONS");
      addSoftmaxLoop(
          m,
          s,
          h,
          h.softmaxRowRegions().orElseThrow(),
          CodeBlock.of(", $N, go, $N[go + i]", table, table));
      m.endControlFlow();
    }
    m.addComment("$L", plan.comment(StepKind.ATTN_TIMES_V));
    m.addComment(
        "row i of attn @ v times rowScale[i] = 1 / sum: the softmax's last multiplication");
    m.addStatement(
        "$N($L)",
        h.product(Epilogue.ROW_SCALE),
        CodeBlock.join(
            List.of(
                CodeBlock.of("$N", s.field("ROWS")),
                s.ws("scores"),
                CodeBlock.of("0"),
                CodeBlock.of("$N", keys),
                CodeBlock.of("$N", src),
                CodeBlock.of(
                    "row * $N + $N + h * $N", s.field("SRC_STRIDE"), s.field("V_OFFSET"), headDim),
                CodeBlock.of("$N", s.field("PANEL")),
                CodeBlock.of("$N", tokens),
                CodeBlock.of("$N", s.field("HEAD_VECTORS")),
                s.ws("y"),
                CodeBlock.of("row * $N + h * $N", s.field("Y_STRIDE"), headDim),
                CodeBlock.of("$N", s.field("Y_STRIDE")),
                s.ws("rowScale")),
            ", "));
    return m.build();
  }

  /**
   * {@code for (int i = 0; i < TOKENS; i++) ws.rowScale[i] = softmax(ws.scores, i * KEYS,
   * bias...extra)}.
   */
  private static void addSoftmaxLoop(
      MethodSpec.Builder m, Scope s, Helpers h, MethodSpec softmax, CodeBlock extra) {
    FieldSpec tokens = s.field("TOKENS");
    FieldSpec keys = s.field("KEYS");
    m.beginControlFlow("for (int i = 0; i < $N; i++)", tokens);
    if (s.plan.biasEncoding() == BiasEncoding.DENSE) {
      m.addStatement(
          "$L[i] = $N($L, i * $N, $N, (h * $N + i) * $N$L, $L)",
          s.ws("rowScale"),
          softmax,
          s.ws("scores"),
          keys,
          s.field("bias"),
          tokens,
          keys,
          extra,
          s.ws("maxLanes"));
    } else {
      m.addStatement("$N($L, h, i)", h.gatherBiasRow().orElseThrow(), s.ws("biasRow"));
      m.addStatement(
          "$L[i] = $N($L, i * $N, $L, 0$L, $L)",
          s.ws("rowScale"),
          softmax,
          s.ws("scores"),
          keys,
          s.ws("biasRow"),
          extra,
          s.ws("maxLanes"));
    }
    m.endControlFlow();
  }

  // private static void packRows(float[] src, int so, int stride, float[] dst, int dOff) {
  //   for (int t = 0; t < TOKENS; t++) {
  //     int d = dOff + t / MR * DIM * MR + t % MR;
  //     int s = so + t * stride;
  //     for (int k = 0; k < DIM; k++) {
  //       dst[d + k * MR] = src[s + k];
  //     }
  //   }
  // }
  static Optional<MethodSpec> packRows(Scope s) {
    if (!s.plan.tiling().packedProjectionInput()) {
      return Optional.empty();
    }
    FieldSpec mr = s.field("MR");
    FieldSpec dim = s.field("DIM");
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("packRows")
            .addJavadoc(
                "Rows t < TOKENS of (TOKENS, DIM) at so, rows stride apart, into dst from dOff interleaved by\n"
                    + "MR rows: (ROWS / MR, DIM, MR), so a tile's k step reads its MR values at consecutive offsets.\n"
                    + "Padding rows of dst are never written and stay 0.\n")
            .addModifiers(PRIVATE, STATIC)
            .addParameter(float[].class, "src")
            .addParameter(int.class, "so")
            .addParameter(int.class, "stride")
            .addParameter(float[].class, "dst")
            .addParameter(int.class, "dOff");
    m.beginControlFlow("for (int t = 0; t < $N; t++)", s.field("TOKENS"));
    m.addStatement("int d = dOff + t / $N * $N * $N + t % $N", mr, dim, mr, mr);
    m.addStatement("int s = so + t * stride");
    m.beginControlFlow("for (int k = 0; k < $N; k++)", dim);
    m.addStatement("dst[d + k * $N] = src[s + k]", mr);
    m.endControlFlow();
    m.endControlFlow();
    return Optional.of(m.build());
  }

  // private static float softmaxRow(float[] s, int so, float[] bias, int bo, float[] mask, int mo,
  //     float[] lanes) {
  //   FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
  //   for (int j = 0; j < KEYS; j += LANES) {
  //     FloatVector v = FloatVector.fromArray(SPECIES, s, so +
  // j).add(FloatVector.fromArray(SPECIES, bias, bo + j));
  //     v = v.add(FloatVector.fromArray(SPECIES, mask, mo + j));                      (masked)
  //     v.intoArray(s, so + j);
  //     max = max.blend(v, max.lt(v));
  //   }
  //   // the row maximum: compare and blend, then the lanes one by one (cheaper than
  //   // reduceLanes(MAX) with Java's NaN and -0 rules; a NaN score still makes the row NaN)
  //   max.intoArray(lanes, 0);
  //   float m = lanes[0];
  //   for (int l = 1; l < LANES; l++) {
  //     m = lanes[l] > m ? lanes[l] : m;
  //   }
  //   FloatVector rowMax = FloatVector.broadcast(SPECIES, m);
  //   FloatVector sum = FloatVector.zero(SPECIES);
  //   for (int j = 0; j < KEYS; j += LANES) {
  //     FloatVector d = FloatVector.fromArray(SPECIES, s, so + j).sub(rowMax);
  //     FloatVector e = d.max(Softmax.FLUSH_BELOW).lanewise(VectorOperators.EXP).blend(0f,
  // d.lt(Softmax.FLUSH_BELOW));
  //     e.intoArray(s, so + j);
  //     sum = sum.add(e);
  //   }
  //   return 1f / sum.reduceLanes(VectorOperators.ADD);
  // }
  static MethodSpec softmaxRow(Scope s) {
    return softmaxRow(s, "softmaxRow", s.plan.masked(), false);
  }

  /** The one-region softmax of the feature-map path, when {@code softmaxRow} takes a mask. */
  static Optional<MethodSpec> softmaxRowUnmasked(Scope s) {
    return s.plan.hasFusedMaps() && s.plan.masked()
        ? Optional.of(softmaxRow(s, "softmaxRowUnmasked", false, false))
        : Optional.empty();
  }

  // private static float softmaxRowRegions(float[] s, int so, float[] bias, int bo, float[]
  // regions, int ro, float own, float[] lanes) {
  //   ...
  //     v = v.blend(Float.NEGATIVE_INFINITY, FloatVector.fromArray(SPECIES, regions, ro +
  // j).compare(VectorOperators.NE, own));  (where softmaxRow adds the mask)
  //   ...
  // }
  static Optional<MethodSpec> softmaxRowRegions(Scope s) {
    return s.plan.hasShiftedMaps()
        ? Optional.of(softmaxRow(s, "softmaxRowRegions", false, true))
        : Optional.empty();
  }

  private static MethodSpec softmaxRow(Scope s, String name, boolean masked, boolean regions) {
    FieldSpec species = s.field("SPECIES");
    FieldSpec keys = s.field("KEYS");
    FieldSpec lanes = s.field("LANES");
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(name)
            .addJavadoc(
                "s[so..so+KEYS) = exp(s + bias$L - row max), returning 1 / sum: the softmax as PyTorch\n"
                    + "does it, with the final multiplication by 1 / sum applied to the row of attn @ v instead\n"
                    + "(one pass over the row less). Padding keys carry -inf from the bias and end as 0; weights\n"
                    + "below e^-64 of the max are 0, never subnormal (Softmax.FLUSH_BELOW). lanes: LANES floats\n"
                    + "of scratch for the row maximum's lanes.\n",
                masked ? " + mask" : "")
            .addModifiers(PRIVATE, STATIC)
            .returns(float.class)
            .addParameter(float[].class, "s")
            .addParameter(int.class, "so")
            .addParameter(float[].class, "bias")
            .addParameter(int.class, "bo");
    if (masked) {
      m.addParameter(float[].class, "mask").addParameter(int.class, "mo");
    }
    if (regions) {
      m.addJavadoc(
          "Keys j whose region id regions[ro + j] differs from the row's own are -inf: skipped,"
              + " weight 0.\n");
      m.addParameter(float[].class, "regions")
          .addParameter(int.class, "ro")
          .addParameter(float.class, "own");
    }
    m.addParameter(float[].class, "lanes");
    m.addStatement(
        "$T max = $T.broadcast($N, Float.NEGATIVE_INFINITY)",
        Types.FLOAT_VECTOR,
        Types.FLOAT_VECTOR,
        species);
    m.beginControlFlow("for (int j = 0; j < $N; j += $N)", keys, lanes);
    m.addStatement(
        "$T v = $T.fromArray($N, s, so + j).add($T.fromArray($N, bias, bo + j))",
        Types.FLOAT_VECTOR,
        Types.FLOAT_VECTOR,
        species,
        Types.FLOAT_VECTOR,
        species);
    if (masked) {
      m.addStatement("v = v.add($T.fromArray($N, mask, mo + j))", Types.FLOAT_VECTOR, species);
    }
    if (regions) {
      m.addStatement(
          "v = v.blend(Float.NEGATIVE_INFINITY, $T.fromArray($N, regions, ro + j).compare($T.NE,"
              + " own))",
          Types.FLOAT_VECTOR,
          species,
          Types.VECTOR_OPERATORS);
    }
    m.addStatement("v.intoArray(s, so + j)");
    m.addStatement("max = max.blend(v, max.lt(v))");
    m.endControlFlow();
    m.addComment("the row maximum: compare and blend, then the lanes one by one (cheaper than");
    m.addComment(
        "reduceLanes(MAX) with Java's NaN and -0 rules; a NaN score still makes the row NaN)");
    m.addStatement("max.intoArray(lanes, 0)");
    m.addStatement("float m = lanes[0]");
    m.beginControlFlow("for (int l = 1; l < $N; l++)", lanes);
    m.addStatement("m = lanes[l] > m ? lanes[l] : m");
    m.endControlFlow();
    m.addStatement(
        "$T rowMax = $T.broadcast($N, m)", Types.FLOAT_VECTOR, Types.FLOAT_VECTOR, species);
    m.addStatement("$T sum = $T.zero($N)", Types.FLOAT_VECTOR, Types.FLOAT_VECTOR, species);
    m.beginControlFlow("for (int j = 0; j < $N; j += $N)", keys, lanes);
    m.addStatement(
        "$T d = $T.fromArray($N, s, so + j).sub(rowMax)",
        Types.FLOAT_VECTOR,
        Types.FLOAT_VECTOR,
        species);
    m.addStatement(
        "$T e = d.max($T.FLUSH_BELOW).lanewise($T.EXP).blend(0f, d.lt($T.FLUSH_BELOW))",
        Types.FLOAT_VECTOR,
        Types.SOFTMAX,
        Types.VECTOR_OPERATORS,
        Types.SOFTMAX);
    m.addStatement("e.intoArray(s, so + j)");
    m.addStatement("sum = sum.add(e)");
    m.endControlFlow();
    m.addStatement("return 1f / sum.reduceLanes($T.ADD)", Types.VECTOR_OPERATORS);
    return m.build();
  }

  // private static void padMask(float[] mask, int mo, float[] rows) {
  //   if (mo < 0) {
  //     Arrays.fill(rows, 0f);
  //     return;
  //   }
  //   for (int i = 0; i < TOKENS; i++) {
  //     System.arraycopy(mask, mo + i * TOKENS, rows, i * KEYS, TOKENS);
  //   }
  // }
  static Optional<MethodSpec> padMask(Scope s) {
    if (!s.plan.masked()) {
      return Optional.empty();
    }
    FieldSpec tokens = s.field("TOKENS");
    return Optional.of(
        MethodSpec.methodBuilder("padMask")
            .addJavadoc(
                "The (TOKENS, TOKENS) mask window at mo (mo < 0: no mask, zeros) as rows of KEYS:\n"
                    + "aligned whole-vector loads in the softmax; the key padding stays 0.\n")
            .addModifiers(PRIVATE, STATIC)
            .addParameter(float[].class, "mask")
            .addParameter(int.class, "mo")
            .addParameter(float[].class, "rows")
            .beginControlFlow("if (mo < 0)")
            .addStatement("$T.fill(rows, 0f)", Arrays.class)
            .addStatement("return")
            .endControlFlow()
            .beginControlFlow("for (int i = 0; i < $N; i++)", tokens)
            .addStatement(
                "$T.arraycopy(mask, mo + i * $N, rows, i * $N, $N)",
                System.class,
                tokens,
                s.field("KEYS"),
                tokens)
            .endControlFlow()
            .build());
  }

  // private void gatherBiasRow(float[] row, int h, int i) {
  //   int base = h * TABLE_ROWS + TOKEN_OFFSET[i] + CENTRE;
  //   for (int j = 0; j < TOKENS; j++) {
  //     row[j] = bias[base - TOKEN_OFFSET[j]];
  //   }
  // }
  static Optional<MethodSpec> gatherBiasRow(Scope s) {
    if (s.plan.biasEncoding() != BiasEncoding.GATHER) {
      return Optional.empty();
    }
    FieldSpec offsets = s.field("TOKEN_OFFSET");
    return Optional.of(
        MethodSpec.methodBuilder("gatherBiasRow")
            .addJavadoc("row[j] = table[index[i, j], h] through the baked token offsets.\n")
            .addModifiers(PRIVATE)
            .addParameter(float[].class, "row")
            .addParameter(int.class, "h")
            .addParameter(int.class, "i")
            .addStatement(
                "int base = h * $N + $N[i] + $N", s.field("TABLE_ROWS"), offsets, s.field("CENTRE"))
            .beginControlFlow("for (int j = 0; j < $N; j++)", s.field("TOKENS"))
            .addStatement("row[j] = $N[base - $N[j]]", s.field("bias"), offsets)
            .endControlFlow()
            .build());
  }

  static Optional<MethodSpec> normalizeRows(Scope s) {
    return s.plan.has(StepKind.NORMALIZE)
        ? Optional.of(normalizeRows(s, CodeBlock.of("$N", s.field("SRC_STRIDE"))))
        : Optional.empty();
  }

  // private static void normalizeRows(float[] a, int channel) {
  //   for (int i = 0; i < TOKENS; i++) {
  //     for (int h = 0; h < HEADS; h++) {
  //       int r = i * SRC_STRIDE + channel + h * HEAD_DIM;
  //       float ss = 0f;
  //       for (int e = 0; e < HEAD_DIM; e++) {
  //         ss += a[r + e] * a[r + e];
  //       }
  //       float inv = 1f / Math.max((float) Math.sqrt(ss), 1e-12f);
  //       for (int e = 0; e < HEAD_DIM; e++) {
  //         a[r + e] *= inv;
  //       }
  //     }
  //   }
  // }
  static MethodSpec normalizeRows(Scope s, CodeBlock stride) {
    FieldSpec headDim = s.field("HEAD_DIM");
    return MethodSpec.methodBuilder("normalizeRows")
        .addJavadoc(
            "F.normalize over the head dim of q or k (channel 0 or DIM) of every token:\n"
                + "x / max(||x||, 1e-12).\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(float[].class, "a")
        .addParameter(int.class, "channel")
        .beginControlFlow("for (int i = 0; i < $N; i++)", s.field("TOKENS"))
        .beginControlFlow("for (int h = 0; h < $N; h++)", s.field("HEADS"))
        .addStatement("int r = i * $L + channel + h * $N", stride, headDim)
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

  // for (int t = 0; t < TOKENS; t++) {
  //   int r = rows[ro + t];
  //   if (r < 0) {
  //     Arrays.fill(ws.x, (row0 + t) * DIM, (row0 + t) * DIM + DIM, 0f);
  //   } else {
  //     System.arraycopy(x, xBase + r * DIM, ws.x, (row0 + t) * DIM, DIM);
  //   }
  // }
  /**
   * Token t of a feature-map window from map row {@code table[ro + t]} of the image at {@code
   * xBase} into row {@code row0 + t} of ws.x, zeros for padding.
   */
  static void addMapRowCopies(
      MethodSpec.Builder m,
      Scope s,
      CodeBlock table,
      CodeBlock xBase,
      CodeBlock ro,
      CodeBlock row0) {
    FieldSpec dim = s.field("DIM");
    CodeBlock dst =
        row0.toString().equals("0")
            ? CodeBlock.of("t * $N", dim)
            : CodeBlock.of("($L + t) * $N", row0, dim);
    m.beginControlFlow("for (int t = 0; t < $N; t++)", s.field("TOKENS"));
    m.addStatement("int r = $L[$L + t]", table, ro);
    m.beginControlFlow("if (r < 0)");
    m.addStatement("$T.fill($L, $L, $L + $N, 0f)", Arrays.class, s.ws("x"), dst, dst, dim);
    m.nextControlFlow("else");
    m.addStatement(
        "$T.arraycopy(x, $L + r * $N, $L, $L, $N)", System.class, xBase, dim, s.ws("x"), dst, dim);
    m.endControlFlow();
    m.endControlFlow();
  }
}
