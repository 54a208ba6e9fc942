package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.BiasEncoding;
import io.github.winattn.generator.plan.Buffer;
import java.util.Arrays;

/**
 * The per-thread scratch of a kernel, exactly the plan's buffers: a nested {@code Workspace} and
 * its ThreadLocal.
 */
final class WorkspaceEmitter {

  private WorkspaceEmitter() {}

  // private static final ThreadLocal<Workspace> WORKSPACE =
  // ThreadLocal.withInitial(Workspace::new);
  // ...
  // /** Per-thread scratch, allocated once per thread and reused by every call. */
  // private static final class Workspace {
  //   /** (GROUP_ROWS, DIM) x of a window group, ...; rows >= TOKENS of each window stay zero. */
  //   final float[] x = new float[GROUP_ROWS * DIM + LANES];
  //   ...
  // }
  static FieldSpec declareBuffers(Scope s) {
    for (Buffer b : s.layout.buffers()) {
      CodeBlock size = s.expr(b.dims().get(0));
      FieldSpec.Builder f =
          b.dims().size() == 1
              ? FieldSpec.builder(float[].class, b.name(), FINAL).initializer("new float[$L]", size)
              : FieldSpec.builder(float[][].class, b.name(), FINAL)
                  .initializer("new float[$L][$L]", size, s.expr(b.dims().get(1)));
      s.addBuffer(f.addJavadoc("$L.\n", b.shape()).build());
    }
    ClassName ws = s.workspace;
    return FieldSpec.builder(
            ParameterizedTypeName.get(ClassName.get(ThreadLocal.class), ws),
            "WORKSPACE",
            PRIVATE,
            STATIC,
            FINAL)
        .initializer("$T.withInitial($T::new)", ThreadLocal.class, ws)
        .build();
  }

  static TypeSpec workspaceClass(Scope s) {
    TypeSpec.Builder ws =
        TypeSpec.classBuilder(s.workspace)
            .addJavadoc("Per-thread scratch, allocated once per thread and reused by every call.\n")
            .addModifiers(PRIVATE, STATIC, FINAL);
    for (Buffer b : s.layout.buffers()) {
      ws.addField(s.buffer(b.name()));
    }
    if (s.plan.hasFusedMaps() && s.layout == s.plan.vectorLayout()) {
      ws.addField(
          FieldSpec.builder(int[].class, "oneWindow", FINAL)
              .addJavadoc("The forwardWindows table of forwardWindow's single window.\n")
              .initializer("new int[$T.WINDOW_INTS]", Types.FEATURE_MAP_KERNEL)
              .build());
    }
    if (s.plan.biasEncoding() == BiasEncoding.GATHER && s.layout == s.plan.vectorLayout()) {
      FieldSpec row = s.buffer("biasRow");
      ws.addMethod(
          MethodSpec.constructorBuilder()
              .addStatement(
                  "$T.fill($N, $N, $N, Float.NEGATIVE_INFINITY)",
                  Arrays.class,
                  row,
                  s.field("TOKENS"),
                  s.field("KEYS"))
              .build());
    }
    return ws.build();
  }
}
