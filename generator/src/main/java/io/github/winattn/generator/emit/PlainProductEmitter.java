package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.NameAllocator;
import io.github.winattn.generator.plan.StepKind;
import java.util.Optional;

/**
 * Matrix products of the plain variant, written in the one loop shape C2's SuperWord vectorises on
 * JDK 17: {@code c0[j] += x0 * w[j]; c1[j] += x1 * w[j]; ...} over separate arrays at the same
 * index. In the attention products four output rows share each loaded row of B (transposed keys,
 * value rows); the linear layers run one output row at a time over its full width against the rows
 * of the transposed weight (long loops: measured faster than 4-row tiles over 128-column panels on
 * JDK 25 and as fast on JDK 17). The sums run in the reference kernel's order (init, then k
 * ascending), so results match it.
 */
final class PlainProductEmitter {

  private PlainProductEmitter() {}

  // private static void rowTile(float[] a, int aOff, int aStride, int i, float[][] b, int depth,
  //     int width, Workspace ws) {
  //   int a0 = aOff + i * aStride;
  //   int a1 = aOff + Math.min(i + 1, TOKENS - 1) * aStride; ...
  //   float[] c0 = ws.acc0; ...
  //   for (int k = 0; k < depth; k++) {
  //     float x0 = a[a0 + k]; ...
  //     float[] w = b[k];
  //     for (int j = 0; j < width; j++) {
  //       float wj = w[j];
  //       c0[j] += x0 * wj; ...
  //     }
  //   }
  // }
  static MethodSpec rowTile(Scope s) {
    int rows = s.plan.plainTiling().rowsPerTile();
    FieldSpec tokens = s.field("TOKENS");
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("rowTile")
            .addJavadoc(
                "acc_r[j] += sum_k a[row i + r, k] * b[k][j] for the ROW_TILE rows of a tile;\n"
                    + "rows past the last token repeat it.\n")
            .addModifiers(PRIVATE, STATIC)
            .addParameter(float[].class, "a")
            .addParameter(int.class, "aOff")
            .addParameter(int.class, "aStride")
            .addParameter(int.class, "i")
            .addParameter(float[][].class, "b")
            .addParameter(int.class, "depth")
            .addParameter(int.class, "width")
            .addParameter(s.workspace, "ws");
    NameAllocator names = new NameAllocator();
    String[] a = new String[rows];
    String[] c = new String[rows];
    String[] x = new String[rows];
    for (int r = 0; r < rows; r++) {
      a[r] = names.newName("a" + r);
      c[r] = names.newName("c" + r);
      x[r] = names.newName("x" + r);
    }
    m.addStatement("int $N = aOff + i * aStride", a[0]);
    for (int r = 1; r < rows; r++) {
      m.addStatement("int $N = aOff + Math.min(i + $L, $N - 1) * aStride", a[r], r, tokens);
    }
    for (int r = 0; r < rows; r++) {
      m.addStatement("float[] $N = ws.$N", c[r], s.buffer("acc" + r));
    }
    m.beginControlFlow("for (int k = 0; k < depth; k++)");
    for (int r = 0; r < rows; r++) {
      m.addStatement("float $N = a[$N + k]", x[r], a[r]);
    }
    m.addStatement("float[] w = b[k]");
    m.beginControlFlow("for (int j = 0; j < width; j++)");
    m.addStatement("float wj = w[j]");
    for (int r = 0; r < rows; r++) {
      m.addStatement("$N[j] += $N * wj", c[r], x[r]);
    }
    m.endControlFlow();
    m.endControlFlow();
    return m.build();
  }

  // private static void clearTile(Workspace ws, int width) {
  //   System.arraycopy(ZEROS, 0, ws.acc0, 0, width);
  //   ...  (acc1, acc2, acc3)
  // }
  static MethodSpec clearTile(Scope s) {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("clearTile")
            .addJavadoc("Zeroes the first width floats of every accumulator row of the tile.\n")
            .addModifiers(PRIVATE, STATIC)
            .addParameter(s.workspace, "ws")
            .addParameter(int.class, "width");
    for (int r = 0; r < s.plan.plainTiling().rowsPerTile(); r++) {
      m.addStatement(
          "$T.arraycopy($N, 0, ws.$N, 0, width)",
          System.class,
          s.field("ZEROS"),
          s.buffer("acc" + r));
    }
    return m.build();
  }

  // private static void storeTile(Workspace ws, float[] c, int cOff, int cStride, int i, int width)
  // {
  //   System.arraycopy(ws.acc0, 0, c, cOff + i * cStride, width);
  //   System.arraycopy(ws.acc1, 0, c, cOff + Math.min(i + 1, TOKENS - 1) * cStride, width); ...
  // }
  static MethodSpec storeTile(Scope s) {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("storeTile")
            .addJavadoc(
                "Copies the tile's rows to c; a repeated last row rewrites the same values.\n")
            .addModifiers(PRIVATE, STATIC)
            .addParameter(s.workspace, "ws")
            .addParameter(float[].class, "c")
            .addParameter(int.class, "cOff")
            .addParameter(int.class, "cStride")
            .addParameter(int.class, "i")
            .addParameter(int.class, "width");
    m.addStatement(
        "$T.arraycopy(ws.$N, 0, c, cOff + i * cStride, width)", System.class, s.buffer("acc0"));
    for (int r = 1; r < s.plan.plainTiling().rowsPerTile(); r++) {
      m.addStatement(
          "$T.arraycopy(ws.$N, 0, c, cOff + Math.min(i + $L, $N - 1) * cStride, width)",
          System.class,
          s.buffer("acc" + r),
          r,
          s.field("TOKENS"));
    }
    return m.build();
  }

