package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.BiasEncoding;
import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.generator.plan.ScoreScaling;
import io.github.winattn.shape.Family;
import java.util.Arrays;

/**
 * Binding: the fields holding pre-packed weights, the constructor that checks the weights' shape
 * and packs them once, and the accessors of {@code AttentionKernel}.
 */
final class BindingEmitter {

  private BindingEmitter() {}

  /** {@code (float) Math.log(100.0)}: Swin v2's clamp of the logit scale, a float32 value. */
  static final float MAX_LOGIT_SCALE = (float) Math.log(100.0);

  // public SwinV1_w2x3_h2_d16_Vector(AttentionWeights weights) {
  //   if (!SHAPE.equals(weights.shape())) {
  //     throw new IllegalArgumentException("SwinV1_w2x3_h2_d16_Vector computes " + ...);
  //   }
  //   this.qkvPanels = packPanels(weights.qkvWeight(), 3 * DIM, QKV_STRIDE, DIM, SCALE);
  //   this.qkvBias = padBias(weights.qkvBias(), QKV_STRIDE, DIM, SCALE);
  //   this.projPanels = packPanels(weights.projWeight(), DIM, PROJ_STRIDE, 0, 1f);
  //   this.projBias = padBias(weights.projBias(), PROJ_STRIDE, 0, 1f);
  //   this.bias = denseBias(weights.biasTable());
  // }
  static void addVectorBinding(TypeSpec.Builder type, Scope s) {
    KernelPlan plan = s.plan;
    boolean folded = plan.scoreScaling() == ScoreScaling.FOLDED_INTO_Q;
    MethodSpec.Builder ctor = constructor(s);
    if (plan.shape().withQkv()) {
      FieldSpec dim = s.field("DIM");
      FieldSpec qkvStride = s.field("QKV_STRIDE");
      FieldSpec projStride = s.field("PROJ_STRIDE");
      FieldSpec qkvPanels =
          field(
              type,
              s,
              "qkvPanels",
              "PAD floats, then (QKV_STRIDE / WEIGHT_PANEL, DIM, WEIGHT_PANEL) qkv.weight packed"
                  + " k-major per panel"
                  + (folded ? ", q rows times SCALE" : ""));
      FieldSpec qkvBias =
          field(
              type,
              s,
              "qkvBias",
              "(QKV_STRIDE) qkv.bias padded"
                  + (folded ? ", q part times SCALE" : "")
                  + "; zeros where the module has none");
      FieldSpec projPanels =
          field(
              type,
              s,
              "projPanels",
              "PAD floats, then (PROJ_STRIDE / WEIGHT_PANEL, DIM, WEIGHT_PANEL) proj.weight packed"
                  + " k-major per panel");
      FieldSpec projBias = field(type, s, "projBias", "(PROJ_STRIDE) proj.bias padded");
      MethodSpec pack = packPanels(s);
      MethodSpec pad = padBias();
      CodeBlock q = folded ? CodeBlock.of("$N, $N", dim, s.field("SCALE")) : CodeBlock.of("0, 1f");
      ctor.addStatement(
          "this.$N = $N(weights.qkvWeight(), 3 * $N, $N, $L)", qkvPanels, pack, dim, qkvStride, q);
      ctor.addStatement("this.$N = $N(weights.qkvBias(), $N, $L)", qkvBias, pad, qkvStride, q);
      ctor.addStatement(
          "this.$N = $N(weights.projWeight(), $N, $N, 0, 1f)", projPanels, pack, dim, projStride);
      ctor.addStatement("this.$N = $N(weights.projBias(), $N, 0, 1f)", projBias, pad, projStride);
      type.addMethod(pack);
      type.addMethod(pad);
    }
    MethodSpec expand;
    if (plan.biasEncoding() == BiasEncoding.DENSE) {
      field(
          type, s, "bias", "(HEADS, TOKENS, KEYS) relative position bias, -inf in the key padding");
      expand = denseBias(s);
    } else {
      field(type, s, "bias", "(HEADS, TABLE_ROWS) relative position bias table, head-major");
      expand = headMajorBias(s);
    }
    ctor.addStatement("this.$N = $N(weights.biasTable())", s.field("bias"), expand);
    type.addMethod(expand);
    addHeadScale(type, s, ctor);
    type.addMethod(ctor.build());
    addAccessors(type, s, "generated-vector");
  }

