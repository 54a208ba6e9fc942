package io.github.winattn.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.ShiftedWindowMask;
import io.github.winattn.shape.Window;
import io.github.winattn.testing.Inputs;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Properties of the reference kernel that PyTorch vectors do not exercise: adversarial inputs,
 * ranges, offsets, threads and argument checks. Agreement with PyTorch is in {@code
 * PyTorchVectorsTest}.
 */
class ReferenceKernelTest {

  private static final AttentionShape SHAPE =
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 3), 12, 3).build();

  private static float[] input(AttentionShape s, int windows, long seed, float std) {
    return Inputs.uniform(new Random(seed), windows * s.tokens() * s.dim(), std);
  }

  @Test
  void hugeLogitsStayFinite() {
    AttentionKernel k = new ReferenceKernel(Inputs.weights(SHAPE, 1));
    float[] x = input(SHAPE, 2, 2, 1e3f);
    float[] out = new float[x.length];
    k.forward(x, 0, out, 0, Mask.NONE, 2);
    for (float v : out) {
      assertTrue(Float.isFinite(v), "non-finite output " + v);
    }
  }

  @Test
  void aFullyMaskedWindowEqualsTheUnmaskedOne() {
    // -100 added to every score of a row shifts the row; softmax is shift invariant.
    AttentionKernel k = new ReferenceKernel(Inputs.weights(SHAPE, 3));
    int n = SHAPE.tokens();
    float[] x = input(SHAPE, 1, 4, 1f);
    float[] all = new float[n * n];
    Arrays.fill(all, ShiftedWindowMask.MASKED);
    float[] masked = new float[x.length];
    float[] plain = new float[x.length];
    k.forward(x, 0, masked, 0, Mask.of(all, 1), 1);
    k.forward(x, 0, plain, 0, Mask.NONE, 1);
    for (int i = 0; i < x.length; i++) {
      assertEquals(plain[i], masked[i], 1e-4f);
    }
  }

  @Test
  void maskWindowIsBatchIndexModuloNw() {
    AttentionKernel k = new ReferenceKernel(Inputs.weights(SHAPE, 5));
    int n = SHAPE.tokens();
    int size = n * SHAPE.dim();
    float[] mask = ShiftedWindowMask.build(new int[] {4, 6}, new int[] {2, 3}, new int[] {1, 1});
    int nW = 4;
    float[] x = input(SHAPE, 2 * nW, 6, 1f);
    float[] batch = new float[x.length];
    k.forward(x, 0, batch, 0, Mask.of(mask, nW), 2 * nW);
    // window 6 of the batch is window 2 of the second image: same as window 2 alone with mask 2
    float[] one = new float[size];
    k.forward(
        Arrays.copyOfRange(x, 6 * size, 7 * size), 0, one, 0, new Mask(mask, 2 * n * n, 1), 0, 1);
    assertArrayEquals(one, Arrays.copyOfRange(batch, 6 * size, 7 * size));
    // and it differs from window 6 run with mask window 0: the mask matters
    float[] wrong = new float[size];
    k.forward(Arrays.copyOfRange(x, 6 * size, 7 * size), 0, wrong, 0, new Mask(mask, 0, 1), 1);
    double diff = 0;
    for (int i = 0; i < size; i++) {
      diff = Math.max(diff, Math.abs(wrong[i] - one[i]));
    }
    assertTrue(diff > 1e-3, "mask had no effect: " + diff);
  }

  @Test
  void rangesAndOffsetsWriteOnlyTheirWindows() {
    AttentionKernel k = new ReferenceKernel(Inputs.weights(SHAPE, 7));
    int size = SHAPE.tokens() * SHAPE.dim();
    float[] x = input(SHAPE, 5, 8, 1f);
    float[] full = new float[x.length];
    k.forward(x, 0, full, 0, Mask.NONE, 5);
    float[] shiftedIn = new float[x.length + 3];
    System.arraycopy(x, 0, shiftedIn, 3, x.length);
    float[] part = new float[x.length + 5];
    Arrays.fill(part, Float.NaN);
    k.forward(shiftedIn, 3, part, 5, Mask.NONE, 2, 4);
    for (int i = 0; i < x.length; i++) {
      boolean inRange = i >= 2 * size && i < 4 * size;
      if (inRange) {
        assertEquals(full[i], part[i + 5]);
      } else {
        assertTrue(Float.isNaN(part[i + 5]), "wrote outside its range at " + i);
      }
    }
  }

  @Test
  void parallelEqualsSequential() throws Exception {
    AttentionShape s =
        AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 2, 3), 16, 2).build();
    AttentionKernel k = new ReferenceKernel(Inputs.weights(s, 9));
    float[] x = input(s, 13, 10, 1f);
    float[] seq = new float[x.length];
    float[] par = new float[x.length];
    k.forward(x, 0, seq, 0, Mask.NONE, 13);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      k.forwardParallel(x, 0, par, 0, Mask.NONE, 13, pool, 4);
    } finally {
      pool.shutdown();
    }
    assertArrayEquals(seq, par);
  }

  @Test
  void shortArraysAreRejectedBeforeAnythingIsWritten() {
    AttentionKernel k = new ReferenceKernel(Inputs.weights(SHAPE, 11));
    float[] x = input(SHAPE, 2, 12, 1f);
    float[] out = new float[x.length - 1];
    var e =
        assertThrows(IllegalArgumentException.class, () -> k.forward(x, 0, out, 0, Mask.NONE, 2));
    assertEquals(
        "out: expected (2, 6, 12) = 144 values from offset 0, array has 143", e.getMessage());
    for (float v : out) {
      assertEquals(0f, v);
    }
    var m =
        assertThrows(
            IllegalArgumentException.class,
            () -> k.forward(x, 0, new float[x.length], 0, Mask.of(new float[10], 1), 2));
    assertTrue(m.getMessage().startsWith("mask: expected (1, 6, 6)"), m.getMessage());
  }

  @Test
  void zeroWeightsGiveTheProjectionBias() {
    var w = Inputs.weights(SHAPE, 13);
    var zero =
        new io.github.winattn.weights.AttentionWeights(
            SHAPE,
            new float[w.qkvWeight().length],
            w.qkvBias(),
            new float[w.projWeight().length],
            w.projBias(),
            w.biasTable(),
            w.logitScale());
    AttentionKernel k = new ReferenceKernel(zero);
    float[] x = input(SHAPE, 1, 14, 1f);
    float[] out = new float[x.length];
    k.forward(x, 0, out, 0, Mask.NONE, 1);
    for (int i = 0; i < SHAPE.tokens(); i++) {
      for (int c = 0; c < SHAPE.dim(); c++) {
        assertEquals(w.projBias()[c], out[i * SHAPE.dim() + c]);
      }
    }
  }
}
