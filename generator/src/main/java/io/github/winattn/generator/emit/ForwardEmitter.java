package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code forward} of both variants: argument checks, then one call per window of the range
 * (plain) or per group of up to GROUP consecutive windows (vector).
 */
final class ForwardEmitter {

  private ForwardEmitter() {}

  /**
   * The per-window method both variants have, {@code private void window(float[] x, int xo[,
   * float[] mask, int maskOffset], float[] out, int oo, Workspace ws)}, and its parameters for the
   * body to refer to.
   */
  record Window(
      MethodSpec.Builder method,
      ParameterSpec x,
      ParameterSpec xo,
      Optional<Mask> mask,
      ParameterSpec out,
      ParameterSpec oo,
      ParameterSpec ws) {}

  /** The mask window of a masked kernel: values and offset, {@code maskOffset < 0} for no mask. */
  record Mask(ParameterSpec values, ParameterSpec offset) {
    /** Adds these parameters to {@code m}. */
    void addTo(MethodSpec.Builder m) {
      m.addParameter(values).addParameter(offset);
    }
  }

  static Optional<Mask> mask(Scope s) {
    return s.plan.masked()
        ? Optional.of(
            new Mask(
                ParameterSpec.builder(float[].class, "mask").build(),
                ParameterSpec.builder(int.class, "maskOffset").build()))
        : Optional.empty();
  }

  static Window windowMethod(Scope s) {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("window")
            .addJavadoc("One window: x (TOKENS, DIM) from xo to out (TOKENS, DIM) from oo.\n")
            .addModifiers(PRIVATE);
    ParameterSpec x = ParameterSpec.builder(float[].class, "x").build();
    ParameterSpec xo = ParameterSpec.builder(int.class, "xo").build();
    m.addParameter(x).addParameter(xo);
    Optional<Mask> mask = mask(s);
    mask.ifPresent(k -> k.addTo(m));
    ParameterSpec out = ParameterSpec.builder(float[].class, "out").build();
    ParameterSpec oo = ParameterSpec.builder(int.class, "oo").build();
    ParameterSpec ws = ParameterSpec.builder(s.workspace, "ws").build();
    m.addParameter(out).addParameter(oo).addParameter(ws);
    return new Window(m, x, xo, mask, out, oo, ws);
  }

  /**
   * The per-group method of the vector variant, {@code private void group(float[] x, int xo[, Mask
   * mask, int b], int count, float[] out, int oo, Workspace ws)}: windows {@code b .. b + count -
   * 1}, and its parameters for the body to refer to.
   */
  record Group(
      MethodSpec.Builder method,
      ParameterSpec x,
      ParameterSpec xo,
      Optional<GroupMask> mask,
      ParameterSpec count,
      ParameterSpec out,
      ParameterSpec oo,
      ParameterSpec ws) {}

  /** The mask of a masked grouped kernel and the global index of the group's first window. */
  record GroupMask(ParameterSpec mask, ParameterSpec first) {}

  static Group groupMethod(Scope s) {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("group")
            .addJavadoc(
                "Windows b .. b + count - 1, 1 <= count <= GROUP: x (count * TOKENS, DIM) from xo"
                    + " to out from oo.\n")
            .addModifiers(PRIVATE);
    ParameterSpec x = ParameterSpec.builder(float[].class, "x").build();
    ParameterSpec xo = ParameterSpec.builder(int.class, "xo").build();
    m.addParameter(x).addParameter(xo);
    Optional<GroupMask> mask = Optional.empty();
    if (s.plan.masked()) {
      GroupMask k =
          new GroupMask(
              ParameterSpec.builder(Types.MASK, "mask").build(),
              ParameterSpec.builder(int.class, "b").build());
      m.addParameter(k.mask()).addParameter(k.first());
      mask = Optional.of(k);
    }
    ParameterSpec count = ParameterSpec.builder(int.class, "count").build();
    ParameterSpec out = ParameterSpec.builder(float[].class, "out").build();
    ParameterSpec oo = ParameterSpec.builder(int.class, "oo").build();
    ParameterSpec ws = ParameterSpec.builder(s.workspace, "ws").build();
    m.addParameter(count).addParameter(out).addParameter(oo).addParameter(ws);
    return new Group(m, x, xo, mask, count, out, oo, ws);
  }

