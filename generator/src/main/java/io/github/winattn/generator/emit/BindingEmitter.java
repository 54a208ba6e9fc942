package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.BiasEncoding;
import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.generator.plan.ScoreScaling;
import io.github.winattn.shape.Family;

/**
 * Binding: the fields holding pre-packed weights, the constructor that checks the weights' shape
 * and packs them once, and the accessors of {@code AttentionKernel}.
 */
final class BindingEmitter {

  private BindingEmitter() {}

  /** {@code (float) Math.log(100.0)}: Swin v2's clamp of the logit scale, a float32 value. */
  static final float MAX_LOGIT_SCALE = (float) Math.log(100.0);

  // public SwinV1_w7x7_h3_d96_Vector(AttentionWeights weights) {
  //   if (!SHAPE.equals(weights.shape())) {
  //     throw new IllegalArgumentException("SwinV1_w7x7_h3_d96_Vector computes " + ...);
  //   }
  //   this.qkvPanels = packPanels(weights.qkvWeight(), 3 * DIM, QKV_STRIDE, DIM, SCALE);
  //   this.qkvBias = padBias(weights.qkvBias(), QKV_STRIDE, DIM, SCALE); ...
  //   this.bias = denseBias(weights.biasTable());
  // }
  static void addVectorBinding(TypeSpec.Builder type, Scope s) {
    KernelPlan plan = s.plan;
    boolean qkv = plan.shape().withQkv();
    boolean folded = plan.scoreScaling() == ScoreScaling.FOLDED_INTO_Q;
    MethodSpec.Builder ctor = constructor(plan, plan.vectorClassName());
    if (qkv) {
      field(type, s, "qkvPanels", "(QKV_STRIDE / PANEL, DIM, PANEL) qkv.weight packed k-major per panel"
          + (folded ? ", q rows times SCALE" : ""));
      field(type, s, "qkvBias", "(QKV_STRIDE) qkv.bias padded" + (folded ? ", q part times SCALE" : "")
          + "; zeros where the module has none");
      field(type, s, "projPanels", "(PROJ_STRIDE / PANEL, DIM, PANEL) proj.weight packed k-major per panel");
      field(type, s, "projBias", "(PROJ_STRIDE) proj.bias padded");
      String q = folded ? "DIM, SCALE" : "0, 1f";
      ctor.addStatement("this.qkvPanels = packPanels(weights.qkvWeight(), 3 * DIM, QKV_STRIDE, $L)", q);
      ctor.addStatement("this.qkvBias = padBias(weights.qkvBias(), QKV_STRIDE, $L)", q);
      ctor.addStatement("this.projPanels = packPanels(weights.projWeight(), DIM, PROJ_STRIDE, 0, 1f)");
      ctor.addStatement("this.projBias = padBias(weights.projBias(), PROJ_STRIDE, 0, 1f)");
      addPackPanels(type);
      addPadBias(type);
    }
    if (plan.biasEncoding() == BiasEncoding.DENSE) {
      field(type, s, "bias", "(HEADS, TOKENS, KEYS) relative position bias, -inf in the key padding");
      ctor.addStatement("this.bias = denseBias(weights.biasTable())");
      addDenseBias(type);
    } else {
      field(type, s, "bias", "(HEADS, TABLE_ROWS) relative position bias table, head-major");
      ctor.addStatement("this.bias = headMajorBias(weights.biasTable())");
      addHeadMajorBias(type);
    }
    addHeadScale(type, s, ctor);
    type.addMethod(ctor.build());
    addAccessors(type, "generated-vector");
  }

  // public SwinV1_w7x7_h3_d96_Plain(AttentionWeights weights) {
  //   if (!SHAPE.equals(weights.shape())) { throw new IllegalArgumentException(...); }
  //   this.qkvRows = transposedRows(weights.qkvWeight(), QKV_DIM);
  //   this.qkvBias = Arrays.copyOf(weights.qkvBias(), QKV_DIM); ...
  //   this.bias = headMajorBias(weights.biasTable());
  // }
  static void addPlainBinding(TypeSpec.Builder type, Scope s) {
    KernelPlan plan = s.plan;
    MethodSpec.Builder ctor = constructor(plan, plan.plainClassName());
    if (plan.shape().withQkv()) {
      panelField(type, s, "qkvRows", "(DIM, QKV_DIM) qkv.weight transposed, one array per row");
      field(type, s, "qkvBias", "(QKV_DIM) qkv.bias; zeros where the module has none");
      panelField(type, s, "projRows", "(DIM, DIM) proj.weight transposed, one array per row");
      field(type, s, "projBias", "(DIM) proj.bias");
      ctor.addStatement("this.qkvRows = transposedRows(weights.qkvWeight(), $N)", s.field("QKV_DIM"));
      ctor.addStatement("this.qkvBias = $T.copyOf(weights.qkvBias(), $N)", java.util.Arrays.class, s.field("QKV_DIM"));
      ctor.addStatement("this.projRows = transposedRows(weights.projWeight(), DIM)");
      ctor.addStatement("this.projBias = weights.projBias().clone()");
      addTransposedRows(type);
    }
    field(type, s, "bias", "(HEADS, TABLE_ROWS) relative position bias table, head-major");
    ctor.addStatement("this.bias = headMajorBias(weights.biasTable())");
    addHeadMajorBias(type);
    addHeadScale(type, s, ctor);
    type.addMethod(ctor.build());
    addAccessors(type, "generated-plain");
  }

