package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.FusedMap;
import io.github.winattn.generator.plan.KernelPlan;
import java.util.Arrays;
import java.util.List;

/**
 * The fused feature-map entry both variants share ({@code FeatureMapKernel}): the configured maps
 * as constants, the region table of {@code compute_mask} per map and window class, the matching
 * {@code featureMap(geometry)} and {@code forwardWindow}, which hands one window to the variant's
 * {@code mapWindow} (loads and stores through the map's row table, no mask).
 */
final class FeatureMapEmitter {

  private FeatureMapEmitter() {}

  // private static final int[][] MAP_SIZE = {{4, 6}, {4, 6}};
  // ...
  // private static final int[][] MAP_SHIFT = {{0, 0}, {1, 1}};
  // ...
  // static final int CLASSES = 4;
  // ...
  // private static final int[] WINDOW_SIZE = {2, 2};                                (shifted maps)
  // ...
  // static final int REGION_STRIDE = KEYS;
  // ...
  // private static final float[] REGIONS = regionTable();
  static void addConstants(TypeSpec.Builder type, Scope s, boolean vector) {
    KernelPlan plan = s.plan;
    type.addField(
        s.addField(
            FieldSpec.builder(int[][].class, "MAP_SIZE", PRIVATE, STATIC, FINAL)
                .addJavadoc(
                    "Size per axis of each configured feature map: (H, W), (D, H, W) or (T, N).\n")
                .initializer(table(plan.fusedMaps().stream().map(FusedMap::size).toList()))
                .build()));
    type.addField(
        s.addField(
            FieldSpec.builder(int[][].class, "MAP_SHIFT", PRIVATE, STATIC, FINAL)
                .addJavadoc(
                    "Shift per window axis of each map after the official clamps (0: the block does not"
                        + " roll that axis).\n")
                .initializer(table(plan.fusedMaps().stream().map(FusedMap::shift).toList()))
                .build()));
    type.addField(
        s.addField(
            FieldSpec.builder(
                    ParameterizedTypeName.get(List.class, String.class),
                    "MAP_NAMES",
                    PRIVATE,
                    STATIC,
                    FINAL)
                .initializer(
                    "$T.of($L)",
                    List.class,
                    CodeBlock.join(
                        plan.fusedMaps().stream()
                            .map(m -> CodeBlock.of("$S", m.description()))
                            .toList(),
                        ", "))
                .build()));
    type.addField(
        s.addField(
            FieldSpec.builder(int.class, "CLASSES", STATIC, FINAL)
                .addJavadoc(
                    "Window classes per map: bit (rank - 1 - a) is set in the last window of a shifted"
                        + " axis a;\nclass 0 (interior) has one region.\n")
                .initializer("$L", plan.windowClasses())
                .build()));
    if (!plan.hasShiftedMaps()) {
      return;
    }
    type.addField(
        s.addField(
            FieldSpec.builder(int[].class, "WINDOW_SIZE", PRIVATE, STATIC, FINAL)
                .addJavadoc("Window size per axis, the first axis slowest.\n")
                .initializer(
                    "{$L}",
                    CodeBlock.join(
                        java.util.stream.IntStream.range(0, plan.shape().effectiveWindow().rank())
                            .mapToObj(
                                a -> CodeBlock.of("$L", plan.shape().effectiveWindow().size(a)))
                            .toList(),
                        ", "))
                .build()));
    type.addField(
        s.addField(
            FieldSpec.builder(int.class, "REGION_STRIDE", STATIC, FINAL)
                .addJavadoc(
                    vector
                        ? "Floats per row of REGIONS: whole vectors, like a score row.\n"
                        : "Floats per row of REGIONS.\n")
                .initializer("$N", s.field(vector ? "KEYS" : "TOKENS"))
                .build()));
    MethodSpec regionTable = regionTable(s);
    type.addMethod(regionTable);
    type.addField(
        s.addField(
            FieldSpec.builder(float[].class, "REGIONS", PRIVATE, STATIC, FINAL)
                .addJavadoc(
                    "(maps, CLASSES, REGION_STRIDE) region id of every token of a window of each class:"
                        + " the\nlabels of compute_mask; two tokens attend to each other only with"
                        + " equal ids.\n")
                .initializer("$N()", regionTable)
                .build()));
  }

  private static CodeBlock table(List<List<Integer>> rows) {
    return CodeBlock.of(
        "{$L}",
        CodeBlock.join(
            rows.stream()
                .map(
                    r ->
                        CodeBlock.of(
                            "{$L}",
                            CodeBlock.join(
                                r.stream().map(v -> CodeBlock.of("$L", v)).toList(), ", ")))
                .toList(),
            ", "));
  }

