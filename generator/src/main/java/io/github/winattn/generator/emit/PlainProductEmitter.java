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
 * index. Four output rows share each loaded weight row; B operands are arrays of rows (weight
 * panels, transposed keys, value rows), so every inner-loop access is at index {@code j}.
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
  static void addRowTile(TypeSpec.Builder type, ClassName self) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("rowTile")
        .addJavadoc("acc_r[j] += sum_k a[row i + r, k] * b[bRow + k][j] for the ROW_TILE rows of a tile;\n"
            + "rows past the last token repeat it.\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(float[].class, "a").addParameter(int.class, "aOff").addParameter(int.class, "aStride")
        .addParameter(int.class, "i").addParameter(float[][].class, "b").addParameter(int.class, "bRow")
        .addParameter(int.class, "depth").addParameter(int.class, "width")
        .addParameter(self.nestedClass("Workspace"), "ws");
    m.addStatement("int a0 = aOff + i * aStride");
    for (int r = 1; r < 4; r++) {
      m.addStatement("int a$L = aOff + Math.min(i + $L, TOKENS - 1) * aStride", r, r);
    }
    m.addStatement("float[] c0 = ws.acc0, c1 = ws.acc1, c2 = ws.acc2, c3 = ws.acc3");
    m.beginControlFlow("for (int k = 0; k < depth; k++)");
    for (int r = 0; r < 4; r++) {
      m.addStatement("float x$L = a[a$L + k]", r, r);
    }
    m.addStatement("float[] w = b[bRow + k]");
    m.beginControlFlow("for (int j = 0; j < width; j++)");
    m.addStatement("float wj = w[j]");
    for (int r = 0; r < 4; r++) {
      m.addStatement("c$L[j] += x$L * wj", r, r);
    }
    m.endControlFlow();
    m.endControlFlow();
    type.addMethod(m.build());
  }

  // private static void initTile(Workspace ws, float[] init, int from, int width) {
  //   System.arraycopy(init, from, ws.acc0, 0, width); ... (acc1, acc2, acc3)
  // }
  static void addInitTile(TypeSpec.Builder type, ClassName self) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("initTile")
        .addJavadoc("Every accumulator row of the tile starts as init[from..from+width).\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(self.nestedClass("Workspace"), "ws").addParameter(float[].class, "init")
        .addParameter(int.class, "from").addParameter(int.class, "width");
    for (int r = 0; r < 4; r++) {
      m.addStatement("$T.arraycopy(init, from, ws.acc$L, 0, width)", System.class, r);
    }
    type.addMethod(m.build());
  }

  // private static void storeTile(Workspace ws, float[] c, int cOff, int cStride, int i, int width) {
  //   System.arraycopy(ws.acc0, 0, c, cOff + i * cStride, width);
  //   System.arraycopy(ws.acc1, 0, c, cOff + Math.min(i + 1, TOKENS - 1) * cStride, width); ...
  // }
  static void addStoreTile(TypeSpec.Builder type, ClassName self) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("storeTile")
        .addJavadoc("Copies the tile's rows to c; a repeated last row rewrites the same values.\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(self.nestedClass("Workspace"), "ws").addParameter(float[].class, "c")
        .addParameter(int.class, "cOff").addParameter(int.class, "cStride").addParameter(int.class, "i")
        .addParameter(int.class, "width");
    m.addStatement("$T.arraycopy(ws.acc0, 0, c, cOff + i * cStride, width)", System.class);
    for (int r = 1; r < 4; r++) {
      m.addStatement("$T.arraycopy(ws.acc$L, 0, c, cOff + Math.min(i + $L, TOKENS - 1) * cStride, width)",
          System.class, r, r);
    }
    type.addMethod(m.build());
  }

  // private static void linear(float[] in, int io, float[][] panels, float[] b, int m, float[] out,
  //     int oo, Workspace ws) {
  //   for (int col = 0; col < m; col += PANEL_COLUMNS) {
  //     for (int i = 0; i < TOKENS; i += ROW_TILE) { initTile(bias); rowTile(...); storeTile(...); }
  //   }
  // }
  static void addLinear(TypeSpec.Builder type, KernelPlan plan, ClassName self) {
    if (!plan.has(StepKind.QKV_PROJECTION)) {
      return;
    }
    type.addMethod(MethodSpec.methodBuilder("linear")
        .addJavadoc("nn.Linear over TOKENS rows: out = in @ w.T + b, w given as (DIM x PANEL_COLUMNS) "
            + "panels of rows\nof w.T; each panel serves every row tile while it is in cache.\n")
        .addModifiers(PRIVATE, STATIC)
        .addParameter(float[].class, "in").addParameter(int.class, "io")
        .addParameter(float[][].class, "panels").addParameter(float[].class, "b")
        .addParameter(int.class, "m").addParameter(float[].class, "out").addParameter(int.class, "oo")
        .addParameter(self.nestedClass("Workspace"), "ws")
        .beginControlFlow("for (int col = 0; col < m; col += PANEL_COLUMNS)")
        .addStatement("int width = Math.min(PANEL_COLUMNS, m - col)")
        .addStatement("int panel = col / PANEL_COLUMNS * DIM")
        .beginControlFlow("for (int i = 0; i < TOKENS; i += ROW_TILE)")
        .addStatement("initTile(ws, b, col, width)")
        .addStatement("rowTile(in, io, DIM, i, panels, panel, DIM, width, ws)")
        .addStatement("storeTile(ws, out, oo + col, m, i, width)")
        .endControlFlow()
        .endControlFlow()
        .build());
  }
}
