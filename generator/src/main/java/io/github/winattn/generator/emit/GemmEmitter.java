package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.NameAllocator;
import com.squareup.javapoet.ParameterSpec;
import io.github.winattn.generator.plan.Epilogue;
import io.github.winattn.generator.plan.Product;
import java.util.ArrayList;
import java.util.List;

/**
 * Matrix products of the vector kernel as register-tiled microkernels: {@code MR x NR} accumulators
 * live in vector registers for the whole k loop, B is read as k-major rows of vectors (packed
 * weight panels, transposed keys or v rows), A is broadcast one scalar per row. Code size depends
 * on MR and NR only, never on the shape.
 */
final class GemmEmitter {

  private GemmEmitter() {}

  /** The routine of one {@link Product}: its driver, which callers invoke, then its tiles. */
  record Routine(MethodSpec driver, List<MethodSpec> tiles) {}

  private static String suffix(Epilogue e) {
    return switch (e) {
      case NONE -> "";
      case BIAS -> "Bias";
      case SCALE -> "Scaled";
      case ROW_SCALE -> "RowScaled";
    };
  }

  static Routine routine(Scope s, Product p) {
    List<Integer> widths = p.tileWidths(s.plan.budgets().maxLanes());
    List<MethodSpec> main = new ArrayList<>();
    for (int w : widths) {
      main.add(tile(s, p, w));
    }
    List<MethodSpec> remainder = new ArrayList<>();
    if (!p.wholePanels()) {
      // one width only (checked below): tiles narrower than it for the last vectors
      for (int w = widths.get(0) - 1; w >= 1; w--) {
        remainder.add(tile(s, p, w));
      }
    }
    if (widths.size() > 1 && !p.wholePanels()) {
      throw new IllegalArgumentException(
          "a product whose tile width depends on the vector width must cover whole panels");
    }
    List<MethodSpec> tiles = new ArrayList<>(main);
    tiles.addAll(remainder);
    return new Routine(driver(s, p, widths, main, remainder), tiles);
  }

  // private static void gemm(int rows, float[] a, int aOff, int aStride, float[] b, int bOff,
  //     int bPanelStep, int depth, int vectors, float[] c, int cOff, int cStride) {
  //   int v = 0;
  //   for (; v + NR <= vectors; v += NR) {
  //     for (int r = 0; r < rows; r += MR) {
  //       tile2(a, aOff + r * aStride, aStride, b, bOff + v / NR * bPanelStep, depth, c, cOff + r *
  // cStride + v * LANES, cStride);
  //     }
  //   }
  //   if (vectors - v == 1) {  (remainder tiles, not for whole panels)
  //     for (int r = 0; r < rows; r += MR) {
  //       tile1(a, aOff + r * aStride, aStride, b, bOff + v / NR * bPanelStep, depth, c, cOff + r *
  // cStride + v * LANES, cStride);
  //     }
  //   }
  // }
  private static MethodSpec driver(
      Scope s, Product p, List<Integer> widths, List<MethodSpec> main, List<MethodSpec> remainder) {
    Epilogue e = p.epilogue();
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("gemm" + suffix(e))
            .addJavadoc(
                "c[rows x vectors*LANES] = a[rows x depth] @ b[depth x vectors*LANES]$L;"
                    + " rows is a multiple of MR.\n"
                    + "Panels outer, rows inner: each panel of b serves all rows before the next"
                    + " is read.\n"
                    + "Column vector v of b starts at bOff + v / $N * bPanelStep + v % $N * LANES; "
                    + "rows of b are $N floats apart.\n",
                switch (e) {
                  case NONE -> "";
                  case BIAS -> " + bias";
                  case SCALE -> " * scale";
                  case ROW_SCALE -> ", row i times rowScale[i]";
                },
                s.field(p.tileVectors()),
                s.field(p.tileVectors()),
                s.field(p.bRowStride()))
            .addJavadoc(
                p.interleavedA()
                    ? "a is interleaved by MR rows: row tile r / MR at aOff + r * aStride, (depth, MR) k-major.\n"
                    : "")
            .addJavadoc(
                p.wholePanels()
                    ? CodeBlock.of(
                        "vectors is a multiple of $N (strides padded to whole panels).\n",
                        s.field(p.tileVectors()))
                    : CodeBlock.of(""))
            .addModifiers(PRIVATE, STATIC);
    m.addParameter(int.class, "rows")
        .addParameter(float[].class, "a")
        .addParameter(int.class, "aOff")
        .addParameter(int.class, "aStride")
        .addParameter(float[].class, "b")
        .addParameter(int.class, "bOff")
        .addParameter(int.class, "bPanelStep")
        .addParameter(int.class, "depth");
    if (e == Epilogue.BIAS) {
      // column vectors [fromVector, vectors): a range of whole panels (the window split's part)
      m.addParameter(int.class, "fromVector");
    }
    m.addParameter(int.class, "vectors")
        .addParameter(float[].class, "c")
        .addParameter(int.class, "cOff")
        .addParameter(int.class, "cStride");
    switch (e) {
      case BIAS -> m.addParameter(float[].class, "bias");
      case SCALE -> m.addParameter(float.class, "scale");
      case ROW_SCALE -> m.addParameter(float[].class, "rowScale");
      default -> {}
    }
    FieldSpec nr = s.field(p.tileVectors());
    m.addStatement(e == Epilogue.BIAS ? "int v = fromVector" : "int v = 0");
    if (widths.size() == 1) {
      m.beginControlFlow("for (; v + $N <= vectors; v += $N)", nr, nr);
      addRowLoop(s, m, main.get(0), p);
      m.endControlFlow();
    } else {
      // a tile width that depends on the vector width (PROJ_NR): one guarded loop per width,
      //   if (PROJ_NR == 3) { for (; v + 3 <= vectors; v += 3) { ... tile3Bias(...) ... } }
      // PROJ_NR is a constant once the class has loaded, so C2 keeps only this machine's loop
      for (int i = 0; i < widths.size(); i++) {
        int w = widths.get(i);
        m.beginControlFlow("if ($N == $L)", nr, w);
        m.beginControlFlow("for (; v + $L <= vectors; v += $L)", w, w);
        addRowLoop(s, m, main.get(i), p);
        m.endControlFlow();
        m.endControlFlow();
      }
    }
    for (int i = 0; i < remainder.size(); i++) {
      m.beginControlFlow("if (vectors - v == $L)", remainder.size() - i);
      addRowLoop(s, m, remainder.get(i), p);
      m.endControlFlow();
    }
    return m.build();
  }