  // public SwinV1_w2x3_h2_d16_Plain(AttentionWeights weights) {
  //   if (!SHAPE.equals(weights.shape())) {
  //     throw new IllegalArgumentException("SwinV1_w2x3_h2_d16_Plain computes " + ...);
  //   }
  //   this.qkvRows = transposedRows(weights.qkvWeight(), QKV_DIM);
  //   this.qkvBias = Arrays.copyOf(weights.qkvBias(), QKV_DIM);
  //   this.projRows = transposedRows(weights.projWeight(), DIM);
  //   this.projBias = weights.projBias().clone();
  //   this.bias = headMajorBias(weights.biasTable());
  // }
  static void addPlainBinding(TypeSpec.Builder type, Scope s) {
    MethodSpec.Builder ctor = constructor(s);
    if (s.plan.shape().withQkv()) {
      FieldSpec qkvDim = s.field("QKV_DIM");
      FieldSpec qkvRows =
          rowsField(type, s, "qkvRows", "(DIM, QKV_DIM) qkv.weight transposed, one array per row");
      FieldSpec qkvBias =
          field(type, s, "qkvBias", "(QKV_DIM) qkv.bias; zeros where the module has none");
      FieldSpec projRows =
          rowsField(type, s, "projRows", "(DIM, DIM) proj.weight transposed, one array per row");
      FieldSpec projBias = field(type, s, "projBias", "(DIM) proj.bias");
      MethodSpec transposed = transposedRows(s);
      ctor.addStatement("this.$N = $N(weights.qkvWeight(), $N)", qkvRows, transposed, qkvDim);
      ctor.addStatement(
          "this.$N = $T.copyOf(weights.qkvBias(), $N)", qkvBias, Arrays.class, qkvDim);
      ctor.addStatement(
          "this.$N = $N(weights.projWeight(), $N)", projRows, transposed, s.field("DIM"));
      ctor.addStatement("this.$N = weights.projBias().clone()", projBias);
      type.addMethod(transposed);
    }
    FieldSpec bias =
        field(type, s, "bias", "(HEADS, TABLE_ROWS) relative position bias table, head-major");
    MethodSpec headMajor = headMajorBias(s);
    ctor.addStatement("this.$N = $N(weights.biasTable())", bias, headMajor);
    type.addMethod(headMajor);
    addHeadScale(type, s, ctor);
    type.addMethod(ctor.build());
    addAccessors(type, s, "generated-plain");
  }

  private static MethodSpec.Builder constructor(Scope s) {
    FieldSpec shape = s.field("SHAPE");
    return MethodSpec.constructorBuilder()
        .addJavadoc(
            "Binds {@code weights}, which must be for {@link #$N}; packs them once.\n\n"
                + "@throws IllegalArgumentException if the weights are for another shape\n",
            shape)
        .addModifiers(PUBLIC)
        .addParameter(Types.ATTENTION_WEIGHTS, "weights")
        .beginControlFlow("if (!$N.equals(weights.shape()))", shape)
        .addStatement(
            "throw new $T($S + $N.describe() + $S + weights.shape().describe())",
            IllegalArgumentException.class,
            s.self.simpleName() + " computes ",
            shape,
            ", the weights are for ")
        .endControlFlow();
  }

  // /** (HEADS, TABLE_ROWS) relative position bias table, head-major. */
  // private final float[] bias;
  private static FieldSpec field(TypeSpec.Builder type, Scope s, String name, String doc) {
    FieldSpec f =
        s.addField(
            FieldSpec.builder(float[].class, name, PRIVATE, FINAL)
                .addJavadoc("$L.\n", doc)
                .build());
    type.addField(f);
    return f;
  }

  // /** (DIM, QKV_DIM) qkv.weight transposed, one array per row. */
  // private final float[][] qkvRows;
  private static FieldSpec rowsField(TypeSpec.Builder type, Scope s, String name, String doc) {
    FieldSpec f =
        s.addField(
            FieldSpec.builder(float[][].class, name, PRIVATE, FINAL)
                .addJavadoc("$L.\n", doc)
                .build());
    type.addField(f);
    return f;
  }

