package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.BiasEncoding;
import io.github.winattn.generator.plan.KernelPlan;
import java.util.Arrays;

/** The per-thread scratch of a kernel: a nested {@code Workspace} class and its ThreadLocal. */
final class WorkspaceEmitter {

  private WorkspaceEmitter() {}

  // private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);
  // private static final class Workspace {
  //   /** (ROWS, DIM) x of one window; rows >= TOKENS stay zero. */
  //   final float[] x = new float[ROWS * DIM + LANES]; ...
  // }
  static void addVectorWorkspace(TypeSpec.Builder type, KernelPlan plan, ClassName self) {
    TypeSpec.Builder ws = workspaceClass();
    buffer(ws, "x", "ROWS * DIM + LANES", plan.tiling().packedProjectionInput()
        ? "(ROWS / MR, DIM, MR) x of one window interleaved by MR rows; rows >= TOKENS stay zero"
        : "(ROWS, DIM) x of one window; rows >= TOKENS stay zero");
    if (plan.shape().withQkv()) {
      buffer(ws, "qkv", "ROWS * QKV_STRIDE + LANES", "(ROWS, QKV_STRIDE) q, k, v channels s*C + h*d + e");
      buffer(ws, "proj", "ROWS * PROJ_STRIDE + LANES", "(ROWS, PROJ_STRIDE) output of proj before the copy out");
    }
    buffer(ws, "keysT", "HEAD_DIM * KEYS + LANES", "(HEAD_DIM, KEYS) k of one head, transposed; key padding stays 0");
    buffer(ws, "scores", "ROWS * KEYS + LANES", "(ROWS, KEYS) attn of one head");
    buffer(ws, "y", "ROWS * Y_STRIDE + LANES", "(ROWS, Y_STRIDE) attn @ v, heads merged head-major");
    if (plan.tiling().packedProjectionInput()) {
      buffer(ws, "yPacked", "ROWS * DIM + LANES",
          "(ROWS / MR, DIM, MR) the merged heads interleaved by MR rows for the proj tiles");
    }
    buffer(ws, "rowScale", "ROWS", "(ROWS) 1 / sum of each softmax row of one head; padding rows stay 0");
    if (plan.masked()) {
      buffer(ws, "maskRows", "TOKENS * KEYS", "(TOKENS, KEYS) mask window of the current window; key padding stays 0");
    }
    if (plan.biasEncoding() == BiasEncoding.GATHER) {
      buffer(ws, "biasRow", "KEYS", "(KEYS) bias of one query row; key padding is -inf");
      ws.addMethod(MethodSpec.constructorBuilder()
          .addStatement("$T.fill(biasRow, TOKENS, KEYS, Float.NEGATIVE_INFINITY)", Arrays.class)
          .build());
    }
    finish(type, ws, self.nestedClass("Workspace"));
  }

  // private static final class Workspace { final float[] qkv = new float[TOKENS * 3 * DIM]; ... }
  static void addPlainWorkspace(TypeSpec.Builder type, KernelPlan plan, ClassName self) {
    TypeSpec.Builder ws = workspaceClass();
    if (plan.shape().withQkv()) {
      buffer(ws, "qkv", "TOKENS * 3 * DIM", "(TOKENS, 3 * DIM) q, k, v channels s*C + h*d + e");
      buffer(ws, "outRow", "3 * DIM", "(3 * DIM) accumulator of one output row of a linear layer");
    }
    buffer(ws, "scores", "TOKENS * TOKENS", "(TOKENS, TOKENS) attn of one head");
    buffer(ws, "y", "TOKENS * DIM", "(TOKENS, DIM) attn @ v, heads merged");
    rows(ws, "keysT", "HEAD_DIM", "TOKENS", "(HEAD_DIM, TOKENS) k of one head, transposed, one array per row");
    rows(ws, "values", "TOKENS", "HEAD_DIM", "(TOKENS, HEAD_DIM) v of one head, one array per row");
    for (int r = 0; r < plan.plainTiling().rowsPerTile(); r++) {
      buffer(ws, "acc" + r, "ACC_LENGTH", "(ACC_LENGTH) accumulator row " + r + " of a product tile");
    }
    finish(type, ws, self.nestedClass("Workspace"));
  }

  private static TypeSpec.Builder workspaceClass() {
    return TypeSpec.classBuilder("Workspace")
        .addJavadoc("Per-thread scratch, allocated once per thread and reused by every call.\n")
        .addModifiers(PRIVATE, STATIC, FINAL);
  }

  private static void buffer(TypeSpec.Builder ws, String name, String size, String doc) {
    ws.addField(FieldSpec.builder(float[].class, name, FINAL)
        .addJavadoc("$L.\n", doc)
        .initializer("new float[$L]", size)
        .build());
  }

  private static void rows(TypeSpec.Builder ws, String name, String rows, String cols, String doc) {
    ws.addField(FieldSpec.builder(float[][].class, name, FINAL)
        .addJavadoc("$L.\n", doc)
        .initializer("new float[$L][$L]", rows, cols)
        .build());
  }

  private static void finish(TypeSpec.Builder type, TypeSpec.Builder ws, ClassName workspace) {
    type.addField(FieldSpec.builder(
            ParameterizedTypeName.get(ClassName.get(ThreadLocal.class), workspace), "WORKSPACE",
            PRIVATE, STATIC, FINAL)
        .initializer("$T.withInitial($T::new)", ThreadLocal.class, workspace)
        .build());
    type.addType(ws.build());
  }
}