  private static void addRowLoop(Scope s, MethodSpec.Builder m, MethodSpec tile, Product p) {
    FieldSpec lanes = s.field("LANES");
    List<CodeBlock> args = new ArrayList<>();
    args.add(CodeBlock.of("a"));
    args.add(CodeBlock.of("aOff + r * aStride"));
    if (!p.interleavedA()) {
      args.add(CodeBlock.of("aStride"));
    }
    args.add(CodeBlock.of("b"));
    args.add(CodeBlock.of("bOff + v / $N * bPanelStep", s.field(p.tileVectors())));
    args.add(CodeBlock.of("depth"));
    args.add(CodeBlock.of("c"));
    args.add(CodeBlock.of("cOff + r * cStride + v * $N", lanes));
    args.add(CodeBlock.of("cStride"));
    switch (p.epilogue()) {
      case BIAS -> {
        args.add(CodeBlock.of("bias"));
        args.add(CodeBlock.of("v * $N", lanes));
      }
      case SCALE -> args.add(CodeBlock.of("scale"));
      case ROW_SCALE -> {
        args.add(CodeBlock.of("rowScale"));
        args.add(CodeBlock.of("r"));
      }
      default -> {}
    }
    m.beginControlFlow("for (int r = 0; r < rows; r += $N)", s.field("MR"));
    m.addStatement("$N($L)", tile, CodeBlock.join(args, ", "));
    m.endControlFlow();
  }

