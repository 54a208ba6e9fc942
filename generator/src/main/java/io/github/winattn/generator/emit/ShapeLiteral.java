package io.github.winattn.generator.emit;

import com.squareup.javapoet.CodeBlock;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Window;

/** Java expressions that rebuild a shape, and float literals that round-trip exactly. */
final class ShapeLiteral {

  private ShapeLiteral() {}

  // AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 2, 2), 8,
  // 2).effectiveWindow(Window.of3d(1, 2, 2)).build()
  static CodeBlock of(AttentionShape s) {
    CodeBlock.Builder b =
        CodeBlock.builder()
            .add(
                "$T.builder($T.$L, $L, $L, $L)",
                Types.ATTENTION_SHAPE,
                Types.FAMILY,
                s.family().name(),
                window(s.window()),
                s.dim(),
                s.heads());
    AttentionShape defaults =
        AttentionShape.builder(s.family(), s.window(), s.dim(), s.heads()).build();
    if (!s.effectiveWindow().equals(s.window())) {
      b.add(".effectiveWindow($L)", window(s.effectiveWindow()));
    }
    if (!s.pretrainedWindow().equals(s.window())) {
      b.add(".pretrainedWindow($L)", window(s.pretrainedWindow()));
    }
    if (s.qkvBias() != defaults.qkvBias()) {
      b.add(".qkvBias($L)", s.qkvBias());
    }
    if (Float.compare(s.qkScale(), defaults.qkScale()) != 0) {
      b.add(".qkScale($L)", floatLiteral(s.qkScale()));
    }
    if (s.withQkv() != defaults.withQkv()) {
      b.add(".withQkv($L)", s.withQkv());
    }
    return b.add(".build()").build();
  }

  // Window.of3d(2, 2, 2)
  static CodeBlock window(Window w) {
    return switch (w.rank()) {
      case 1 -> CodeBlock.of("$T.of1d($L)", Types.WINDOW, w.width());
      case 2 -> CodeBlock.of("$T.of2d($L, $L)", Types.WINDOW, w.height(), w.width());
      default ->
          CodeBlock.of("$T.of3d($L, $L, $L)", Types.WINDOW, w.depth(), w.height(), w.width());
    };
  }

  /** {@code 0.17677669f}: {@link Float#toString} is the shortest text that reads back exactly. */
  static String floatLiteral(float v) {
    if (Float.isNaN(v) || Float.isInfinite(v)) {
      throw new IllegalArgumentException("no literal for non-finite float " + v);
    }
    return Float.toString(v) + "f";
  }
}