  // @Override
  // public void forward(float[] x, int xOffset, float[] out, int outOffset, Mask mask,
  //     int fromWindow, int toWindow) {
  //   KernelArguments.check(SHAPE, x, xOffset, out, outOffset, mask, fromWindow, toWindow, MASKED);
  //   Workspace ws = WORKSPACE.get();
  //   for (int b = fromWindow; b < toWindow; b += GROUP) {
  //     // windows b .. b + count - 1: a whole group, or what is left of the range
  //     int count = Math.min(GROUP, toWindow - b);
  //     group(x, xOffset + b * TOKENS * DIM, mask, b, count, out, outOffset + b * TOKENS * DIM,
  //         ws);
  //   }
  // }
  static MethodSpec forwardGroups(Scope s, FieldSpec workspace, MethodSpec group) {
    FieldSpec tokens = s.field("TOKENS");
    FieldSpec dim = s.field("DIM");
    FieldSpec size = s.field("GROUP");
    MethodSpec.Builder m = forwardSignature(s, workspace);
    m.beginControlFlow("for (int b = fromWindow; b < toWindow; b += $N)", size);
    m.addComment("windows b .. b + count - 1: a whole group, or what is left of the range");
    m.addStatement("int count = $T.min($N, toWindow - b)", Math.class, size);
    List<CodeBlock> args = new ArrayList<>();
    args.add(CodeBlock.of("x"));
    args.add(CodeBlock.of("xOffset + b * $N * $N", tokens, dim));
    if (s.plan.masked()) {
      args.add(CodeBlock.of("mask"));
      args.add(CodeBlock.of("b"));
    }
    args.add(CodeBlock.of("count"));
    args.add(CodeBlock.of("out"));
    args.add(CodeBlock.of("outOffset + b * $N * $N", tokens, dim));
    args.add(CodeBlock.of("ws"));
    m.addStatement("$N($L)", group, CodeBlock.join(args, ", "));
    m.endControlFlow();
    return m.build();
  }

  /** {@code forward}'s signature, its argument check and the workspace lookup. */
  private static MethodSpec.Builder forwardSignature(Scope s, FieldSpec workspace) {
    return MethodSpec.methodBuilder("forward")
        .addAnnotation(Override.class)
        .addModifiers(PUBLIC)
        .addParameter(float[].class, "x")
        .addParameter(int.class, "xOffset")
        .addParameter(float[].class, "out")
        .addParameter(int.class, "outOffset")
        .addParameter(Types.MASK, "mask")
        .addParameter(int.class, "fromWindow")
        .addParameter(int.class, "toWindow")
        .addStatement(
            "$T.check($N, x, xOffset, out, outOffset, mask, fromWindow, toWindow, $N)",
            Types.KERNEL_ARGUMENTS,
            s.field("SHAPE"),
            s.field("MASKED"))
        .addStatement("$T ws = $N.get()", s.workspace, workspace);
  }

  // @Override
  // public void forward(float[] x, int xOffset, float[] out, int outOffset, Mask mask,
  //     int fromWindow, int toWindow) {
  //   KernelArguments.check(SHAPE, x, xOffset, out, outOffset, mask, fromWindow, toWindow, MASKED);
  //   Workspace ws = WORKSPACE.get();
  //   float[] maskValues = mask.values();                                  (masked)
  //   for (int b = fromWindow; b < toWindow; b++) {
  //     // mask window b % nW with the global window index b
  //     int maskOffset = mask.isPresent() ? mask.offset() + b % mask.windows() * TOKENS * TOKENS :
  // -1;
  //     window(x, xOffset + b * TOKENS * DIM, maskValues, maskOffset, out, outOffset + b * TOKENS *
  // DIM, ws);
  //   }
  // }
  static MethodSpec forward(Scope s, FieldSpec workspace, MethodSpec window) {
    FieldSpec tokens = s.field("TOKENS");
    FieldSpec dim = s.field("DIM");
    MethodSpec.Builder m = forwardSignature(s, workspace);
    if (s.plan.masked()) {
      m.addStatement("float[] maskValues = mask.values()");
    }
    m.beginControlFlow("for (int b = fromWindow; b < toWindow; b++)");
    List<CodeBlock> args = new ArrayList<>();
    args.add(CodeBlock.of("x"));
    args.add(CodeBlock.of("xOffset + b * $N * $N", tokens, dim));
    if (s.plan.masked()) {
      m.addComment("mask window b % nW with the global window index b");
      m.addStatement(
          "int maskOffset = mask.isPresent() ? mask.offset() + b % mask.windows() * $N * $N : -1",
          tokens, tokens);
      args.add(CodeBlock.of("maskValues"));
      args.add(CodeBlock.of("maskOffset"));
    }
    args.add(CodeBlock.of("out"));
    args.add(CodeBlock.of("outOffset + b * $N * $N", tokens, dim));
    args.add(CodeBlock.of("ws"));
    m.addStatement("$N($L)", window, CodeBlock.join(args, ", "));
    m.endControlFlow();
    return m.build();
  }
}
