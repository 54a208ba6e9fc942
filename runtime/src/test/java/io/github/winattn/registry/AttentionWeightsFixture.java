package io.github.winattn.registry;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.weights.AttentionWeights;

/** All-zero weights of the right sizes for a shape. */
final class AttentionWeightsFixture {

  AttentionWeights zeros(AttentionShape s) {
    int c = s.dim();
    boolean qkv = s.withQkv();
    return new AttentionWeights(
        s,
        new float[qkv ? 3 * c * c : 0],
        new float[s.qkvBias() ? 3 * c : 0],
        new float[qkv ? c * c : 0],
        new float[qkv ? c : 0],
        new float[s.tableRows() * s.heads()],
        new float[s.family() == Family.SWIN_V2 ? s.heads() : 0]);
  }
}