  // private static void tile2Bias(float[] a, int aOff, int aStride, float[] b, int bOff, int depth,
  //     float[] c, int cOff, int cStride, float[] bias, int biasOff) {
  //   int a1 = aOff + aStride; ...
  //   FloatVector c00 = FloatVector.zero(SPECIES); ...
  //   for (int k = 0; k < depth; k++) {
  //     int bk = bOff + k * WEIGHT_PANEL;
  //     FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
  //     FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
  //     FloatVector x = FloatVector.broadcast(SPECIES, a[aOff + k]);
  //     c00 = x.fma(b0, c00);
  //     c01 = x.fma(b1, c01);
  //     x = FloatVector.broadcast(SPECIES, a[a1 + k]); ...
  //   }
  //   FloatVector e0 = FloatVector.fromArray(SPECIES, bias, biasOff); ...
  //   c00.add(e0).intoArray(c, cOff);
  //   c01.add(e1).intoArray(c, cOff + LANES);
  //   cOff += cStride; ...
  // }
  private static MethodSpec tile(Scope s, Product p, int width) {
    int mr = s.plan.tiling().rowsPerTile();
    boolean packed = p.interleavedA();
    Epilogue e = p.epilogue();
    FieldSpec species = s.field("SPECIES");
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("tile" + width + suffix(e))
            .addJavadoc(
                "$L x $L accumulator vectors held across the k loop$L.\n",
                mr,
                width,
                packed ? "; a interleaved by MR rows" : "")
            .addModifiers(PRIVATE, STATIC);
    NameAllocator names = new NameAllocator();
    ParameterSpec a = param(m, names, float[].class, "a");
    ParameterSpec aOff = param(m, names, int.class, "aOff");
    ParameterSpec aStride = packed ? null : param(m, names, int.class, "aStride");
    ParameterSpec b = param(m, names, float[].class, "b");
    ParameterSpec bOff = param(m, names, int.class, "bOff");
    ParameterSpec depth = param(m, names, int.class, "depth");
    ParameterSpec c = param(m, names, float[].class, "c");
    ParameterSpec cOff = param(m, names, int.class, "cOff");
    ParameterSpec cStride = param(m, names, int.class, "cStride");
    ParameterSpec extra = null;
    ParameterSpec extraOff = null;
    switch (e) {
      case BIAS -> {
        extra = param(m, names, float[].class, "bias");
        extraOff = param(m, names, int.class, "biasOff");
      }
      case SCALE -> extra = param(m, names, float.class, "scale");
      case ROW_SCALE -> {
        extra = param(m, names, float[].class, "rowScale");
        extraOff = param(m, names, int.class, "rowOff");
      }
      default -> {}
    }
    // row r of a: aOff, a1, a2, ... (strided rows) or ak + r (interleaved rows)
    String[] rowStart = new String[mr];
    rowStart[0] = aOff.name;
    for (int r = 1; r < mr && !packed; r++) {
      rowStart[r] = names.newName("a" + r);
      m.addStatement("int $N = $N + $N", rowStart[r], rowStart[r - 1], aStride);
    }
    String[][] acc = new String[mr][width];
    for (int r = 0; r < mr; r++) {
      for (int v = 0; v < width; v++) {
        acc[r][v] = names.newName("c" + r + v);
        m.addStatement(
            "$T $N = $T.zero($N)", Types.FLOAT_VECTOR, acc[r][v], Types.FLOAT_VECTOR, species);
      }
    }
    String k = names.newName("k");
    String bk = names.newName("bk");
    String ak = packed ? names.newName("ak") : null;
    String[] bv = new String[width];
    for (int v = 0; v < width; v++) {
      bv[v] = names.newName("b" + v);
    }
    String x = names.newName("x");
    m.beginControlFlow("for (int $N = 0; $N < $N; $N++)", k, k, depth, k);
    m.addStatement("int $N = $N + $N * $N", bk, bOff, k, s.field(p.bRowStride()));
    if (packed) {
      m.addStatement("int $N = $N + $N * $N", ak, aOff, k, s.field("MR"));
    }
    for (int v = 0; v < width; v++) {
      m.addStatement(
          "$T $N = $T.fromArray($N, $N, $N$L)",
          Types.FLOAT_VECTOR,
          bv[v],
          Types.FLOAT_VECTOR,
          species,
          b,
          bk,
          lanes(s, v));
    }
    for (int r = 0; r < mr; r++) {
      CodeBlock element =
          packed
              ? (r == 0 ? CodeBlock.of("$N", ak) : CodeBlock.of("$N + $L", ak, r))
              : CodeBlock.of("$N + $N", rowStart[r], k);
      m.addStatement(
          r == 0 ? "$T $N = $T.broadcast($N, $N[$L])" : "$N = $T.broadcast($N, $N[$L])",
          r == 0
              ? new Object[] {Types.FLOAT_VECTOR, x, Types.FLOAT_VECTOR, species, a, element}
              : new Object[] {x, Types.FLOAT_VECTOR, species, a, element});
      for (int v = 0; v < width; v++) {
        m.addStatement("$N = $N.fma($N, $N)", acc[r][v], x, bv[v], acc[r][v]);
      }
    }
    m.endControlFlow();
    String[] ev = new String[width];
    if (e == Epilogue.BIAS) {
      for (int v = 0; v < width; v++) {
        ev[v] = names.newName("e" + v);
        m.addStatement(
            "$T $N = $T.fromArray($N, $N, $N$L)",
            Types.FLOAT_VECTOR,
            ev[v],
            Types.FLOAT_VECTOR,
            species,
            extra,
            extraOff,
            lanes(s, v));
      }
    }
    for (int r = 0; r < mr; r++) {
      if (r > 0) {
        m.addStatement("$N += $N", cOff, cStride);
      }
      for (int v = 0; v < width; v++) {
        CodeBlock value =
            switch (e) {
              case NONE -> CodeBlock.of("$N", acc[r][v]);
              case BIAS -> CodeBlock.of("$N.add($N)", acc[r][v], ev[v]);
              case SCALE -> CodeBlock.of("$N.mul($N)", acc[r][v], extra);
              case ROW_SCALE ->
                  CodeBlock.of(
                      "$N.mul($N[$N$L])", acc[r][v], extra, extraOff, r == 0 ? "" : " + " + r);
            };
        m.addStatement("$L.intoArray($N, $N$L)", value, c, cOff, lanes(s, v));
      }
    }
    return m.build();
  }

  private static ParameterSpec param(
      MethodSpec.Builder m, NameAllocator names, Class<?> type, String name) {
    ParameterSpec p = ParameterSpec.builder(type, names.newName(name)).build();
    m.addParameter(p);
    return p;
  }

  /** {@code ""}, {@code " + LANES"}, {@code " + 2 * LANES"}: the offset of vector v of a row. */
  private static CodeBlock lanes(Scope s, int v) {
    return switch (v) {
      case 0 -> CodeBlock.of("");
      case 1 -> CodeBlock.of(" + $N", s.field("LANES"));
      default -> CodeBlock.of(" + $L * $N", v, s.field("LANES"));
    };
  }
}