  // private static float[] regionTable() {
  //   float[] t = new float[MAP_SHIFT.length * CLASSES * REGION_STRIDE];
  //   for (int m = 0; m < MAP_SHIFT.length; m++) {
  //     for (int c = 0; c < CLASSES; c++) {
  //       for (int i = 0; i < TOKENS; i++) {
  //         int id = 0;
  //         int rest = i;
  //         // window_partition order: the last axis fastest
  //         for (int a = WINDOW_SIZE.length - 1; a >= 0; a--) {
  //           int u = rest % WINDOW_SIZE[a];
  //           rest /= WINDOW_SIZE[a];
  //           boolean last = (c & 1 << WINDOW_SIZE.length - 1 - a) != 0;
  //           id = id * 3 + (!last ? 0 : u < WINDOW_SIZE[a] - MAP_SHIFT[m][a] ? 1 : 2);
  //         }
  //         t[(m * CLASSES + c) * REGION_STRIDE + i] = id;
  //       }
  //     }
  //   }
  //   return t;
  // }
  private static MethodSpec regionTable(Scope s) {
    FieldSpec window = s.field("WINDOW_SIZE");
    FieldSpec shift = s.field("MAP_SHIFT");
    FieldSpec classes = s.field("CLASSES");
    FieldSpec stride = s.field("REGION_STRIDE");
    return MethodSpec.methodBuilder("regionTable")
        .addJavadoc(
            "img_mask of compute_mask, per window class: in the last window along a shifted axis of"
                + " length L,\nslice [L-w, L-s) has label 1 and [L-s, L) label 2 (window coordinate"
                + " u < w - s or not);\nevery other window lies in slice [0, L-w), label 0. Padding"
                + " keys of a row keep id 0; their\nbias is -inf.\n")
        .addModifiers(PRIVATE, STATIC)
        .returns(float[].class)
        .addStatement("float[] t = new float[$N.length * $N * $N]", shift, classes, stride)
        .beginControlFlow("for (int m = 0; m < $N.length; m++)", shift)
        .beginControlFlow("for (int c = 0; c < $N; c++)", classes)
        .beginControlFlow("for (int i = 0; i < $N; i++)", s.field("TOKENS"))
        .addStatement("int id = 0")
        .addStatement("int rest = i")
        .addComment("window_partition order: the last axis fastest")
        .beginControlFlow("for (int a = $N.length - 1; a >= 0; a--)", window)
        .addStatement("int u = rest % $N[a]", window)
        .addStatement("rest /= $N[a]", window)
        .addStatement("boolean last = (c & 1 << $N.length - 1 - a) != 0", window)
        .addStatement("id = id * 3 + (!last ? 0 : u < $N[a] - $N[m][a] ? 1 : 2)", window, shift)
        .endControlFlow()
        .addStatement("t[(m * $N + c) * $N + i] = id", classes, stride)
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .addStatement("return t")
        .build();
  }

  // @Override
  // public int featureMap(FeatureMapGeometry geometry) {
  //   // the family and the window tokens must be this kernel's (checked on binding too)
  //   if (geometry.family() != SHAPE.family() || geometry.tokens() != TOKENS) {
  //     return -1;
  //   }
  //   for (int m = 0; m < MAP_SIZE.length; m++) {
  //     if (Arrays.equals(geometry.size(), MAP_SIZE[m]) && Arrays.equals(geometry.shift(),
  // MAP_SHIFT[m])) {
  //       return m;
  //     }
  //   }
  //   return -1;
  // }
  static MethodSpec featureMap(Scope s) {
    FieldSpec size = s.field("MAP_SIZE");
    return MethodSpec.methodBuilder("featureMap")
        .addAnnotation(Override.class)
        .addModifiers(PUBLIC)
        .returns(int.class)
        .addParameter(Types.FEATURE_MAP_GEOMETRY, "geometry")
        .addComment(
            "the family and the window tokens must be this kernel's (checked on binding too)")
        .beginControlFlow(
            "if (geometry.family() != $N.family() || geometry.tokens() != $N)",
            s.field("SHAPE"),
            s.field("TOKENS"))
        .addStatement("return -1")
        .endControlFlow()
        .beginControlFlow("for (int m = 0; m < $N.length; m++)", size)
        .beginControlFlow(
            "if ($T.equals(geometry.size(), $N[m]) && $T.equals(geometry.shift(), $N[m]))",
            Arrays.class,
            size,
            Arrays.class,
            s.field("MAP_SHIFT"))
        .addStatement("return m")
        .endControlFlow()
        .endControlFlow()
        .addStatement("return -1")
        .build();
  }

  static MethodSpec featureMaps(Scope s) {
    return MethodSpec.methodBuilder("featureMaps")
        .addAnnotation(Override.class)
        .addModifiers(PUBLIC)
        .returns(ParameterizedTypeName.get(List.class, String.class))
        .addStatement("return $N", s.field("MAP_NAMES"))
        .build();
  }

