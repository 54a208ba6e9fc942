package io.github.winattn.model.layers;

import io.github.winattn.registry.VectorSupport;

/**
 * Which {@link MatMul} a model's layers use: {@link #AUTO} (the Vector API tiles when {@code
 * jdk.incubator.vector} is in the boot layer, else plain Java), or one of them explicitly.
 */
public enum MatMulKind {
  /** {@link #VECTOR} when {@link VectorSupport#inBootLayer()}, else {@link #PLAIN}. */
  AUTO,
  /** {@link Linear}: plain Java that C2 auto-vectorises; runs on every JVM. */
  PLAIN,
  /** Vector API register tiles; needs {@value VectorSupport#FLAG}. */
  VECTOR;

  /** {@link #PLAIN} or {@link #VECTOR}: what {@link #AUTO} means in this JVM, else this. */
  public MatMulKind resolve() {
    if (this == AUTO) {
      return VectorSupport.inBootLayer() ? VECTOR : PLAIN;
    }
    return this;
  }

  /**
   * A matrix product of this kind for {@code weight (out, in)} (row-major, as PyTorch stores it)
   * and {@code bias} ({@code out} values, or none for {@code bias=False}).
   *
   * @throws IllegalStateException for {@link #VECTOR} when the Vector API is not in the boot layer
   */
  public MatMul create(float[] weight, float[] bias, int in, int out) {
    MatMulKind k = resolve();
    if (k == PLAIN) {
      return new Linear(weight, bias, in, out);
    }
    if (!VectorSupport.inBootLayer()) {
      throw new IllegalStateException(
          "matrix product 'vector' needs "
              + VectorSupport.MODULE
              + " in the boot layer: run java with "
              + VectorSupport.FLAG
              + ", or choose 'plain' or 'auto'");
    }
    // The only reference to a class that uses jdk.incubator.vector; reached only after the check.
    return new VectorLinear(weight, bias, in, out);
  }
}
