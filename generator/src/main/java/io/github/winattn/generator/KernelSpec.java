package io.github.winattn.generator;

import io.github.winattn.shape.AttentionShape;

/**
 * One kernel to generate: a shape, whether it accepts a shifted-window mask, and its class name.
 *
 * @param shape the shape to specialise for
 * @param masked whether the kernel accepts a mask (a kernel without one rejects masked calls)
 * @param className simple class name stem of the generated classes; empty for the default from
 *     {@link KernelNaming}
 */
public record KernelSpec(AttentionShape shape, boolean masked, String className) {

  public KernelSpec {
    if (shape == null) {
      throw new IllegalArgumentException("shape == null");
    }
    if (className == null) {
      throw new IllegalArgumentException("className == null (use \"\" for the default name)");
    }
    if (!className.isEmpty() && !javax.lang.model.SourceVersion.isName(className)) {
      throw new IllegalArgumentException("class name '" + className + "' is not a Java identifier");
    }
  }

  public static KernelSpec of(AttentionShape shape, boolean masked) {
    return new KernelSpec(shape, masked, "");
  }
}
