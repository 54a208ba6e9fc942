package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.IndexEncoding;
import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.shape.AttentionShape;
import java.util.List;

/** Named constants of the generated classes: the shape, the baked relative index, the layout. */
final class ConstantsEmitter {

  private ConstantsEmitter() {}

  // static final AttentionShape SHAPE = AttentionShape.builder(...).build();
  // static final int TOKENS = 49; ... static final float SCALE = 0.17677669f;
  static void addShapeConstants(TypeSpec.Builder type, KernelPlan plan) {
    AttentionShape s = plan.shape();
    type.addField(FieldSpec.builder(Types.ATTENTION_SHAPE, "SHAPE", STATIC, FINAL)
        .addJavadoc("The shape this class computes: $L.\n", s.describe())
        .initializer(ShapeLiteral.of(s)).build());
    type.addField(constant(TypeName.BOOLEAN, "MASKED", plan.masked(), "Whether a shifted-window mask is accepted."));
    type.addField(constant(TypeName.INT, "TOKENS", s.tokens(), "Tokens per window N."));
    type.addField(constant(TypeName.INT, "DIM", s.dim(), "Channels C."));
    type.addField(constant(TypeName.INT, "HEADS", s.heads(), "Heads H."));
    type.addField(constant(TypeName.INT, "HEAD_DIM", s.headDim(), "Head dim d = C / H."));
    type.addField(constant(TypeName.INT, "TABLE_ROWS", s.tableRows(), "Rows of the relative position bias table."));
    type.addField(constant(TypeName.INT, "CENTRE", plan.centre(),
        "Index of relative offset zero: index[i, j] = TOKEN_OFFSET[i] - TOKEN_OFFSET[j] + CENTRE."));
    type.addField(FieldSpec.builder(TypeName.FLOAT, "SCALE", STATIC, FINAL)
        .addJavadoc("qk_scale or head_dim ** -0.5, in float32 (1 for swin_v2).\n")
        .initializer("$L", ShapeLiteral.floatLiteral(s.scale())).build());
    addTokenOffsets(type, plan);
  }

  // private static final int[] TOKEN_OFFSET = {0, 1, 2, ...};          (LITERAL)
  // private static final int[] TOKEN_OFFSET = unpack("0000000100020003...");  (PACKED_STRING)
  static void addTokenOffsets(TypeSpec.Builder type, KernelPlan plan) {
    List<Integer> offsets = plan.tokenOffsets();
    FieldSpec.Builder f = FieldSpec.builder(int[].class, "TOKEN_OFFSET", PRIVATE, STATIC, FINAL)
        .addJavadoc("base(t) per token of the $L window (row-major): the relative position index "
            + "folded into one offset per token.\n", plan.shape().window());
    if (plan.indexEncoding() == IndexEncoding.LITERAL) {
      CodeBlock.Builder init = CodeBlock.builder().add("{");
      for (int t = 0; t < offsets.size(); t++) {
        init.add(t == 0 ? "$L" : ",$W$L", offsets.get(t));
      }
      f.initializer(init.add("}").build());
      type.addField(f.build());
      return;
    }
    StringBuilder hex = new StringBuilder();
    for (int v : offsets) {
      hex.append(String.format("%04x", v));
    }
    f.initializer("unpackOffsets($S)", hex.toString());
    type.addField(f.build());
    type.addMethod(MethodSpec.methodBuilder("unpackOffsets")
        .addJavadoc("Decodes 4 hex digits per token (a packed constant instead of a huge array literal).\n")
        .addModifiers(PRIVATE, STATIC)
        .returns(int[].class)
        .addParameter(String.class, "hex")
        .addStatement("int[] offsets = new int[TOKENS]")
        .beginControlFlow("for (int t = 0; t < TOKENS; t++)")
        .addStatement("offsets[t] = $T.parseInt(hex, 4 * t, 4 * t + 4, 16)", Integer.class)
        .endControlFlow()
        .addStatement("return offsets")
        .build());
  }

