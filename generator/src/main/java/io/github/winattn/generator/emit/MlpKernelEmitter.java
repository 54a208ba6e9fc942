package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.MlpPlan;
import io.github.winattn.shape.Family;

/**
 * The Vector API class of an {@link MlpPlan}: a {@code MlpKernel} with compile-time {@code DIM} and
 * {@code HIDDEN}, weights packed into panels at bind time, and one pair of register-tile methods
 * per product ({@code fc1} with GELU on the stored tile, {@code fc2}).
 */
final class MlpKernelEmitter {

  private MlpKernelEmitter() {}

  static final ClassName MLP_KERNEL = ClassName.get("io.github.winattn.kernel", "MlpKernel");
  static final ClassName MLP_SHAPE = ClassName.get("io.github.winattn.kernel", "MlpShape");
  static final ClassName MLP_WEIGHTS = ClassName.get("io.github.winattn.kernel", "MlpWeights");

  /** The whole class. */
  static TypeSpec kernel(ClassName self, MlpPlan plan) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(self)
            .addJavadoc(
                "Generated MLP block kernel for {@code $L}: everything a Swin block computes after"
                    + " its\nattention, $L. Stateless after binding and thread-safe; scratch"
                    + " comes from a per-thread\nworkspace.\n",
                plan.shape().describe(),
                plan.postNorm()
                    ? "{@code x = x + norm1(y); x = x + norm2(fc2(gelu(fc1(x))))}"
                    : "{@code x = x + y; x = x + fc2(gelu(fc1(norm2(x))))}")
            .addModifiers(PUBLIC, FINAL)
            .addSuperinterface(MLP_KERNEL);
    addConstants(type, plan);
    addFields(type, plan);
    type.addMethod(constructor(self, plan));
    type.addMethod(pack());
    type.addMethod(pad());
    type.addMethod(
        MethodSpec.methodBuilder("shape")
            .addAnnotation(Override.class)
            .addModifiers(PUBLIC)
            .returns(MLP_SHAPE)
            .addStatement("return SHAPE")
            .build());
    type.addMethod(rows());
    type.addMethod(tile(plan));
    type.addMethod(splitUnits());
    type.addMethod(splitScratchFloats(plan));
    type.addMethod(splitColumns(plan));
    type.addMethod(checkSplit());
    type.addMethod(product("fc1", "DIM", "HIDDEN_PAD", plan, true));
    type.addMethod(product("fc2", "HIDDEN_PAD", "DIM_PAD", plan, false));
    for (int rows : new int[] {plan.bigTileRows(), plan.smallTileRows()}) {
      type.addMethod(registerTile("fc1", rows, "DIM", "DIM", "HIDDEN_PAD", plan, true));
    }
    for (int rows : new int[] {plan.bigTileRows(), plan.smallTileRows()}) {
      type.addMethod(registerTile("fc2", rows, "HIDDEN", "HIDDEN_PAD", "DIM_PAD", plan, false));
    }
    type.addMethod(add());
    type.addType(workspace());
    return type.build();
  }

  // private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  // ...
  // static final int DIM = 16;
  // ...
  // static final int HIDDEN_PAD = HIDDEN_PANELS * PANEL;
  // ...
  private static void addConstants(TypeSpec.Builder type, MlpPlan plan) {
    type.addField(
        FieldSpec.builder(Types.SPECIES, "SPECIES", PRIVATE, STATIC, FINAL)
            .initializer("$T.SPECIES_PREFERRED", Types.FLOAT_VECTOR)
            .build());
    constant(type, "LANES", CodeBlock.of("SPECIES.length()"), "Floats per vector.");
    constant(type, "DIM", CodeBlock.of("$L", plan.shape().dim()), "Channels C of the block.");
    constant(
        type, "HIDDEN", CodeBlock.of("$L", plan.shape().hidden()), "Hidden features of the MLP.");
    constant(
        type,
        "TILE",
        CodeBlock.of("$L", plan.tileRows()),
        "Rows per tile of a call of more than SPLIT_ROWS rows (fewer are one tile).");
    constant(
        type, "NR", CodeBlock.of("$L", plan.vectorsPerTile()), "Vectors per register-tile row.");
    constant(
        type,
        "PANEL",
        CodeBlock.of("NR * LANES"),
        "Output columns of a packed weight panel (k-major inside).");
    type.addField(
        FieldSpec.builder(TypeName.BOOLEAN, "BIG_TILES", STATIC, FINAL)
            .addJavadoc(
                "Whether the $L-row register tile is used: its $L accumulators fit AVX-512's 32"
                    + " registers.\n",
                plan.bigTileRows(),
                plan.bigTileRows() * plan.vectorsPerTile())
            .initializer("LANES >= 16")
            .build());
    constant(
        type,
        "PAD",
        CodeBlock.of("$T.FLOAT_PAD", Types.CACHE_LINES),
        "Floats before the first packed weight: puts a large array's panels on cache lines.");
    constant(type, "HIDDEN_PANELS", CodeBlock.of("(HIDDEN + PANEL - 1) / PANEL"), "Panels of fc1.");
    constant(type, "HIDDEN_PAD", CodeBlock.of("HIDDEN_PANELS * PANEL"), "fc1 columns, padded.");
    constant(type, "DIM_PANELS", CodeBlock.of("(DIM + PANEL - 1) / PANEL"), "Panels of fc2.");
    constant(type, "DIM_PAD", CodeBlock.of("DIM_PANELS * PANEL"), "fc2 columns, padded.");
    type.addField(
        FieldSpec.builder(MLP_SHAPE, "SHAPE", PRIVATE, STATIC, FINAL)
            .initializer(
                "new $T($T.$L, DIM, HIDDEN)",
                MLP_SHAPE,
                Types.FAMILY,
                plan.shape().family() == Family.SWIN_V2 ? "SWIN_V2" : "SWIN_V1")
            .build());
  }

  private static void constant(TypeSpec.Builder type, String name, CodeBlock value, String doc) {
    type.addField(
        FieldSpec.builder(TypeName.INT, name, STATIC, FINAL)
            .addJavadoc("$L\n", doc)
            .initializer(value)
            .build());
  }

  // private final float[] fc1;
  // ...
  private static void addFields(TypeSpec.Builder type, MlpPlan plan) {
    if (plan.postNorm()) {
      field(type, "norm1Weight", "(DIM)");
      field(type, "norm1Bias", "(DIM)");
    }
    field(type, "norm2Weight", "(DIM)");
    field(type, "norm2Bias", "(DIM)");
    field(type, "fc1", "PAD floats, then (HIDDEN_PANELS, DIM, PANEL): fc1.weight packed in panels");
    field(type, "fc1Bias", "(HIDDEN_PAD), zero padded");
    field(type, "fc2", "PAD floats, then (DIM_PANELS, HIDDEN, PANEL): fc2.weight packed in panels");
    field(type, "fc2Bias", "(DIM_PAD), zero padded");
    ClassName ws = ClassName.get("", "Workspace");
    type.addField(
        FieldSpec.builder(
                ParameterizedTypeName.get(ClassName.get(ThreadLocal.class), ws),
                "WORKSPACE",
                PRIVATE,
                STATIC,
                FINAL)
            .addJavadoc(
                "One workspace per thread, shared by the blocks of this shape (a call never"
                    + " re-enters).\n")
            .initializer("$T.withInitial($T::new)", ThreadLocal.class, ws)
            .build());
  }

  private static void field(TypeSpec.Builder type, String name, String shape) {
    type.addField(
        FieldSpec.builder(Types.FLOATS, name, PRIVATE, FINAL).addJavadoc("$L\n", shape).build());
  }

  // public SwinV1Mlp_d16_h64_Vector(MlpWeights w) {
  //   if (!w.shape().equals(SHAPE)) {
  // ...
  //   norm2Weight = w.norm2Weight().clone();
  // ...
  //   fc1 = pack(w.fc1Weight(), HIDDEN, DIM, HIDDEN_PANELS);
  //   fc1Bias = pad(w.fc1Bias(), HIDDEN_PAD);
  // ...
  private static MethodSpec constructor(ClassName self, MlpPlan plan) {
    MethodSpec.Builder m =
        MethodSpec.constructorBuilder()
            .addJavadoc("Binds one block's weights: copies the norms and packs the products.\n")
            .addJavadoc("\n@throws IllegalArgumentException if the weights are of another shape\n")
            .addModifiers(PUBLIC)
            .addParameter(MLP_WEIGHTS, "w")
            .beginControlFlow("if (!w.shape().equals(SHAPE))")
            .addStatement(
                "throw new $T($S + w.shape().describe() + $S + SHAPE.describe())",
                IllegalArgumentException.class,
                "weights of ",
                " do not fit " + self.simpleName() + ", which computes ")
            .endControlFlow();
    if (plan.postNorm()) {
      m.addStatement("norm1Weight = w.norm1Weight().clone()");
      m.addStatement("norm1Bias = w.norm1Bias().clone()");
    }
    return m.addStatement("norm2Weight = w.norm2Weight().clone()")
        .addStatement("norm2Bias = w.norm2Bias().clone()")
        .addStatement("fc1 = pack(w.fc1Weight(), HIDDEN, DIM, HIDDEN_PANELS)")
        .addStatement("fc1Bias = pad(w.fc1Bias(), HIDDEN_PAD)")
        .addStatement("fc2 = pack(w.fc2Weight(), DIM, HIDDEN, DIM_PANELS)")
        .addStatement("fc2Bias = pad(w.fc2Bias(), DIM_PAD)")
        .build();
  }

  // packed[PAD + (o / PANEL * in + k) * PANEL + o % PANEL] = weight[o * in + k]
  private static MethodSpec pack() {
    return MethodSpec.methodBuilder("pack")
        .addJavadoc(
            "{@code weight (out, in)} into panels of PANEL output columns, k-major inside a"
                + " panel,\nthe last panel's missing columns zero, from element PAD.\n")
        .addModifiers(PRIVATE, STATIC)
        .returns(Types.FLOATS)
        .addParameter(Types.FLOATS, "weight")
        .addParameter(int.class, "out")
        .addParameter(int.class, "in")
        .addParameter(int.class, "panels")
        .addStatement("float[] packed = new float[PAD + panels * in * PANEL]")
        .beginControlFlow("for (int o = 0; o < out; o++)")
        .beginControlFlow("for (int k = 0; k < in; k++)")
        .addStatement("packed[PAD + (o / PANEL * in + k) * PANEL + o % PANEL] = weight[o * in + k]")
        .endControlFlow()
        .endControlFlow()
        .addStatement("return packed")
        .build();
  }

  private static MethodSpec pad() {
    return MethodSpec.methodBuilder("pad")
        .addJavadoc("{@code values} followed by zeros up to {@code length}.\n")
        .addModifiers(PRIVATE, STATIC)
        .returns(Types.FLOATS)
        .addParameter(Types.FLOATS, "values")
        .addParameter(int.class, "length")
        .addStatement("float[] padded = new float[length]")
        .addStatement("$T.arraycopy(values, 0, padded, 0, values.length)", System.class)
        .addStatement("return padded")
        .build();
  }

  // public void rows(float[] x, float[] y, int from, int to) {
  // ...
  //   Workspace ws = WORKSPACE.get();
  // ...
  //   int tile = to - from <= SPLIT_ROWS ? Math.max(1, to - from) : TILE;
  //   for (int t0 = from; t0 < to; t0 += tile) {
  //     tile(x, y, t0, Math.min(to, t0 + tile), ws);
  //   }
  // ...
  private static MethodSpec rows() {
    return MethodSpec.methodBuilder("rows")
        .addAnnotation(Override.class)
        .addModifiers(PUBLIC)
        .addParameter(Types.FLOATS, "x")
        .addParameter(Types.FLOATS, "y")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .beginControlFlow(
            "if (from < 0 || to < from || (long) to * DIM > x.length || (long) to * DIM >"
                + " y.length)")
        .addStatement(
            "throw new $T($S + from + $S + to + $S + x.length + $S + y.length + $S)",
            IndexOutOfBoundsException.class,
            "rows [",
            ", ",
            ") of DIM floats do not fit x (",
            ") and y (",
            ")")
        .endControlFlow()
        .addStatement("Workspace ws = WORKSPACE.get()")
        .addComment(
            "at most SPLIT_ROWS rows are one tile: each weight panel is read once (stages 3-4"
                + " at batch 1)")
        .addStatement("int tile = to - from <= SPLIT_ROWS ? Math.max(1, to - from) : TILE")
        .beginControlFlow("for (int t0 = from; t0 < to; t0 += tile)")
        .addStatement("tile(x, y, t0, Math.min(to, t0 + tile), ws)")
        .endControlFlow()
        .build();
  }

  // private void tile(float[] x, float[] y, int t0, int t1, Workspace ws) {
  //   int n = t1 - t0;
  // ...
  //   fc1(a, h, 0, m, 0, HIDDEN_PANELS);
  // ...
  //   fc2(h, o, 0, m, 0, DIM_PANELS);
  // ...
  private static MethodSpec tile(MlpPlan plan) {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("tile")
            .addJavadoc("Rows {@code [t0, t1)}, at most SPLIT_ROWS of them.\n")
            .addModifiers(PRIVATE)
            .addParameter(Types.FLOATS, "x")
            .addParameter(Types.FLOATS, "y")
            .addParameter(int.class, "t0")
            .addParameter(int.class, "t1")
            .addParameter(ClassName.get("", "Workspace"), "ws")
            .addStatement("int n = t1 - t0")
            .addComment(
                "rows computed: n rounded up to $L (the extra rows are workspace rows, never stored)",
                plan.smallTileRows())
            .addStatement("int m = (n + $L) & -$L", plan.smallTileRows() - 1, plan.smallTileRows())
            .addComment(
                "the MLP's input rows (SPLIT_ROWS, DIM), gelu(fc1) (SPLIT_ROWS, HIDDEN_PAD), fc2 (SPLIT_ROWS,"
                    + " DIM_PAD)")
            .addStatement("float[] a = ws.a")
            .addStatement("float[] h = ws.h")
            .addStatement("float[] o = ws.o");
    m.addComment("$L", plan.step(MlpPlan.Kind.ATTENTION_RESIDUAL));
    if (plan.postNorm()) {
      m.addComment("$L", plan.step(MlpPlan.Kind.MLP_INPUT));
      m.beginControlFlow("for (int r = 0; r < n; r++)")
          .addStatement("int row = (t0 + r) * DIM")
          .addStatement("$T.row(y, row, y, row, DIM, norm1Weight, norm1Bias)", Types.LAYER_NORM)
          .addStatement("add(x, row, y, row, DIM)")
          .addStatement("System.arraycopy(x, row, a, r * DIM, DIM)")
          .endControlFlow();
    } else {
      m.addStatement("add(x, t0 * DIM, y, t0 * DIM, n * DIM)");
      m.addComment("$L", plan.step(MlpPlan.Kind.MLP_INPUT));
      m.beginControlFlow("for (int r = 0; r < n; r++)")
          .addStatement(
              "$T.row(x, (t0 + r) * DIM, a, r * DIM, DIM, norm2Weight, norm2Bias)",
              Types.LAYER_NORM)
          .endControlFlow();
    }
    m.addComment("$L", plan.step(MlpPlan.Kind.FC1_GELU))
        .addStatement("fc1(a, h, 0, m, 0, HIDDEN_PANELS)");
    m.addComment("$L", plan.step(MlpPlan.Kind.FC2)).addStatement("fc2(h, o, 0, m, 0, DIM_PANELS)");
    m.addComment("$L", plan.step(MlpPlan.Kind.MLP_RESIDUAL));
    m.beginControlFlow("for (int r = 0; r < n; r++)");
    if (plan.postNorm()) {
      m.addStatement(
          "$T.row(o, r * DIM_PAD, o, r * DIM_PAD, DIM, norm2Weight, norm2Bias)", Types.LAYER_NORM);
    }
    return m.addStatement("add(x, (t0 + r) * DIM, o, r * DIM_PAD, DIM)").endControlFlow().build();
  }

  // public int splitUnits(int phase, int rows) {
  //   return switch (phase) {
  //     case 0 -> HIDDEN_PANELS;
  //     case 1 -> DIM_PANELS;
  //     case 2 -> rows;
  //     default -> throw new IllegalArgumentException("phase " + phase + " is not 0, 1 or 2");
  //   };
  // }
  private static MethodSpec splitUnits() {
    return MethodSpec.methodBuilder("splitUnits")
        .addAnnotation(Override.class)
        .addModifiers(PUBLIC)
        .returns(int.class)
        .addParameter(int.class, "phase")
        .addParameter(int.class, "rows")
        .addCode(
            "return switch (phase) {\n$>"
                + "case 0 -> HIDDEN_PANELS;\n"
                + "case 1 -> DIM_PANELS;\n"
                + "case 2 -> rows;\n"
                + "default -> throw new $T($S + phase + $S);\n"
                + "$<};\n",
            IllegalArgumentException.class,
            "phase ",
            " is not 0, 1 or 2")
        .build();
  }

  // public int splitScratchFloats(int rows) {
  //   int m = (rows + 3) & -4;
  //   return m * HIDDEN_PAD;
  // }
  private static MethodSpec splitScratchFloats(MlpPlan plan) {
    int small = plan.smallTileRows();
    return MethodSpec.methodBuilder("splitScratchFloats")
        .addAnnotation(Override.class)
        .addModifiers(PUBLIC)
        .returns(int.class)
        .addParameter(int.class, "rows")
        .addStatement("int m = (rows + $L) & -$L", small - 1, small)
        .addStatement(
            plan.postNorm() ? "return m * (HIDDEN_PAD + DIM_PAD)" : "return m * HIDDEN_PAD")
        .build();
  }

  // public void splitColumns(int phase, float[] x, float[] y, int rows, float[] shared, int from,
  //     int to) {
  //   checkSplit(phase, x, y, rows, shared, from, to);
  //   Workspace ws = WORKSPACE.get();
  // ...
  //   int m = (rows + 3) & -4;
  //   if (phase == 0) {
  // ...
  //     fc1(a, shared, 0, m, from, to);
  //   } else if (phase == 1) {
  // ...
  private static MethodSpec splitColumns(MlpPlan plan) {
    int small = plan.smallTileRows();
    MethodSpec.Builder m =
        splitParameters(
                MethodSpec.methodBuilder("splitColumns")
                    .addAnnotation(Override.class)
                    .addModifiers(PUBLIC))
            .addStatement("checkSplit(phase, x, y, rows, shared, from, to)")
            .addStatement("Workspace ws = WORKSPACE.get()")
            .addComment("rows computed: rows rounded up to $L, as in a tile", small)
            .addStatement("int m = (rows + $L) & -$L", small - 1, small)
            .beginControlFlow("if (phase == 0)")
            .addComment(
                "every part computes the MLP's input rows for itself (few rows: cheaper than a"
                    + " round)")
            .addStatement("float[] a = ws.a")
            .beginControlFlow("for (int r = 0; r < rows; r++)")
            .addStatement("int row = r * DIM");
    if (plan.postNorm()) {
      m.addComment("$L", plan.step(MlpPlan.Kind.ATTENTION_RESIDUAL))
          .addStatement("System.arraycopy(y, row, a, row, DIM)")
          .addStatement("$T.row(a, row, a, row, DIM, norm1Weight, norm1Bias)", Types.LAYER_NORM)
          .addStatement("add(a, row, x, row, DIM)");
    } else {
      m.addComment("$L", plan.step(MlpPlan.Kind.ATTENTION_RESIDUAL))
          .addStatement("System.arraycopy(x, row, a, row, DIM)")
          .addStatement("add(a, row, y, row, DIM)")
          .addComment("$L", plan.step(MlpPlan.Kind.MLP_INPUT))
          .addStatement("$T.row(a, row, a, row, DIM, norm2Weight, norm2Bias)", Types.LAYER_NORM);
    }
    m.endControlFlow()
        .addComment("$L: this part's panels", plan.step(MlpPlan.Kind.FC1_GELU))
        .addStatement("fc1(a, shared, 0, m, from, to)")
        .nextControlFlow("else if (phase == 1)");
    if (plan.postNorm()) {
      m.addComment("$L: this part's panels, after the hidden rows", plan.step(MlpPlan.Kind.FC2))
          .addStatement("fc2(shared, shared, m * HIDDEN_PAD, m, from, to)")
          .nextControlFlow("else")
          .addComment("$L", plan.step(MlpPlan.Kind.ATTENTION_RESIDUAL))
          .addComment("$L: rows [from, to)", plan.step(MlpPlan.Kind.MLP_RESIDUAL))
          .beginControlFlow("for (int r = from; r < to; r++)")
          .addStatement("int row = r * DIM")
          .addStatement("int o = m * HIDDEN_PAD + r * DIM_PAD")
          .addStatement("$T.row(y, row, y, row, DIM, norm1Weight, norm1Bias)", Types.LAYER_NORM)
          .addStatement("add(x, row, y, row, DIM)")
          .addStatement(
              "$T.row(shared, o, shared, o, DIM, norm2Weight, norm2Bias)", Types.LAYER_NORM)
          .addStatement("add(x, row, shared, o, DIM)")
          .endControlFlow();
    } else {
      m.addComment("$L: this part's panels", plan.step(MlpPlan.Kind.FC2))
          .addStatement("float[] o = ws.o")
          .addStatement("fc2(shared, o, 0, m, from, to)")
          .addComment(
              "$L, with x = shortcut + attn: this part's columns",
              plan.step(MlpPlan.Kind.MLP_RESIDUAL))
          .addStatement("int c0 = from * PANEL")
          .addStatement("int c1 = Math.min(DIM, to * PANEL)")
          .beginControlFlow("for (int r = 0; r < rows; r++)")
          .addStatement("add(x, r * DIM + c0, y, r * DIM + c0, c1 - c0)")
          .addStatement("add(x, r * DIM + c0, o, r * DIM_PAD + c0, c1 - c0)")
          .endControlFlow();
    }
    m.endControlFlow();
    if (!plan.postNorm()) {
      m.addComment("phase 2: nothing left for Swin v1");
    }
    return m.build();
  }

  /** {@code (int phase, float[] x, float[] y, int rows, float[] shared, int from, int to)}. */
  private static MethodSpec.Builder splitParameters(MethodSpec.Builder m) {
    return m.addParameter(int.class, "phase")
        .addParameter(Types.FLOATS, "x")
        .addParameter(Types.FLOATS, "y")
        .addParameter(int.class, "rows")
        .addParameter(Types.FLOATS, "shared")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to");
  }

  // private void checkSplit(int phase, float[] x, float[] y, int rows, float[] shared, int from,
  //     int to) {
  //   if (rows < 0 || rows > SPLIT_ROWS || (long) rows * DIM > x.length || ...
  // ...
  private static MethodSpec checkSplit() {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("checkSplit")
            .addJavadoc(
                "Throws unless the split call's arguments fit (before anything is written).\n")
            .addModifiers(PRIVATE);
    return splitParameters(m)
        .beginControlFlow(
            "if (rows < 0 || rows > SPLIT_ROWS || (long) rows * DIM > x.length\n"
                + "|| (long) rows * DIM > y.length || shared.length < splitScratchFloats(rows))")
        .addStatement(
            "throw new $T($S + rows + $S + SPLIT_ROWS + $S + x.length + $S + y.length + $S +"
                + " shared.length + $S + splitScratchFloats(rows) + $S)",
            IllegalArgumentException.class,
            "split call of ",
            " rows (at most ",
            ") does not fit x (",
            ") and y (",
            ") or shared (",
            " floats, needs ",
            ")")
        .endControlFlow()
        .addStatement("int units = splitUnits(phase, rows)")
        .beginControlFlow("if (from < 0 || to < from || to > units)")
        .addStatement(
            "throw new $T($S + from + $S + to + $S + phase + $S + units + $S)",
            IllegalArgumentException.class,
            "part [",
            ", ",
            ") is not within phase ",
            "'s ",
            " units")
        .endControlFlow()
        .build();
  }

  // private static void add(float[] x, int xo, float[] y, int yo, int n) {
  //   int i = 0;
  //   for (; i + LANES <= n; i += LANES) {
  //     FloatVector.fromArray(SPECIES, x, xo + i)
  //         .add(FloatVector.fromArray(SPECIES, y, yo + i))
  //         .intoArray(x, xo + i);
  //   }
  //   for (; i < n; i++) {
  //     x[xo + i] += y[yo + i];
  //   }
  // }
  private static MethodSpec add() {
    ClassName fv = Types.FLOAT_VECTOR;
    return MethodSpec.methodBuilder("add")
        .addJavadoc(
            "{@code x[xo, xo + n) += y[yo, yo + n)}, a residual connection, as vector lanes (C2"
                + " does not vectorise\nthe plain loop here: x and y may be one array).\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(Types.FLOATS, "x")
        .addParameter(int.class, "xo")
        .addParameter(Types.FLOATS, "y")
        .addParameter(int.class, "yo")
        .addParameter(int.class, "n")
        .addStatement("int i = 0")
        .beginControlFlow("for (; i + LANES <= n; i += LANES)")
        .addStatement(
            "$T.fromArray(SPECIES, x, xo + i)\n.add($T.fromArray(SPECIES, y, yo + i))\n"
                + ".intoArray(x, xo + i)",
            fv,
            fv)
        .endControlFlow()
        .beginControlFlow("for (; i < n; i++)")
        .addStatement("x[xo + i] += y[yo + i]")
        .endControlFlow()
        .build();
  }

  // private void fc1(float[] in, float[] out, int ob, int m, int p0, int p1) {
  //   for (int p = p0; p < p1; p++) {
  //     int r = 0;
  //     if (BIG_TILES) {
  //       for (; r + 8 <= m; r += 8) {
  //         fc1Tile8(in, r * DIM, p, out, ob + r * HIDDEN_PAD + p * PANEL);
  // ...
  private static MethodSpec product(
      String name, String inStride, String outStride, MlpPlan plan, boolean gelu) {
    int big = plan.bigTileRows();
    int small = plan.smallTileRows();
    return MethodSpec.methodBuilder(name)
        .addJavadoc(
            "{@code out[ob ...] = $L(in @ $L.weight^T + $L.bias)} for {@code m} rows (a"
                + " multiple of $L)\nand panels {@code [p0, p1)}, panel by panel: a panel stays in"
                + " cache while the rows stream past it.\n",
            gelu ? "gelu" : "",
            name,
            name,
            small)
        .addModifiers(PRIVATE)
        .addParameter(Types.FLOATS, "in")
        .addParameter(Types.FLOATS, "out")
        .addParameter(int.class, "ob")
        .addParameter(int.class, "m")
        .addParameter(int.class, "p0")
        .addParameter(int.class, "p1")
        .beginControlFlow("for (int p = p0; p < p1; p++)")
        .addStatement("int r = 0")
        .beginControlFlow("if (BIG_TILES)")
        .beginControlFlow("for (; r + $L <= m; r += $L)", big, big)
        .addStatement(
            "$LTile$L(in, r * $L, p, out, ob + r * $L + p * PANEL)", name, big, inStride, outStride)
        .endControlFlow()
        .endControlFlow()
        .beginControlFlow("for (; r < m; r += $L)", small)
        .addStatement(
            "$LTile$L(in, r * $L, p, out, ob + r * $L + p * PANEL)",
            name,
            small,
            inStride,
            outStride)
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  // private void fc1Tile8(float[] in, int i0, int p, float[] out, int o0) {
  //   final float[] w = fc1;
  //   int base = PAD + p * DIM * PANEL;
  // ...
  //   FloatVector b0 = FloatVector.fromArray(SPECIES, fc1Bias, col);
  // ...
  //   for (int k = 0; k < DIM; k++) {
  //     int wk = base + k * PANEL;
  //     FloatVector v0 = FloatVector.fromArray(SPECIES, w, wk);
  // ...
  //     FloatVector s = FloatVector.broadcast(SPECIES, in[i0 + k]);
  //     c00 = s.fma(v0, c00);
  // ...
  //   c00.intoArray(out, o0);
  // ...
  //   VectorGelu.rows(out, o0, HIDDEN_PAD, 8, PANEL);
  // ...
  private static MethodSpec registerTile(
      String name,
      int rows,
      String k,
      String inStride,
      String outStride,
      MlpPlan plan,
      boolean gelu) {
    int nr = plan.vectorsPerTile();
    ClassName fv = Types.FLOAT_VECTOR;
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(name + "Tile" + rows)
            .addJavadoc(
                "$L rows from {@code in[i0 ...]} (stride $L) times panel {@code p} of {@code"
                    + " $L}\ninto {@code out[o0 ...]} (stride $L): $L x NR accumulators held"
                    + " over the whole k loop.\n",
                rows,
                inStride,
                name,
                outStride,
                rows)
            .addModifiers(PRIVATE)
            .addParameter(Types.FLOATS, "in")
            .addParameter(int.class, "i0")
            .addParameter(int.class, "p")
            .addParameter(Types.FLOATS, "out")
            .addParameter(int.class, "o0")
            .addStatement("final float[] w = $L", name)
            .addStatement("int base = PAD + p * $L * PANEL", k)
            .addStatement("int col = p * PANEL");
    m.addComment("accumulators start at the bias");
    for (int v = 0; v < nr; v++) {
      m.addStatement("$T b$L = $T.fromArray(SPECIES, $LBias, $L)", fv, v, fv, name, plus("col", v));
    }
    for (int r = 0; r < rows; r++) {
      for (int v = 0; v < nr; v++) {
        m.addStatement("$T c$L$L = b$L", fv, r, v, v);
      }
    }
    m.beginControlFlow("for (int k = 0; k < $L; k++)", k).addStatement("int wk = base + k * PANEL");
    for (int v = 0; v < nr; v++) {
      m.addStatement("$T v$L = $T.fromArray(SPECIES, w, $L)", fv, v, fv, plus("wk", v));
    }
    for (int r = 0; r < rows; r++) {
      String row = r == 0 ? "i0 + k" : "i0 + " + (r == 1 ? "" : r + " * ") + inStride + " + k";
      if (r == 0) {
        m.addStatement("$T s = $T.broadcast(SPECIES, in[$L])", fv, fv, row);
      } else {
        m.addStatement("s = $T.broadcast(SPECIES, in[$L])", fv, row);
      }
      for (int v = 0; v < nr; v++) {
        m.addStatement("c$L$L = s.fma(v$L, c$L$L)", r, v, v, r, v);
      }
    }
    m.endControlFlow();
    for (int r = 0; r < rows; r++) {
      for (int v = 0; v < nr; v++) {
        String row = r == 0 ? "o0" : "o0 + " + (r == 1 ? "" : r + " * ") + outStride;
        m.addStatement("c$L$L.intoArray(out, $L)", r, v, plus(row, v));
      }
    }
    if (gelu) {
      m.addComment("exact GELU on the stored tile while it is in L1");
      m.addStatement("$T.rows(out, o0, $L, $L, PANEL)", Types.VECTOR_GELU, outStride, rows);
    }
    return m.build();
  }

  /** {@code base}, {@code base + LANES}, {@code base + 2 * LANES}, ... */
  private static String plus(String base, int v) {
    return v == 0 ? base : v == 1 ? base + " + LANES" : base + " + " + v + " * LANES";
  }

  // private static final class Workspace {
  // ...
  // final float[] a = new float[SPLIT_ROWS * DIM];
  // ...
  private static TypeSpec workspace() {
    return TypeSpec.classBuilder("Workspace")
        .addJavadoc(
            "One thread's tiles, allocated once per thread (a split call uses {@code a} and"
                + " {@code o} too).\n")
        .addModifiers(PRIVATE, STATIC, FINAL)
        .addField(
            FieldSpec.builder(Types.FLOATS, "a", FINAL)
                .addJavadoc("(SPLIT_ROWS, DIM): the MLP's input rows.\n")
                .initializer("new float[SPLIT_ROWS * DIM]")
                .build())
        .addField(
            FieldSpec.builder(Types.FLOATS, "h", FINAL)
                .addJavadoc("(SPLIT_ROWS, HIDDEN_PAD): the hidden activations.\n")
                .initializer("new float[SPLIT_ROWS * HIDDEN_PAD]")
                .build())
        .addField(
            FieldSpec.builder(Types.FLOATS, "o", FINAL)
                .addJavadoc("(SPLIT_ROWS, DIM_PAD): fc2's output.\n")
                .initializer("new float[SPLIT_ROWS * DIM_PAD]")
                .build())
        .build();
  }
}