  private static MethodSpec.Builder constructor(KernelPlan plan, String className) {
    return MethodSpec.constructorBuilder()
        .addJavadoc("Binds {@code weights}, which must be for {@link #SHAPE}; packs them once.\n\n"
            + "@throws IllegalArgumentException if the weights are for another shape\n")
        .addModifiers(PUBLIC)
        .addParameter(Types.ATTENTION_WEIGHTS, "weights")
        .beginControlFlow("if (!SHAPE.equals(weights.shape()))")
        .addStatement("throw new $T($S + SHAPE.describe() + $S + weights.shape().describe())",
            IllegalArgumentException.class, className + " computes ", ", the weights are for ")
        .endControlFlow();
  }

  // /** (HEADS, TABLE_ROWS) relative position bias table, head-major. */
  // private final float[] bias;
  private static void field(TypeSpec.Builder type, Scope s, String name, String doc) {
    type.addField(s.addField(FieldSpec.builder(float[].class, name, PRIVATE, FINAL).addJavadoc("$L.\n", doc).build()));
  }

  // /** (DIM, QKV_DIM) qkv.weight transposed, one array per row. */
  // private final float[][] qkvRows;
  private static void panelField(TypeSpec.Builder type, Scope s, String name, String doc) {
    type.addField(s.addField(FieldSpec.builder(float[][].class, name, PRIVATE, FINAL).addJavadoc("$L.\n", doc).build()));
  }

  // private static float[][] transposedRows(float[] w, int m) {
  //   float[][] rows = new float[DIM][m];
  //   for (j < m) for (k < DIM) rows[k][j] = w[j * DIM + k];
  //   return rows;
  // }
  private static void addTransposedRows(TypeSpec.Builder type) {
    type.addMethod(MethodSpec.methodBuilder("transposedRows")
        .addJavadoc("{@code w (m, DIM)} transposed to DIM rows of m: rows[k][j] = w[j, k].\n")
        .addModifiers(PRIVATE, STATIC).returns(float[][].class)
        .addParameter(float[].class, "w").addParameter(int.class, "m")
        .addStatement("float[][] rows = new float[DIM][m]")
        .beginControlFlow("for (int j = 0; j < m; j++)")
        .beginControlFlow("for (int k = 0; k < DIM; k++)")
        .addStatement("rows[k][j] = w[j * DIM + k]")
        .endControlFlow()
        .endControlFlow()
        .addStatement("return rows")
        .build());
  }

  // /** (HEADS) torch.clamp(logit_scale, max=log(1. / 0.01)).exp(). */
  // private final float[] headScale;
  // this.headScale = new float[HEADS];
  // for (int h = 0; h < HEADS; h++) {
  //   headScale[h] = (float) Math.exp(Math.min(weights.logitScale()[h], 4.6051702f));
  // }
  private static void addHeadScale(TypeSpec.Builder type, Scope s, MethodSpec.Builder ctor) {
    if (s.plan.shape().family() != Family.SWIN_V2) {
      return;
    }
    field(type, s, "headScale", "(HEADS) torch.clamp(logit_scale, max=log(1. / 0.01)).exp()");
    ctor.addStatement("this.headScale = new float[HEADS]");
    ctor.beginControlFlow("for (int h = 0; h < HEADS; h++)");
    ctor.addStatement("headScale[h] = (float) Math.exp(Math.min(weights.logitScale()[h], $L))",
        ShapeLiteral.floatLiteral(MAX_LOGIT_SCALE));
    ctor.endControlFlow();
  }

  // @Override public AttentionShape shape() { return SHAPE; }
  // @Override public String implementation() { return "generated-vector"; }
  private static void addAccessors(TypeSpec.Builder type, String implementation) {
    type.addMethod(MethodSpec.methodBuilder("shape").addAnnotation(Override.class).addModifiers(PUBLIC)
        .returns(Types.ATTENTION_SHAPE).addStatement("return SHAPE").build());
    type.addMethod(MethodSpec.methodBuilder("implementation").addAnnotation(Override.class)
        .addModifiers(PUBLIC).returns(String.class).addStatement("return $S", implementation).build());
  }