  // private static void linear(float[] in, int io, float[][] wT, float[] b, int m, float[] out,
  //     int oo, Workspace ws) {
  //   float[] acc = ws.outRow;
  //   for (int i = 0; i < TOKENS; i++) {
  //     System.arraycopy(b, 0, acc, 0, m);
  //     int x = io + i * DIM;
  //     for (int k = 0; k < DIM; k++) {
  //       float a = in[x + k];
  //       float[] w = wT[k];
  //       for (int j = 0; j < m; j++) {
  //         acc[j] += a * w[j];
  //       }
  //     }
  //     System.arraycopy(acc, 0, out, oo + i * m, m);
  //   }
  // }
  static Optional<MethodSpec> linear(Scope s) {
    if (!s.plan.has(StepKind.QKV_PROJECTION)) {
      return Optional.empty();
    }
    FieldSpec dim = s.field("DIM");
    return Optional.of(
        MethodSpec.methodBuilder("linear")
            .addJavadoc(
                "nn.Linear over TOKENS rows: out = in @ w.T + b, w given as the rows wT[k] of w.T.\n"
                    + "One output row at a time over its full width: long same-index loops vectorise best.\n")
            .addModifiers(PRIVATE, STATIC)
            .addParameter(float[].class, "in")
            .addParameter(int.class, "io")
            .addParameter(float[][].class, "wT")
            .addParameter(float[].class, "b")
            .addParameter(int.class, "m")
            .addParameter(float[].class, "out")
            .addParameter(int.class, "oo")
            .addParameter(s.workspace, "ws")
            .addStatement("float[] acc = $L", s.ws("outRow"))
            .beginControlFlow("for (int i = 0; i < $N; i++)", s.field("TOKENS"))
            .addStatement("$T.arraycopy(b, 0, acc, 0, m)", System.class)
            .addStatement("int x = io + i * $N", dim)
            .beginControlFlow("for (int k = 0; k < $N; k++)", dim)
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

  // private static void linearRows(float[] in, int io, int[] inRows, int ro, float[][] wT,
  //     float[] b, int m, float[] out, int oo, int[] outRows, Workspace ws) {
  //   float[] acc = ws.outRow;
  //   for (int i = 0; i < TOKENS; i++) {
  //     int x = inRows == null ? io + i * DIM : inRows[ro + i] < 0 ? -1 : io + inRows[ro + i] *
  // DIM;
  //     int o = outRows == null ? oo + i * m : outRows[ro + i] < 0 ? -1 : oo + outRows[ro + i] * m;
  //     if (o < 0) {
  //       continue;
  //     }
  //     System.arraycopy(b, 0, acc, 0, m);
  //     if (x >= 0) {
  //       for (int k = 0; k < DIM; k++) {
  //         ...
  //       }
  //     }
  //     System.arraycopy(acc, 0, out, o, m);
  //   }
  // }
  static Optional<MethodSpec> linearRows(Scope s) {
    if (!s.plan.hasFusedMaps()) {
      return Optional.empty();
    }
    FieldSpec dim = s.field("DIM");
    return Optional.of(
        MethodSpec.methodBuilder("linearRows")
            .addJavadoc(
                "linear with feature-map rows (one offset ro into both tables): input row i is inRows[ro + i] of the map at io"
                    + " (null: row i of a\n(TOKENS, DIM) block; negative: a zero padding token, whose"
                    + " output is the bias), output row i\ngoes to outRows[ro + i] of the map at oo"
                    + " (null: row i of a block; negative: cropped, not computed).\n")
            .addModifiers(PRIVATE, STATIC)
            .addParameter(float[].class, "in")
            .addParameter(int.class, "io")
            .addParameter(int[].class, "inRows")
            .addParameter(int.class, "ro")
            .addParameter(float[][].class, "wT")
            .addParameter(float[].class, "b")
            .addParameter(int.class, "m")
            .addParameter(float[].class, "out")
            .addParameter(int.class, "oo")
            .addParameter(int[].class, "outRows")
            .addParameter(s.workspace, "ws")
            .addStatement("float[] acc = $L", s.ws("outRow"))
            .beginControlFlow("for (int i = 0; i < $N; i++)", s.field("TOKENS"))
            .addStatement(
                "int x = inRows == null ? io + i * $N : inRows[ro + i] < 0 ? -1 : io + inRows[ro +"
                    + " i] * $N",
                dim,
                dim)
            .addStatement(
                "int o = outRows == null ? oo + i * m : outRows[ro + i] < 0 ? -1 : oo + outRows[ro +"
                    + " i] * m")
            .beginControlFlow("if (o < 0)")
            .addStatement("continue")
            .endControlFlow()
            .addStatement("$T.arraycopy(b, 0, acc, 0, m)", System.class)
            .beginControlFlow("if (x >= 0)")
            .beginControlFlow("for (int k = 0; k < $N; k++)", dim)
            .addStatement("float a = in[x + k]")
            .addStatement("float[] w = wT[k]")
            .beginControlFlow("for (int j = 0; j < m; j++)")
            .addStatement("acc[j] += a * w[j]")
            .endControlFlow()
            .endControlFlow()
            .endControlFlow()
            .addStatement("$T.arraycopy(acc, 0, out, o, m)", System.class)
            .endControlFlow()
            .build());
  }
}
