package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.generator.plan.StepKind;

/**
 * Matrix products of the plain variant, written in the one loop shape C2's SuperWord vectorises on
 * JDK 17: {@code c0[j] += x0 * w[j]; c1[j] += x1 * w[j]; ...} over separate arrays at the same
 * index. In the attention products four output rows share each loaded row of B (transposed
 * keys, value rows); the linear layers run one output row at a time over its full width against
 * the rows of the transposed weight (long loops: measured faster than 4-row tiles over 128-column
 * panels on JDK 25 and as fast on JDK 17).
 * The sums run in the reference kernel's order (init, then k ascending), so results match it.
 */
final class PlainProductEmitter {

  private PlainProductEmitter() {}

  // private static void rowTile(float[] a, int aOff, int aStride, int i, float[][] b, int bRow,
  //     int depth, int width, Workspace ws) {
  //   int a0 = aOff + i * aStride; int a1 = aOff + Math.min(i + 1, TOKENS - 1) * aStride; ...
  //   for (int k = 0; k < depth; k++) {
  //     float x0 = a[a0 + k]; ... float[] w = b[bRow + k];
  //     for (int j = 0; j < width; j++) { float wj = w[j]; c0[j] += x0 * wj; ... }
  //   }
  // }
  static void addRowTile(TypeSpec.Builder type, KernelPlan plan, ClassName self) {
    int rows = plan.plainTiling().rowsPerTile();
    MethodSpec.Builder m = MethodSpec.methodBuilder("rowTile")
        .addJavadoc("acc_r[j] += sum_k a[row i + r, k] * b[bRow + k][j] for the ROW_TILE rows of a tile;\n"
            + "rows past the last token repeat it.\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(float[].class, "a").addParameter(int.class, "aOff").addParameter(int.class, "aStride")
        .addParameter(int.class, "i").addParameter(float[][].class, "b").addParameter(int.class, "bRow")
        .addParameter(int.class, "depth").addParameter(int.class, "width")
        .addParameter(self.nestedClass("Workspace"), "ws");
    m.addStatement("int a0 = aOff + i * aStride");
    for (int r = 1; r < rows; r++) {
      m.addStatement("int a$L = aOff + Math.min(i + $L, TOKENS - 1) * aStride", r, r);
    }
    for (int r = 0; r < rows; r++) {
      m.addStatement("float[] c$L = ws.acc$L", r, r);
    }
    m.beginControlFlow("for (int k = 0; k < depth; k++)");
    for (int r = 0; r < rows; r++) {
      m.addStatement("float x$L = a[a$L + k]", r, r);
    }
    m.addStatement("float[] w = b[bRow + k]");
    m.beginControlFlow("for (int j = 0; j < width; j++)");
    m.addStatement("float wj = w[j]");
    for (int r = 0; r < rows; r++) {
      m.addStatement("c$L[j] += x$L * wj", r, r);
    }
    m.endControlFlow();
    m.endControlFlow();
    type.addMethod(m.build());
  }

  // private static void initTile(Workspace ws, float[] init, int from, int width) {
  //   System.arraycopy(init, from, ws.acc0, 0, width); ... (acc1, acc2, acc3)
  // }
  static void addInitTile(TypeSpec.Builder type, KernelPlan plan, ClassName self) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("initTile")
        .addJavadoc("Every accumulator row of the tile starts as init[from..from+width).\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(self.nestedClass("Workspace"), "ws").addParameter(float[].class, "init")
        .addParameter(int.class, "from").addParameter(int.class, "width");
    for (int r = 0; r < plan.plainTiling().rowsPerTile(); r++) {
      m.addStatement("$T.arraycopy(init, from, ws.acc$L, 0, width)", System.class, r);
    }
    type.addMethod(m.build());
  }

  // private static void storeTile(Workspace ws, float[] c, int cOff, int cStride, int i, int width) {
  //   System.arraycopy(ws.acc0, 0, c, cOff + i * cStride, width);
  //   System.arraycopy(ws.acc1, 0, c, cOff + Math.min(i + 1, TOKENS - 1) * cStride, width); ...
  // }
  static void addStoreTile(TypeSpec.Builder type, KernelPlan plan, ClassName self) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("storeTile")
        .addJavadoc("Copies the tile's rows to c; a repeated last row rewrites the same values.\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(self.nestedClass("Workspace"), "ws").addParameter(float[].class, "c")
        .addParameter(int.class, "cOff").addParameter(int.class, "cStride").addParameter(int.class, "i")
        .addParameter(int.class, "width");
    m.addStatement("$T.arraycopy(ws.acc0, 0, c, cOff + i * cStride, width)", System.class);
    for (int r = 1; r < plan.plainTiling().rowsPerTile(); r++) {
      m.addStatement("$T.arraycopy(ws.acc$L, 0, c, cOff + Math.min(i + $L, TOKENS - 1) * cStride, width)",
          System.class, r, r);
    }
    type.addMethod(m.build());
  }

  // private static void linear(float[] in, int io, float[][] wT, float[] b, int m, float[] out,
  //     int oo, Workspace ws) {
  //   for (int i = 0; i < TOKENS; i++) {
  //     System.arraycopy(b, 0, acc, 0, m);
  //     for (int k = 0; k < DIM; k++) { float a = in[x + k]; float[] w = wT[k]; for (j < m) acc[j] += a * w[j]; }
  //     System.arraycopy(acc, 0, out, oo + i * m, m);
  //   }
  // }
  static void addLinear(TypeSpec.Builder type, KernelPlan plan, ClassName self) {
    if (!plan.has(StepKind.QKV_PROJECTION)) {
      return;
    }
    type.addMethod(MethodSpec.methodBuilder("linear")
        .addJavadoc("nn.Linear over TOKENS rows: out = in @ w.T + b, w given as the rows wT[k] of w.T.\n"
            + "One output row at a time over its full width: long same-index loops vectorise best.\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(float[].class, "in").addParameter(int.class, "io")
        .addParameter(float[][].class, "wT").addParameter(float[].class, "b")
        .addParameter(int.class, "m").addParameter(float[].class, "out").addParameter(int.class, "oo")
        .addParameter(self.nestedClass("Workspace"), "ws")
        .addStatement("float[] acc = ws.outRow")
        .beginControlFlow("for (int i = 0; i < TOKENS; i++)")
        .addStatement("$T.arraycopy(b, 0, acc, 0, m)", System.class)
        .addStatement("int x = io + i * DIM")
        .beginControlFlow("for (int k = 0; k < DIM; k++)")
        .addStatement("float a = in[x + k]")
        .addStatement("float[] w = wT[k]")
        .beginControlFlow("for (int j = 0; j < m; j++)")
        .addStatement("acc[j] += a * w[j]")
        .endControlFlow()
        .endControlFlow()
        .addStatement("$T.arraycopy(acc, 0, out, oo + i * m, m)", System.class)
        .endControlFlow()
        .build());
  }
}