  // private static float[] packPanels(float[] w, int rows, int paddedRows, int scaledRows, float scale) {
  //   float[] p = new float[paddedRows * DIM];
  //   for (int r = 0; r < rows; r++) {
  //     float f = r < scaledRows ? scale : 1f;
  //     int base = r / PANEL * DIM * PANEL + r % PANEL;
  //     for (int k = 0; k < DIM; k++) { p[base + k * PANEL] = w[r * DIM + k] * f; }
  //   }
  //   return p;
  // }
  private static void addPackPanels(TypeSpec.Builder type) {
    type.addMethod(MethodSpec.methodBuilder("packPanels")
        .addJavadoc("Packs {@code w (rows, DIM)} into panels of PANEL output columns, k-major inside a "
            + "panel; rows below scaledRows are multiplied by scale, padding columns are zero.\n")
        .addModifiers(PRIVATE, STATIC).returns(float[].class)
        .addParameter(float[].class, "w").addParameter(int.class, "rows")
        .addParameter(int.class, "paddedRows").addParameter(int.class, "scaledRows")
        .addParameter(float.class, "scale")
        .addStatement("float[] p = new float[paddedRows * DIM]")
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .addStatement("float f = r < scaledRows ? scale : 1f")
        .addStatement("int base = r / PANEL * DIM * PANEL + r % PANEL")
        .beginControlFlow("for (int k = 0; k < DIM; k++)")
        .addStatement("p[base + k * PANEL] = w[r * DIM + k] * f")
        .endControlFlow()
        .endControlFlow()
        .addStatement("return p")
        .build());
  }

  // private static float[] padBias(float[] b, int padded, int scaledRows, float scale) {
  //   float[] p = new float[padded];
  //   for (int r = 0; r < b.length; r++) { p[r] = b[r] * (r < scaledRows ? scale : 1f); }
  //   return p;
  // }
  private static void addPadBias(TypeSpec.Builder type) {
    type.addMethod(MethodSpec.methodBuilder("padBias")
        .addJavadoc("{@code b} padded with zeros to {@code padded}; an absent bias (empty) gives zeros.\n")
        .addModifiers(PRIVATE, STATIC).returns(float[].class)
        .addParameter(float[].class, "b").addParameter(int.class, "padded")
        .addParameter(int.class, "scaledRows").addParameter(float.class, "scale")
        .addStatement("float[] p = new float[padded]")
        .beginControlFlow("for (int r = 0; r < b.length; r++)")
        .addStatement("p[r] = b[r] * (r < scaledRows ? scale : 1f)")
        .endControlFlow()
        .addStatement("return p")
        .build());
  }

  // dense[(h * TOKENS + i) * KEYS + j] = table[(TOKEN_OFFSET[i] - TOKEN_OFFSET[j] + CENTRE) * HEADS + h]
  private static void addDenseBias(TypeSpec.Builder type) {
    type.addMethod(MethodSpec.methodBuilder("denseBias")
        .addJavadoc("{@code table[index[i, j], h]} expanded to (HEADS, TOKENS, KEYS), -inf for padding keys.\n")
        .addModifiers(PRIVATE, STATIC).returns(float[].class)
        .addParameter(float[].class, "table")
        .addStatement("float[] dense = new float[HEADS * TOKENS * KEYS]")
        .beginControlFlow("for (int h = 0; h < HEADS; h++)")
        .beginControlFlow("for (int i = 0; i < TOKENS; i++)")
        .addStatement("int row = (h * TOKENS + i) * KEYS")
        .addStatement("int base = TOKEN_OFFSET[i] + CENTRE")
        .beginControlFlow("for (int j = 0; j < TOKENS; j++)")
        .addStatement("dense[row + j] = table[(base - TOKEN_OFFSET[j]) * HEADS + h]")
        .endControlFlow()
        .addStatement("$T.fill(dense, row + TOKENS, row + KEYS, Float.NEGATIVE_INFINITY)", java.util.Arrays.class)
        .endControlFlow()
        .endControlFlow()
        .addStatement("return dense")
        .build());
  }

  // byHead[h * TABLE_ROWS + r] = table[r * HEADS + h]
  private static void addHeadMajorBias(TypeSpec.Builder type) {
    type.addMethod(MethodSpec.methodBuilder("headMajorBias")
        .addJavadoc("The (TABLE_ROWS, HEADS) table transposed to (HEADS, TABLE_ROWS).\n")
        .addModifiers(PRIVATE, STATIC).returns(float[].class)
        .addParameter(float[].class, "table")
        .addStatement("float[] byHead = new float[HEADS * TABLE_ROWS]")
        .beginControlFlow("for (int r = 0; r < TABLE_ROWS; r++)")
        .beginControlFlow("for (int h = 0; h < HEADS; h++)")
        .addStatement("byHead[h * TABLE_ROWS + r] = table[r * HEADS + h]")
        .endControlFlow()
        .endControlFlow()
        .addStatement("return byHead")
        .build());
  }
}
