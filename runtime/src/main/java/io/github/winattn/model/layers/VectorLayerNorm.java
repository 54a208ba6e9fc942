package io.github.winattn.model.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The normalisation loop of {@link LayerNorm#row} as Vector API lanes: the same float operations
 * per element in the same order (no fused multiply-add), so the same floats bit for bit. Only
 * {@link LayerNorm} calls it, after its {@code VectorSupport.inBootLayer()} check.
 */
final class VectorLayerNorm {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private VectorLayerNorm() {}

  /** {@code y = ((x - meanHi) - meanLo) * inv * weight + bias} over the row. */
  static void normalize(
      float[] x,
      int xo,
      float[] y,
      int yo,
      int dim,
      float meanHi,
      float meanLo,
      float inv,
      float[] weight,
      float[] bias) {
    int lanes = SPECIES.length();
    int i = 0;
    for (; i + lanes <= dim; i += lanes) {
      FloatVector.fromArray(SPECIES, x, xo + i)
          .sub(meanHi)
          .sub(meanLo)
          .mul(inv)
          .mul(FloatVector.fromArray(SPECIES, weight, i))
          .add(FloatVector.fromArray(SPECIES, bias, i))
          .intoArray(y, yo + i);
    }
    LayerNorm.normalize(x, xo, y, yo, dim, meanHi, meanLo, inv, weight, bias, i);
  }
}
