package io.github.winattn.model.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gelu#gelu} as Vector API lanes, in place on stored rows of a matrix product's output: the
 * same operations in the same order, so the same floats. One routine for {@link VectorLinear}'s
 * GELU epilogue and the generated MLP block kernels' {@code fc1}, so the two cannot drift apart.
 */
public final class VectorGelu {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private static final float SQRT1_2 = 0.70710678118654752f;

  private VectorGelu() {}

  /**
   * {@code y = gelu(y)} on {@code rows} rows of {@code width} floats (a multiple of the vector
   * length) from {@code y[yo]}, rows {@code stride} floats apart.
   */
  public static void rows(float[] y, int yo, int stride, int rows, int width) {
    int lanes = SPECIES.length();
    for (int row = 0; row < rows; row++) {
      int o = yo + row * stride;
      for (int v = o; v < o + width; v += lanes) {
        FloatVector x = FloatVector.fromArray(SPECIES, y, v);
        // the clamps as compare and blend: the same floats as Math.max/min here (no NaN or -0
        // case differs), without the extra instructions of Java's max/min semantics
        FloatVector c = x.mul(SQRT1_2);
        c = c.blend(-Gelu.CLAMP, c.compare(VectorOperators.LT, -Gelu.CLAMP));
        c = c.blend(Gelu.CLAMP, c.compare(VectorOperators.GT, Gelu.CLAMP));
        FloatVector s = c.mul(c);
        FloatVector p = FloatVector.broadcast(SPECIES, Gelu.P6);
        p = p.fma(s, FloatVector.broadcast(SPECIES, Gelu.P5));
        p = p.fma(s, FloatVector.broadcast(SPECIES, Gelu.P4));
        p = p.fma(s, FloatVector.broadcast(SPECIES, Gelu.P3));
        p = p.fma(s, FloatVector.broadcast(SPECIES, Gelu.P2));
        p = p.fma(s, FloatVector.broadcast(SPECIES, Gelu.P1));
        p = p.fma(s, FloatVector.broadcast(SPECIES, Gelu.P0));
        FloatVector q = FloatVector.broadcast(SPECIES, Gelu.Q5);
        q = q.fma(s, FloatVector.broadcast(SPECIES, Gelu.Q4));
        q = q.fma(s, FloatVector.broadcast(SPECIES, Gelu.Q3));
        q = q.fma(s, FloatVector.broadcast(SPECIES, Gelu.Q2));
        q = q.fma(s, FloatVector.broadcast(SPECIES, Gelu.Q1));
        q = q.fma(s, FloatVector.broadcast(SPECIES, 1f));
        FloatVector e = c.mul(p).div(q);
        e = e.blend(-1f, e.compare(VectorOperators.LT, -1f));
        e = e.blend(1f, e.compare(VectorOperators.GT, 1f));
        x.mul(0.5f).mul(e.add(1f)).intoArray(y, v);
      }
    }
  }
}
