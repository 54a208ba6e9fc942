package io.github.winattn.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.kernel.Softmax;
import org.junit.jupiter.api.Test;

/**
 * The reference softmax gives weight 0, never a subnormal float, below {@link Softmax#FLUSH_BELOW}.
 */
class ReferenceSoftmaxTest {

  @Test
  void weightsBelowTheBoundAreZeroAndTheRestAreExact() {
    float[] row = {5f, -5f, 5f - 63.9f, 5f - 64.1f, 5f - 100f, Float.NEGATIVE_INFINITY};
    ReferenceKernel.softmax(row, row.length);
    double sum = 1 + Math.exp(-10) + Math.exp(-63.9);
    assertEquals(1 / sum, row[0], 1e-7);
    assertEquals(Math.exp(-10) / sum, row[1], 1e-11);
    assertTrue(row[2] > Float.MIN_NORMAL && row[2] < 1e-27f, "e^-63.9 is kept: " + row[2]);
    assertEquals(0f, row[3], "e^-64.1 is flushed");
    assertEquals(0f, row[4], "the mask's -100 is flushed (e^-100 would be subnormal)");
    assertEquals(0f, row[5]);
  }

  @Test
  void nonFiniteRowsStayNonFinite() {
    float[] nan = {0f, Float.NaN, -100f};
    ReferenceKernel.softmax(nan, 3);
    assertTrue(Float.isNaN(nan[0]) && Float.isNaN(nan[1]) && Float.isNaN(nan[2]));
    float[] allMasked = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
    ReferenceKernel.softmax(allMasked, 2);
    assertTrue(Float.isNaN(allMasked[0]) && Float.isNaN(allMasked[1]), "as torch.softmax");
  }

  @Test
  void theWeightFunctionIsExpAboveTheBound() {
    assertEquals((float) Math.exp(-63.9f), Softmax.weight(-63.9f));
    assertEquals(0f, Softmax.weight(-64.1f));
    assertEquals(1f, Softmax.weight(0f));
    assertTrue(Float.isNaN(Softmax.weight(Float.NaN)));
  }
}
