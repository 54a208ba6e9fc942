package io.github.winattn.featuremap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.testing.Inputs;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A warm single-thread feature-map call allocates nothing, in both modes (thread allocation
 * counter).
 */
class FeatureMapAllocationTest {

  @Test
  void warmCallsAllocateNothing() {
    var bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
    var counter = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(
        counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled());
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
      long tid = Thread.currentThread().getId();
      long before = counter.getThreadAllocatedBytes(tid);
      fm.forward(x, 0, out, 0, 2);
      long after = counter.getThreadAllocatedBytes(tid);
      // the counter itself may allocate a few bytes on some JDKs; nothing the size of a window
      long calibrate = counter.getThreadAllocatedBytes(tid) - after;
      assertEquals(
          0, Math.max(0, after - before - calibrate), fm.implementation() + " allocated per call");
    }
  }
}
