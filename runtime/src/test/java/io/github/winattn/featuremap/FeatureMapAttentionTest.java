package io.github.winattn.featuremap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.testing.Inputs;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The fused path (both modes) against the unfused path with the dense mask, in Java. */
class FeatureMapAttentionTest {

  private static final ExecutorService POOL = Executors.newFixedThreadPool(3);

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  /** A kernel that is not the reference, so the feature-map path gathers and uses class masks. */
  record Opaque(AttentionKernel inner) implements AttentionKernel {
    @Override
    public AttentionShape shape() {
      return inner.shape();
    }

    @Override
    public String implementation() {
      return "opaque";
    }

    @Override
    public void forward(float[] x, int xo, float[] out, int oo, Mask mask, int from, int to) {
      inner.forward(x, xo, out, oo, mask, from, to);
    }
  }

  private static void check(AttentionShape shape, FeatureMapGeometry g, int images) {
    ReferenceKernel kernel = new ReferenceKernel(Inputs.weights(shape, 11));
    int c = shape.dim();
    int size = images * g.rowsPerImage() * c;
    float[] x = new float[size + 3];
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 4 - 2);
    }
    int windows = images * g.windows() * g.tokens() * c;
    float[] expected = new float[size];
    WindowCopies.forward(
        kernel,
        g,
        WindowCopies.mask(g),
        copyFrom(x, 3),
        images,
        new float[windows],
        new float[windows],
        expected);
    for (AttentionKernel k : new AttentionKernel[] {kernel, new Opaque(kernel)}) {
      FeatureMapAttention fm = FeatureMapAttentions.of(k, g);
      float[] out = new float[size + 2];
      fm.forward(x, 3, out, 2, images);
      assertClose(expected, out, 2, fm.implementation() + " " + g);
      float[] par = new float[size + 2];
      fm.forwardParallel(x, 3, par, 2, images, POOL, 3);
      assertClose(expected, par, 2, "parallel " + fm.implementation() + " " + g);
    }
  }

  private static float[] copyFrom(float[] x, int offset) {
    return java.util.Arrays.copyOfRange(x, offset, x.length);
  }

  private static void assertClose(float[] expected, float[] actual, int offset, String what) {
    for (int i = 0; i < expected.length; i++) {
      float a = actual[offset + i];
      float e = expected[i];
      assertTrue(
          Math.abs(a - e) <= 1e-5f + 1e-4f * Math.abs(e),
          what + ": element " + i + " is " + a + ", expected " + e);
    }
  }

  @Test
  void swinV1ShiftedNonSquareBatch() {
    AttentionShape s = AttentionShape.builder(Family.SWIN_V1, Window.of2d(4, 4), 16, 2).build();
    check(s, FeatureMapGeometry.swin(Family.SWIN_V1, 8, 12, 4, 2), 2);
    check(s, FeatureMapGeometry.swin(Family.SWIN_V1, 8, 12, 4, 0), 1);
  }

  @Test
  void swinV2ShiftedAndClamped() {
    AttentionShape s = AttentionShape.builder(Family.SWIN_V2, Window.of2d(4, 4), 16, 2).build();
    check(s, FeatureMapGeometry.swin(Family.SWIN_V2, 12, 8, 4, 1), 2);
    AttentionShape clamped =
        AttentionShape.builder(Family.SWIN_V2, Window.of2d(4, 4), 16, 2).build();
    check(clamped, FeatureMapGeometry.swin(Family.SWIN_V2, 4, 8, 7, 3), 1);
  }

  @Test
  void videoSwinPaddedClampedShifted() {
    AttentionShape s =
        AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 4, 4), 16, 2)
            .effectiveWindow(Window.of3d(1, 4, 4))
            .build();
    check(
        s,
        FeatureMapGeometry.videoSwin(new int[] {1, 6, 7}, new int[] {2, 4, 4}, new int[] {1, 2, 2}),
        2);
    AttentionShape full =
        AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 4, 4), 16, 2).build();
    check(
        full,
        FeatureMapGeometry.videoSwin(new int[] {3, 5, 8}, new int[] {2, 4, 4}, new int[] {1, 2, 2}),
        1);
    check(
        full,
        FeatureMapGeometry.videoSwin(new int[] {3, 5, 8}, new int[] {2, 4, 4}, new int[] {0, 0, 0}),
        2);
  }

  @Test
  void temporalFramesOfEveryToken() {
    AttentionShape s = AttentionShape.builder(Family.TEMPORAL, Window.of1d(4), 16, 2).build();
    check(s, FeatureMapGeometry.temporal(4, 5), 2);
  }

  @Test
  void mismatchedKernelAndBadArraysAreRefused() {
    AttentionShape s = AttentionShape.builder(Family.SWIN_V1, Window.of2d(4, 4), 16, 2).build();
    ReferenceKernel kernel = new ReferenceKernel(Inputs.weights(s, 1));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                FeatureMapAttentions.of(
                    kernel, FeatureMapGeometry.swin(Family.SWIN_V1, 14, 14, 7, 3)));
    assertTrue(e.getMessage().contains("needs window 7x7"), e.getMessage());
    FeatureMapAttention fm =
        FeatureMapAttentions.of(kernel, FeatureMapGeometry.swin(Family.SWIN_V1, 8, 8, 4, 2));
    float[] out = new float[8 * 8 * 16];
    var a =
        assertThrows(
            IllegalArgumentException.class,
            () -> fm.forwardParallel(new float[10], 0, out, 0, 1, POOL, 2));
    assertEquals(
        "x: expected (1, 8, 8, 16) = 1024 values from offset 0, array has 10", a.getMessage());
    assertThrows(IllegalArgumentException.class, () -> fm.forward(out, 0, out, 0, 1, 0, 5));
    var huge =
        assertThrows(
            IllegalArgumentException.class,
            () -> fm.forwardParallel(out, 0, out, 0, Integer.MAX_VALUE / 2, POOL, 2));
    assertTrue(huge.getMessage().startsWith("images must be in 0.."), huge.getMessage());
  }
}
