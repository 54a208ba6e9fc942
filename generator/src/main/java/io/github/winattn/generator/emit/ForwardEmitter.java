package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.KernelPlan;

/** The {@code forward} of both variants: argument checks, then one call per window of the range. */
final class ForwardEmitter {

  private ForwardEmitter() {}

  // @Override
  // public void forward(float[] x, int xOffset, float[] out, int outOffset, Mask mask,
  //     int fromWindow, int toWindow) {
  //   KernelArguments.check(SHAPE, x, xOffset, out, outOffset, mask, fromWindow, toWindow, MASKED);
  //   Workspace ws = WORKSPACE.get();
  //   for (int b = fromWindow; b < toWindow; b++) {
  //     int maskOffset = mask.isPresent() ? mask.offset() + b % mask.windows() * TOKENS * TOKENS : -1;
  //     window(x, xOffset + b * TOKENS * DIM, mask.values(), maskOffset, out, outOffset + b * TOKENS * DIM, ws);
  //   }
  // }
  static void addForward(TypeSpec.Builder type, KernelPlan plan, ClassName self) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("forward")
        .addAnnotation(Override.class)
        .addModifiers(PUBLIC)
        .addParameter(float[].class, "x").addParameter(int.class, "xOffset")
        .addParameter(float[].class, "out").addParameter(int.class, "outOffset")
        .addParameter(Types.MASK, "mask")
        .addParameter(int.class, "fromWindow").addParameter(int.class, "toWindow")
        .addStatement("$T.check(SHAPE, x, xOffset, out, outOffset, mask, fromWindow, toWindow, MASKED)",
            Types.KERNEL_ARGUMENTS)
        .addStatement("$T ws = WORKSPACE.get()", self.nestedClass("Workspace"));
    if (plan.masked()) {
      m.addStatement("float[] maskValues = mask.values()");
    }
    m.beginControlFlow("for (int b = fromWindow; b < toWindow; b++)");
    if (plan.masked()) {
      m.addComment("mask window b % nW with the global window index b");
      m.addStatement("int maskOffset = mask.isPresent() ? mask.offset() + b % mask.windows() * TOKENS * TOKENS : -1");
      m.addStatement("window(x, xOffset + b * TOKENS * DIM, maskValues, maskOffset, out, "
          + "outOffset + b * TOKENS * DIM, ws)");
    } else {
      m.addStatement("window(x, xOffset + b * TOKENS * DIM, out, outOffset + b * TOKENS * DIM, ws)");
    }
    m.endControlFlow();
    type.addMethod(m.build());
  }

  /**
   * The signature both variants give their per-window method:
   * {@code private void window(float[] x, int xo[, float[] mask, int maskOffset], float[] out,
   * int oo, Workspace ws)}.
   */
  static MethodSpec.Builder windowMethod(KernelPlan plan, ClassName self) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("window")
        .addJavadoc("One window: x (TOKENS, DIM) from xo to out (TOKENS, DIM) from oo.\n")
        .addModifiers(PRIVATE)
        .addParameter(float[].class, "x").addParameter(int.class, "xo");
    addMaskParameters(m, plan);
    return m.addParameter(float[].class, "out").addParameter(int.class, "oo")
        .addParameter(self.nestedClass("Workspace"), "ws");
  }

  /** Adds {@code (float[] mask, int maskOffset)} when the plan is masked. */
  static void addMaskParameters(MethodSpec.Builder m, KernelPlan plan) {
    if (plan.masked()) {
      m.addParameter(float[].class, "mask").addParameter(int.class, "maskOffset");
    }
  }

  /** {@code ", mask, maskOffset"} when masked, else empty: the arguments matching the parameters. */
  static String maskArguments(KernelPlan plan) {
    return plan.masked() ? ", mask, maskOffset" : "";
  }
}