  // static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  // static final int LANES = SPECIES.length(); static final int MR = 7; ...
  static void addVectorConstants(TypeSpec.Builder type, KernelPlan plan) {
    AttentionShape s = plan.shape();
    type.addField(FieldSpec.builder(Types.SPECIES, "SPECIES", STATIC, FINAL)
        .addJavadoc("The widest vector shape of this CPU, chosen once at class initialisation.\n")
        .initializer("$T.SPECIES_PREFERRED", Types.FLOAT_VECTOR).build());
    derived(type, "LANES", "SPECIES.length()", "Floats per vector.");
    type.addField(constant(TypeName.INT, "MR", plan.tiling().rowsPerTile(), "Rows per register tile."));
    type.addField(constant(TypeName.INT, "NR", plan.tiling().vectorsPerTile(), "Vectors per register tile."));
    type.addField(constant(TypeName.INT, "ROWS", plan.tiling().paddedRows(),
        "TOKENS rounded up to MR; padding rows are zeros and never leave the workspace."));
    derived(type, "PANEL", "NR * LANES", "Columns of one packed weight panel.");
    derived(type, "KEYS", "roundUp(TOKENS, LANES)", "Keys per score row, padded to whole vectors (padding is -inf before the softmax).");
    derived(type, "KEY_VECTORS", "KEYS / LANES", "Vectors per score row.");
    derived(type, "HEAD_VECTORS", "(HEAD_DIM + LANES - 1) / LANES", "Vectors covering one head's channels.");
    if (s.withQkv()) {
      derived(type, "QKV_STRIDE", "roundUp(3 * DIM, PANEL)", "Row stride of the qkv buffer (3C padded to panels).");
      derived(type, "PROJ_STRIDE", "roundUp(DIM, PANEL)", "Row stride of the projection output buffer.");
      derived(type, "SRC_STRIDE", "QKV_STRIDE", "Row stride of the q, k, v source (the qkv buffer).");
      type.addField(constant(TypeName.INT, "Q_OFFSET", 0, "Channel of q head 0 in the source rows."));
      type.addField(constant(TypeName.INT, "K_OFFSET", s.dim(), "Channel of k head 0 in the source rows."));
      type.addField(constant(TypeName.INT, "V_OFFSET", 2 * s.dim(), "Channel of v head 0 in the source rows."));
    } else {
      derived(type, "SRC_STRIDE", "DIM", "Row stride of the q = k = v source (x itself).");
      type.addField(constant(TypeName.INT, "Q_OFFSET", 0, "q = x."));
      type.addField(constant(TypeName.INT, "K_OFFSET", 0, "k = x."));
      type.addField(constant(TypeName.INT, "V_OFFSET", 0, "v = x."));
    }
    derived(type, "Y_STRIDE", "(HEADS - 1) * HEAD_DIM + HEAD_VECTORS * LANES",
        "Row stride of the merged heads; a head's last vector may spill into the next head, written after it.");
    type.addMethod(MethodSpec.methodBuilder("roundUp")
        .addModifiers(PRIVATE, STATIC)
        .returns(int.class)
        .addParameter(int.class, "value")
        .addParameter(int.class, "multiple")
        .addStatement("return (value + multiple - 1) / multiple * multiple")
        .build());
  }

  // static final int ROW_TILE = 4;
  // static final int ACC_LENGTH = Math.max(TOKENS, HEAD_DIM);
  // private static final float[] ZEROS = new float[ACC_LENGTH];
  static void addPlainConstants(TypeSpec.Builder type, KernelPlan plan) {
    type.addField(constant(TypeName.INT, "ROW_TILE", plan.plainTiling().rowsPerTile(),
        "Output rows per tile of the attention products: each loaded row of B serves this many rows."));
    derived(type, "ACC_LENGTH", "Math.max(TOKENS, HEAD_DIM)",
        "Length of one accumulator row: the widest product output row.");
    type.addField(FieldSpec.builder(float[].class, "ZEROS", PRIVATE, STATIC, FINAL)
        .addJavadoc("Initial accumulator row of the attention products (never written).\n")
        .initializer("new float[ACC_LENGTH]").build());
  }

  private static FieldSpec constant(TypeName type, String name, Object value, String doc) {
    return FieldSpec.builder(type, name, STATIC, FINAL)
        .addJavadoc("$L\n", doc)
        .initializer("$L", value)
        .build();
  }

  private static void derived(TypeSpec.Builder type, String name, String expression, String doc) {
    type.addField(FieldSpec.builder(int.class, name, STATIC, FINAL)
        .addJavadoc("$L\n", doc)
        .initializer("$L", expression)
        .build());
  }
}
