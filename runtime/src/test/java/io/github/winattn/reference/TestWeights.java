package io.github.winattn.reference;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.weights.AttentionWeights;

/** {@link RandomWeights} for tests of other packages. */
public final class TestWeights {

  private TestWeights() {}

  /** Seeded random weights of realistic magnitude for {@code shape}. */
  public static AttentionWeights random(AttentionShape shape, long seed) {
    return RandomWeights.of(shape, seed);
  }
}
