package io.github.winattn.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.ShiftedWindowMask;
import io.github.winattn.testing.VectorCase;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference kernel against vectors produced by the PyTorch modules ({@code
 * tools/reference/make_vectors.py}). Tolerance against the float64 run: 5e-6 absolute for Swin v1,
 * Video Swin and temporal, 5e-5 for Swin v2 (cosine attention with logit scales up to 100 amplifies
 * float32 rounding; PyTorch's own float32 run is 1.6e-5 off there).
 */
class PyTorchVectorsTest {

  static List<VectorCase> cases() {
    return VectorCase.all();
  }

  @Test
  void everyFamilyHasVectors() {
    Set<Family> families =
        cases().stream().map(c -> c.shape().family()).collect(Collectors.toSet());
    assertEquals(Set.of(Family.values()), families);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void referenceKernelMatchesFloat64(VectorCase c) {
    AttentionKernel kernel = new ReferenceKernel(c.weights());
    float[] out = new float[c.input().length];
    kernel.forward(c.input(), 0, out, 0, c.mask(), c.windows());
    double err = c.maxErrorVsF64(out);
    assertTrue(
        err <= c.toleranceVsF64(),
        c.name() + ": max |java - torch f64| = " + err + " > " + c.toleranceVsF64());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void blockGeometryAndMaskMatchTheOfficialBlocks(VectorCase c) {
    var meta = c.metadata();
    if (!meta.containsKey("input_resolution")) {
      return; // a bare module case: no block, no mask
    }
    int[] resolution = ints(meta.get("input_resolution"));
    int[] window = ints(meta.get("window_size"));
    int[] shift = ints(meta.get("shift_size"));
    ShiftedWindowMask.Geometry g;
    if (resolution.length == 3) {
      g = ShiftedWindowMask.videoSwinBlock(resolution, window, shift);
    } else if (window.length == 1) {
      g = ShiftedWindowMask.swinBlock(resolution, window[0], shift[0]);
    } else {
      // The official 2-D block takes a square window; non-square cases give the geometry as is.
      g = new ShiftedWindowMask.Geometry(window, shift);
    }
    assertArrayEquals(ints(meta.get("effective_shift")), g.shift(), "effective shift");
    assertArrayEquals(ints(meta.get("effective_window")), g.window(), "effective window");
    assertEquals(c.mask().isPresent(), g.shifted(), "a block uses a mask exactly when shifted");
    if (c.mask().isPresent()) {
      float[] mask = ShiftedWindowMask.build(resolution, g.window(), g.shift());
      int n = c.shape().tokens();
      assertEquals(Integer.parseInt(meta.get("num_windows")), c.mask().windows());
      assertArrayEquals(Arrays.copyOfRange(c.mask().values(), 0, c.mask().windows() * n * n), mask);
    }
  }

  private static int[] ints(String text) {
    return Arrays.stream(text.split("x")).mapToInt(Integer::parseInt).toArray();
  }
}
