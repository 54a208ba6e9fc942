package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.KernelPlan;

/**
 * Matrix products of the vector kernel as register-tiled microkernels: {@code MR x NR}
 * accumulators live in vector registers for the whole k loop, B is read as k-major rows of
 * vectors (packed weight panels, transposed keys or v rows), A is broadcast one scalar per row.
 * Code size depends on MR and NR only, never on the shape.
 */
final class GemmEmitter {

  private GemmEmitter() {}

  static String driverName(Epilogue e) {
    return "gemm" + e.suffix;
  }

  static String tileName(int vectors, Epilogue e) {
    return "tile" + vectors + e.suffix;
  }

  /** Adds the driver and its tiles for {@code epilogue}. */
  static void addProduct(TypeSpec.Builder type, KernelPlan plan, Epilogue epilogue) {
    int nr = plan.tiling().vectorsPerTile();
    boolean packed = epilogue == Epilogue.BIAS && plan.tiling().packedProjectionInput();
    addDriver(type, nr, epilogue, packed);
    for (int w = nr; w >= 1; w--) {
      addTile(type, plan.tiling().rowsPerTile(), w, epilogue, packed);
    }
  }

  // private static void gemmBias(float[] a, int aOff, int aStride, float[] b, int bOff,
  //     int bPanelStep, int depth, int vectors, float[] c, int cOff, int cStride,
  //     float[] bias) {
  //   int v = 0;
  //   for (; v + NR <= vectors; v += NR) {
  //     for (int r = 0; r < ROWS; r += MR) {
  //       tile2Bias(a, aOff + r * aStride, aStride, b, bOff + v / NR * bPanelStep, depth,
  //           c, cOff + r * cStride + v * LANES, cStride, bias, v * LANES);
  //     }
  //   }
  //   if (vectors - v == 1) { ... tile1Bias(...) ... }
  // }
  private static void addDriver(TypeSpec.Builder type, int nr, Epilogue e, boolean packed) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(driverName(e))
        .addJavadoc("c[ROWS x vectors*LANES] = a[ROWS x depth] @ b[depth x vectors*LANES]$L.\n"
            + "Column vector v of b starts at bOff + v / NR * bPanelStep + v % NR * LANES; "
            + "rows of b are $L floats apart.\n",
            switch (e) {
              case NONE -> "";
              case BIAS -> " + bias";
              case SCALE -> " * scale";
              case ROW_SCALE -> ", row i times rowScale[i]";
            }, e.bStride)
        .addJavadoc(packed
            ? "a is interleaved by MR rows: row tile r / MR at aOff + r * aStride, (depth, MR) k-major.\n"
            : "")
        .addModifiers(PRIVATE, STATIC);
    addOperandParameters(m);
    m.addParameter(int.class, "vectors");
    addOutputParameters(m, e);
    m.addStatement("int v = 0");
    m.beginControlFlow("for (; v + NR <= vectors; v += NR)");
    addRowLoop(m, nr, e, packed);
    m.endControlFlow();
    for (int w = nr - 1; w >= 1; w--) {
      m.beginControlFlow("if (vectors - v == $L)", w);
      addRowLoop(m, w, e, packed);
      m.endControlFlow();
    }
    type.addMethod(m.build());
  }

  private static void addRowLoop(MethodSpec.Builder m, int width, Epilogue e, boolean packed) {
    m.beginControlFlow("for (int r = 0; r < ROWS; r += MR)");
    m.addStatement("$L(a, aOff + r * aStride, $Lb, bOff + v / NR * bPanelStep, depth, "
        + "c, cOff + r * cStride + v * LANES, cStride$L)", tileName(width, e), packed ? "" : "aStride, ", extraArguments(e));
    m.endControlFlow();
  }

  private static String extraArguments(Epilogue e) {
    return switch (e) {
      case NONE -> "";
      case BIAS -> ", bias, v * LANES";
      case SCALE -> ", scale";
      case ROW_SCALE -> ", rowScale, r";
    };
  }

  private static void addOperandParameters(MethodSpec.Builder m) {
    m.addParameter(float[].class, "a").addParameter(int.class, "aOff").addParameter(int.class, "aStride")
        .addParameter(float[].class, "b").addParameter(int.class, "bOff")
        .addParameter(int.class, "bPanelStep").addParameter(int.class, "depth");
  }

  private static void addOutputParameters(MethodSpec.Builder m, Epilogue e) {
    m.addParameter(float[].class, "c").addParameter(int.class, "cOff").addParameter(int.class, "cStride");
    if (e == Epilogue.BIAS) {
      m.addParameter(float[].class, "bias");
    } else if (e == Epilogue.SCALE) {
      m.addParameter(float.class, "scale");
    } else if (e == Epilogue.ROW_SCALE) {
      m.addParameter(float[].class, "rowScale");
    }
  }

  // private static void tile2Bias(float[] a, int aOff, int aStride, float[] b, int bOff,
  //     int depth, float[] c, int cOff, int cStride, float[] bias, int biasOff) {
  //   int a1 = aOff + aStride; ...
  //   FloatVector c00 = FloatVector.zero(SPECIES); ...
  //   for (int k = 0; k < depth; k++) {
  //     int bk = bOff + k * PANEL; // a constant stride per epilogue
  //     FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
  //     FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
  //     FloatVector x = FloatVector.broadcast(SPECIES, a[aOff + k]);
  //     c00 = x.fma(b0, c00);
  //     c01 = x.fma(b1, c01);
  //     x = FloatVector.broadcast(SPECIES, a[a1 + k]); ...
  //   }
  //   FloatVector e0 = FloatVector.fromArray(SPECIES, bias, biasOff); ...
  //   c00.add(e0).intoArray(c, cOff); ...
  // }
  private static void addTile(TypeSpec.Builder type, int mr, int width, Epilogue e, boolean packed) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(tileName(width, e))
        .addJavadoc("One register tile: $L rows x $L vector(s), accumulators held across the k loop$L.\n",
            mr, width, packed ? "; a interleaved by MR rows" : "")
        .addModifiers(PRIVATE, STATIC);
    m.addParameter(float[].class, "a").addParameter(int.class, "aOff");
    if (!packed) {
      m.addParameter(int.class, "aStride");
    }
    m.addParameter(float[].class, "b").addParameter(int.class, "bOff").addParameter(int.class, "depth")
        .addParameter(float[].class, "c").addParameter(int.class, "cOff").addParameter(int.class, "cStride");
    if (e == Epilogue.BIAS) {
      m.addParameter(float[].class, "bias").addParameter(int.class, "biasOff");
    } else if (e == Epilogue.SCALE) {
      m.addParameter(float.class, "scale");
    } else if (e == Epilogue.ROW_SCALE) {
      m.addParameter(float[].class, "rowScale").addParameter(int.class, "rowOff");
    }
    for (int r = 1; r < mr && !packed; r++) {
      m.addStatement("int a$L = a$L + aStride", r, r == 1 ? "Off" : r - 1);
    }
    for (int r = 0; r < mr; r++) {
      for (int v = 0; v < width; v++) {
        m.addStatement("$T c$L$L = $T.zero(SPECIES)", Types.FLOAT_VECTOR, r, v, Types.FLOAT_VECTOR);
      }
    }
    m.beginControlFlow("for (int k = 0; k < depth; k++)");
    m.addStatement("int bk = bOff + k * $L", e.bStride);
    if (packed) {
      m.addStatement("int ak = aOff + k * MR");
    }
    for (int v = 0; v < width; v++) {
      m.addStatement("$T b$L = $T.fromArray(SPECIES, b, bk$L)", Types.FLOAT_VECTOR, v,
          Types.FLOAT_VECTOR, v == 0 ? "" : " + " + lanes(v));
    }
    for (int r = 0; r < mr; r++) {
      String element = packed ? (r == 0 ? "ak" : "ak + " + r) : (r == 0 ? "aOff + k" : "a" + r + " + k");
      m.addStatement("$L$T.broadcast(SPECIES, a[$L])",
          r == 0 ? "FloatVector x = " : "x = ", Types.FLOAT_VECTOR, element);
      for (int v = 0; v < width; v++) {
        m.addStatement("c$L$L = x.fma(b$L, c$L$L)", r, v, v, r, v);
      }
    }
    m.endControlFlow();
    if (e == Epilogue.BIAS) {
      for (int v = 0; v < width; v++) {
        m.addStatement("$T e$L = $T.fromArray(SPECIES, bias, biasOff$L)", Types.FLOAT_VECTOR, v,
            Types.FLOAT_VECTOR, v == 0 ? "" : " + " + lanes(v));
      }
    }
    for (int r = 0; r < mr; r++) {
      if (r > 0) {
        m.addStatement("cOff += cStride");
      }
      for (int v = 0; v < width; v++) {
        CodeBlock value = switch (e) {
          case NONE -> CodeBlock.of("c$L$L", r, v);
          case BIAS -> CodeBlock.of("c$L$L.add(e$L)", r, v, v);
          case SCALE -> CodeBlock.of("c$L$L.mul(scale)", r, v);
          case ROW_SCALE -> CodeBlock.of("c$L$L.mul(rowScale[rowOff$L])", r, v, r == 0 ? "" : " + " + r);
        };
        m.addStatement("$L.intoArray(c, cOff$L)", value, v == 0 ? "" : " + " + lanes(v));
      }
    }
    type.addMethod(m.build());
  }

  private static String lanes(int v) {
    return v == 1 ? "LANES" : v + " * LANES";
  }
}
