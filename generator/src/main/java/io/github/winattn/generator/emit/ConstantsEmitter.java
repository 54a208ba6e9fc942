package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.Constant;
import io.github.winattn.generator.plan.IndexEncoding;
import io.github.winattn.generator.plan.IntExpr;
import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.shape.AttentionShape;
import java.util.List;

/**
 * Named constants of the generated classes: the shape, the layout the plan defines, the baked
 * index.
 */
final class ConstantsEmitter {

  private ConstantsEmitter() {}

  // static final AttentionShape SHAPE = AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 3),
  // 16, 2).build();
  // static final boolean MASKED = true;
  // /** head_dim ** -0.5 in float32. */
  // static final float SCALE = 0.35355338f;
  // /** The widest vector of this CPU, chosen when the class loads. */
  // static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;  (vector class)
  // static final int TOKENS = 6;
  // ...
  // static final int KEYS = roundUp(TOKENS, LANES);
  // ...
  // private static final int[] TOKEN_OFFSET = {0, 1, 2, 5, 6, 7};
  static void addConstants(TypeSpec.Builder type, Scope s, boolean vector) {
    KernelPlan plan = s.plan;
    AttentionShape shape = plan.shape();
    type.addField(
        s.addField(
            FieldSpec.builder(Types.ATTENTION_SHAPE, "SHAPE", STATIC, FINAL)
                .initializer(ShapeLiteral.of(shape))
                .build()));
    type.addField(
        s.addField(
            FieldSpec.builder(TypeName.BOOLEAN, "MASKED", STATIC, FINAL)
                .initializer("$L", plan.masked())
                .build()));
    if (plan.scoreScaling() != io.github.winattn.generator.plan.ScoreScaling.COSINE) {
      type.addField(
          s.addField(
              FieldSpec.builder(TypeName.FLOAT, "SCALE", STATIC, FINAL)
                  .addJavadoc(
                      shape.qkScale() != 0f
                          ? "qk_scale, in float32.\n"
                          : "head_dim ** -0.5 in float32.\n")
                  .initializer("$L", ShapeLiteral.floatLiteral(shape.scale()))
                  .build()));
    }
    if (vector) {
      type.addField(
          s.addField(
              FieldSpec.builder(Types.SPECIES, "SPECIES", STATIC, FINAL)
                  .addJavadoc("The widest vector of this CPU, chosen when the class loads.\n")
                  .initializer("$T.SPECIES_PREFERRED", Types.FLOAT_VECTOR)
                  .build()));
    }
    boolean roundUp = s.layout.constants().stream().anyMatch(c -> usesRoundUp(c.value()));
    if (roundUp) {
      s.addHelper(roundUpMethod());
    }
    for (Constant c : s.layout.constants()) {
      FieldSpec.Builder f =
          FieldSpec.builder(int.class, c.name(), STATIC, FINAL).initializer(s.expr(c.value()));
      if (!c.doc().isEmpty()) {
        f.addJavadoc("$L\n", c.doc());
      }
      type.addField(s.addField(f.build()));
    }
    addTokenOffsets(type, s);
    if (roundUp) {
      type.addMethod(s.helper("roundUp"));
    }
  }

  private static boolean usesRoundUp(IntExpr e) {
    if (e instanceof IntExpr.Call c) {
      return c.function() == IntExpr.Function.ROUND_UP
          || usesRoundUp(c.first())
          || usesRoundUp(c.second());
    }
    if (e instanceof IntExpr.Binary b) {
      return usesRoundUp(b.left()) || usesRoundUp(b.right());
    }
    return false;
  }

  // private static int roundUp(int value, int multiple) { return (value + multiple - 1) / multiple
  // * multiple; }
  private static MethodSpec roundUpMethod() {
    return MethodSpec.methodBuilder("roundUp")
        .addModifiers(PRIVATE, STATIC)
        .returns(int.class)
        .addParameter(int.class, "value")
        .addParameter(int.class, "multiple")
        .addStatement("return (value + multiple - 1) / multiple * multiple")
        .build();
  }

  // private static final int[] TOKEN_OFFSET = {0, 1, 2, 5, 6, 7};  (LITERAL)
  // ...
  // private static final int[] TOKEN_OFFSET = unpackOffsets("000000010002  (PACKED_STRING)
  private static void addTokenOffsets(TypeSpec.Builder type, Scope s) {
    KernelPlan plan = s.plan;
    List<Integer> offsets = plan.tokenOffsets();
    FieldSpec.Builder f =
        FieldSpec.builder(int[].class, "TOKEN_OFFSET", PRIVATE, STATIC, FINAL)
            .addJavadoc(
                "The relative position index of the $L window folded into one offset per token.\n",
                plan.shape().window());
    if (plan.indexEncoding() == IndexEncoding.LITERAL) {
      CodeBlock.Builder init = CodeBlock.builder().add("{");
      for (int t = 0; t < offsets.size(); t++) {
        init.add(t == 0 ? "$L" : ",$W$L", offsets.get(t));
      }
      type.addField(s.addField(f.initializer(init.add("}").build()).build()));
      return;
    }
    StringBuilder hex = new StringBuilder();
    for (int v : offsets) {
      hex.append(String.format("%04x", v));
    }
    MethodSpec unpack =
        MethodSpec.methodBuilder("unpackOffsets")
            .addJavadoc(
                "4 hex digits per token: a string constant instead of a huge array literal.\n")
            .addModifiers(PRIVATE, STATIC)
            .returns(int[].class)
            .addParameter(String.class, "hex")
            .addStatement("int[] offsets = new int[$N]", s.field("TOKENS"))
            .beginControlFlow("for (int t = 0; t < $N; t++)", s.field("TOKENS"))
            .addStatement("offsets[t] = $T.parseInt(hex, 4 * t, 4 * t + 4, 16)", Integer.class)
            .endControlFlow()
            .addStatement("return offsets")
            .build();
    type.addField(s.addField(f.initializer("$N($S)", unpack, hex.toString()).build()));
    type.addMethod(unpack);
  }

  // private static final float[] ZEROS = new float[ACC_LENGTH];
  static void addPlainConstants(TypeSpec.Builder type, Scope s) {
    type.addField(
        s.addField(
            FieldSpec.builder(float[].class, "ZEROS", PRIVATE, STATIC, FINAL)
                .addJavadoc("Initial accumulator row of the attention products (never written).\n")
                .initializer("new float[$N]", s.field("ACC_LENGTH"))
                .build()));
  }
}