  // private static float[][] transposedRows(float[] w, int m) {
  //   float[][] rows = new float[DIM][m];
  //   for (int j = 0; j < m; j++) {
  //     for (int k = 0; k < DIM; k++) {
  //       rows[k][j] = w[j * DIM + k];
  //     }
  //   }
  //   return rows;
  // }
  private static MethodSpec transposedRows(Scope s) {
    FieldSpec dim = s.field("DIM");
    return MethodSpec.methodBuilder("transposedRows")
        .addJavadoc("{@code w (m, DIM)} transposed to DIM rows of m: rows[k][j] = w[j, k].\n")
        .addModifiers(PRIVATE, STATIC)
        .returns(float[][].class)
        .addParameter(float[].class, "w")
        .addParameter(int.class, "m")
        .addStatement("float[][] rows = new float[$N][m]", dim)
        .beginControlFlow("for (int j = 0; j < m; j++)")
        .beginControlFlow("for (int k = 0; k < $N; k++)", dim)
        .addStatement("rows[k][j] = w[j * $N + k]", dim)
        .endControlFlow()
        .endControlFlow()
        .addStatement("return rows")
        .build();
  }

  // /** (HEADS) torch.clamp(logit_scale, max=log(1. / 0.01)).exp(). */
  // private final float[] headScale;
  // ...
  // this.headScale = new float[HEADS];
  // for (int h = 0; h < HEADS; h++) {
  //   headScale[h] = (float) Math.exp(Math.min(weights.logitScale()[h], 4.6051702f));
  // }
  private static void addHeadScale(TypeSpec.Builder type, Scope s, MethodSpec.Builder ctor) {
    if (s.plan.shape().family() != Family.SWIN_V2) {
      return;
    }
    FieldSpec headScale =
        field(type, s, "headScale", "(HEADS) torch.clamp(logit_scale, max=log(1. / 0.01)).exp()");
    FieldSpec heads = s.field("HEADS");
    ctor.addStatement("this.$N = new float[$N]", headScale, heads);
    ctor.beginControlFlow("for (int h = 0; h < $N; h++)", heads);
    ctor.addStatement(
        "$N[h] = (float) Math.exp(Math.min(weights.logitScale()[h], $L))",
        headScale,
        ShapeLiteral.floatLiteral(MAX_LOGIT_SCALE));
    ctor.endControlFlow();
  }

  // @Override
  // public AttentionShape shape() {
  //   return SHAPE;
  // }
  // @Override
  // public String implementation() {
  //   return "generated-vector";
  // }
  private static void addAccessors(TypeSpec.Builder type, Scope s, String implementation) {
    type.addMethod(
        MethodSpec.methodBuilder("shape")
            .addAnnotation(Override.class)
            .addModifiers(PUBLIC)
            .returns(Types.ATTENTION_SHAPE)
            .addStatement("return $N", s.field("SHAPE"))
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("implementation")
            .addAnnotation(Override.class)
            .addModifiers(PUBLIC)
            .returns(String.class)
            .addStatement("return $S", implementation)
            .build());
  }

  // private static float[] packPanels(float[] w, int rows, int paddedRows, int scaledRows,
  //     float scale) {
  //   float[] p = new float[PAD + paddedRows * DIM];
  //   for (int r = 0; r < rows; r++) {
  //     float f = r < scaledRows ? scale : 1f;
  //     int base = PAD + r / WEIGHT_PANEL * DIM * WEIGHT_PANEL + r % WEIGHT_PANEL;
  //     for (int k = 0; k < DIM; k++) {
  //       p[base + k * WEIGHT_PANEL] = w[r * DIM + k] * f;
  //     }
  //   }
  //   return p;
  // }
  private static MethodSpec packPanels(Scope s) {
    FieldSpec dim = s.field("DIM");
    FieldSpec panel = s.field("WEIGHT_PANEL");
    FieldSpec pad = s.field("PAD");
    return MethodSpec.methodBuilder("packPanels")
        .addJavadoc(
            "Packs {@code w (rows, DIM)} into panels of WEIGHT_PANEL output columns, k-major inside a "
                + "panel, from element PAD; rows below scaledRows are multiplied by scale, padding columns are"
                + " zero.\n")
        .addModifiers(PRIVATE, STATIC)
        .returns(float[].class)
        .addParameter(float[].class, "w")
        .addParameter(int.class, "rows")
        .addParameter(int.class, "paddedRows")
        .addParameter(int.class, "scaledRows")
        .addParameter(float.class, "scale")
        .addStatement("float[] p = new float[$N + paddedRows * $N]", pad, dim)
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .addStatement("float f = r < scaledRows ? scale : 1f")
        .addStatement("int base = $N + r / $N * $N * $N + r % $N", pad, panel, dim, panel, panel)
        .beginControlFlow("for (int k = 0; k < $N; k++)", dim)
        .addStatement("p[base + k * $N] = w[r * $N + k] * f", panel, dim)
        .endControlFlow()
        .endControlFlow()
        .addStatement("return p")
        .build();
  }