  // @Override
  // public void forwardWindow(float[] x, int xBase, float[] out, int outBase, int[] rows, int ro,
  //     int map, int windowClass) {
  //   // attn_mask: nothing for an interior window (one region), else the region ids of its class
  //   int go = windowClass == 0 ? -1 : (map * CLASSES + windowClass) * REGION_STRIDE;
  //   mapWindow(x, xBase, out, outBase, rows, ro, go, WORKSPACE.get());
  // }
  static MethodSpec forwardWindow(Scope s, FieldSpec workspace, MethodSpec mapWindow) {
    MethodSpec.Builder m = forwardWindowSignature();
    if (s.plan.hasShiftedMaps()) {
      m.addComment(
          "attn_mask: nothing for an interior window (one region), else the region ids of its class");
      m.addStatement(
          "int go = windowClass == 0 ? -1 : (map * $N + windowClass) * $N",
          s.field("CLASSES"),
          s.field("REGION_STRIDE"));
      m.addStatement("$N(x, xBase, out, outBase, rows, ro, go, $N.get())", mapWindow, workspace);
    } else {
      m.addComment("no configured map shifts: every window has one region, no mask work");
      m.addStatement("$N(x, xBase, out, outBase, rows, ro, $N.get())", mapWindow, workspace);
    }
    return m.build();
  }

  // @Override
  // public void forwardWindow(float[] x, int xBase, float[] out, int outBase, int[] rows, int ro,
  //     int map, int windowClass) {
  //   // a group of one window
  //   Workspace ws = WORKSPACE.get();
  //   int[] one = ws.oneWindow;
  //   one[0] = xBase;
  //   one[1] = outBase;
  //   one[2] = ro;
  //   one[3] = windowClass;
  //   mapGroup(x, out, rows, map, one, 0, 1, ws);
  // }
  static MethodSpec forwardWindowAsGroup(Scope s, FieldSpec workspace, MethodSpec mapGroup) {
    return forwardWindowSignature()
        .addComment("a group of one window")
        .addStatement("$T ws = $N.get()", s.workspace, workspace)
        .addStatement("int[] one = ws.oneWindow")
        .addStatement("one[0] = xBase")
        .addStatement("one[1] = outBase")
        .addStatement("one[2] = ro")
        .addStatement("one[3] = windowClass")
        .addStatement("$N(x, out, rows, map, one, 0, 1, ws)", mapGroup)
        .build();
  }

  // @Override
  // public void forwardWindows(float[] x, float[] out, int[] rows, int map, int[] windows,
  //     int first, int count) {
  //   Workspace ws = WORKSPACE.get();
  //   for (int g = first; g < first + count; g += GROUP) {
  //     mapGroup(x, out, rows, map, windows, g, Math.min(GROUP, first + count - g), ws);
  //   }
  // }
  static MethodSpec forwardWindows(Scope s, FieldSpec workspace, MethodSpec mapGroup) {
    FieldSpec group = s.field("GROUP");
    return MethodSpec.methodBuilder("forwardWindows")
        .addAnnotation(Override.class)
        .addModifiers(PUBLIC)
        .addParameter(float[].class, "x")
        .addParameter(float[].class, "out")
        .addParameter(int[].class, "rows")
        .addParameter(int.class, "map")
        .addParameter(int[].class, "windows")
        .addParameter(int.class, "first")
        .addParameter(int.class, "count")
        .addStatement("$T ws = $N.get()", s.workspace, workspace)
        .beginControlFlow("for (int g = first; g < first + count; g += $N)", group)
        .addStatement(
            "$N(x, out, rows, map, windows, g, Math.min($N, first + count - g), ws)",
            mapGroup,
            group)
        .endControlFlow()
        .build();
  }

  // @Override
  // public int windowGroup() {
  //   return GROUP;
  // }
  static MethodSpec windowGroup(Scope s) {
    return MethodSpec.methodBuilder("windowGroup")
        .addAnnotation(Override.class)
        .addModifiers(PUBLIC)
        .returns(int.class)
        .addStatement("return $N", s.field("GROUP"))
        .build();
  }

  /** {@code FeatureMapKernel.forwardWindow}'s declaration, without a body. */
  private static MethodSpec.Builder forwardWindowSignature() {
    return MethodSpec.methodBuilder("forwardWindow")
        .addAnnotation(Override.class)
        .addModifiers(PUBLIC)
        .addParameter(float[].class, "x")
        .addParameter(int.class, "xBase")
        .addParameter(float[].class, "out")
        .addParameter(int.class, "outBase")
        .addParameter(int[].class, "rows")
        .addParameter(int.class, "ro")
        .addParameter(int.class, "map")
        .addParameter(int.class, "windowClass");
  }

  /** The parameters every {@code mapWindow} takes, in order; {@code go} only with shifted maps. */
  static MethodSpec.Builder mapWindowMethod(Scope s) {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("mapWindow")
            .addJavadoc(
                "One window of a feature map: token t is row rows[ro + t] of the image at xBase"
                    + " (negative:\na zero padding token), its output goes to the same row at outBase"
                    + " (none for padding).\n")
            .addModifiers(PRIVATE)
            .addParameter(float[].class, "x")
            .addParameter(int.class, "xBase")
            .addParameter(float[].class, "out")
            .addParameter(int.class, "outBase")
            .addParameter(int[].class, "rows")
            .addParameter(int.class, "ro");
    if (s.plan.hasShiftedMaps()) {
      m.addJavadoc(
          "go: offset of the window class's row in REGIONS, or -1 for one region (no mask work).\n");
      m.addParameter(int.class, "go");
    }
    return m.addParameter(s.workspace, "ws");
  }
}
