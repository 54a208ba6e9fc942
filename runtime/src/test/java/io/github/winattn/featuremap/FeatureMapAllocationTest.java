package io.github.winattn.featuremap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.testing.Inputs;
import io.github.winattn.testing.ThreadAllocation;
import org.junit.jupiter.api.Test;

/**
 * A warm single-thread feature-map call allocates nothing, in both modes (thread allocation
 * counter).
 */
class FeatureMapAllocationTest {

  @Test
  void warmCallsAllocateNothing() {
    var counter = ThreadAllocation.counterOrSkip();
    AttentionShape s =
        AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 4, 4), 16, 2).build();
    FeatureMapGeometry g =
        FeatureMapGeometry.videoSwin(new int[] {3, 5, 8}, new int[] {2, 4, 4}, new int[] {1, 2, 2});
    ReferenceKernel kernel = new ReferenceKernel(Inputs.weights(s, 3));
    for (AttentionKernel k :
        new AttentionKernel[] {kernel, new FeatureMapAttentionTest.Opaque(kernel)}) {
      FeatureMapAttention fm = FeatureMapAttentions.of(k, g);
      float[] x = new float[2 * g.rowsPerImage() * 16];
      float[] out = new float[x.length];
      for (int i = 0; i < 3; i++) {
        fm.forward(x, 0, out, 0, 2); // workspaces, class loading
      }
      // net of what reading the counter allocates (a few bytes on some JDKs)
      assertEquals(
          0,
          ThreadAllocation.bytesOf(counter, () -> fm.forward(x, 0, out, 0, 2)),
          fm.implementation() + " allocated per call");
    }
  }
}