  // private static float[] padBias(float[] b, int padded, int scaledRows, float scale) {
  //   float[] p = new float[padded];
  //   for (int r = 0; r < b.length; r++) {
  //     p[r] = b[r] * (r < scaledRows ? scale : 1f);
  //   }
  //   return p;
  // }
  private static MethodSpec padBias() {
    return MethodSpec.methodBuilder("padBias")
        .addJavadoc(
            "{@code b} padded with zeros to {@code padded}; an absent bias (empty) gives zeros.\n")
        .addModifiers(PRIVATE, STATIC)
        .returns(float[].class)
        .addParameter(float[].class, "b")
        .addParameter(int.class, "padded")
        .addParameter(int.class, "scaledRows")
        .addParameter(float.class, "scale")
        .addStatement("float[] p = new float[padded]")
        .beginControlFlow("for (int r = 0; r < b.length; r++)")
        .addStatement("p[r] = b[r] * (r < scaledRows ? scale : 1f)")
        .endControlFlow()
        .addStatement("return p")
        .build();
  }

  // private static float[] denseBias(float[] table) {
  //   float[] dense = new float[HEADS * TOKENS * KEYS];
  //   for (int h = 0; h < HEADS; h++) {
  //     for (int i = 0; i < TOKENS; i++) {
  //       int row = (h * TOKENS + i) * KEYS;
  //       int base = TOKEN_OFFSET[i] + CENTRE;
  //       for (int j = 0; j < TOKENS; j++) {
  //         dense[row + j] = table[(base - TOKEN_OFFSET[j]) * HEADS + h];
  //       }
  //       Arrays.fill(dense, row + TOKENS, row + KEYS, Float.NEGATIVE_INFINITY);
  //     }
  //   }
  //   return dense;
  // }
  private static MethodSpec denseBias(Scope s) {
    FieldSpec heads = s.field("HEADS");
    FieldSpec tokens = s.field("TOKENS");
    FieldSpec keys = s.field("KEYS");
    FieldSpec offsets = s.field("TOKEN_OFFSET");
    return MethodSpec.methodBuilder("denseBias")
        .addJavadoc(
            "{@code table[index[i, j], h]} expanded to (HEADS, TOKENS, KEYS), -inf for padding keys.\n")
        .addModifiers(PRIVATE, STATIC)
        .returns(float[].class)
        .addParameter(float[].class, "table")
        .addStatement("float[] dense = new float[$N * $N * $N]", heads, tokens, keys)
        .beginControlFlow("for (int h = 0; h < $N; h++)", heads)
        .beginControlFlow("for (int i = 0; i < $N; i++)", tokens)
        .addStatement("int row = (h * $N + i) * $N", tokens, keys)
        .addStatement("int base = $N[i] + $N", offsets, s.field("CENTRE"))
        .beginControlFlow("for (int j = 0; j < $N; j++)", tokens)
        .addStatement("dense[row + j] = table[(base - $N[j]) * $N + h]", offsets, heads)
        .endControlFlow()
        .addStatement(
            "$T.fill(dense, row + $N, row + $N, Float.NEGATIVE_INFINITY)",
            Arrays.class,
            tokens,
            keys)
        .endControlFlow()
        .endControlFlow()
        .addStatement("return dense")
        .build();
  }

  // private static float[] headMajorBias(float[] table) {
  //   float[] byHead = new float[HEADS * TABLE_ROWS];
  //   for (int r = 0; r < TABLE_ROWS; r++) {
  //     for (int h = 0; h < HEADS; h++) {
  //       byHead[h * TABLE_ROWS + r] = table[r * HEADS + h];
  //     }
  //   }
  //   return byHead;
  // }
  private static MethodSpec headMajorBias(Scope s) {
    FieldSpec heads = s.field("HEADS");
    FieldSpec rows = s.field("TABLE_ROWS");
    return MethodSpec.methodBuilder("headMajorBias")
        .addJavadoc("The (TABLE_ROWS, HEADS) table transposed to (HEADS, TABLE_ROWS).\n")
        .addModifiers(PRIVATE, STATIC)
        .returns(float[].class)
        .addParameter(float[].class, "table")
        .addStatement("float[] byHead = new float[$N * $N]", heads, rows)
        .beginControlFlow("for (int r = 0; r < $N; r++)", rows)
        .beginControlFlow("for (int h = 0; h < $N; h++)", heads)
        .addStatement("byHead[h * $N + r] = table[r * $N + h]", rows, heads)
        .endControlFlow()
        .endControlFlow()
        .addStatement("return byHead")
        .build();
  }
}
