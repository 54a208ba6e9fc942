package io.github.winattn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.winattn.testing.RecordingPool;
import io.github.winattn.testing.ThreadAllocation;
import io.github.winattn.weights.InMemoryTensorSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The whole model at two threads: a warm {@code classifyParallel} allocates nothing on the caller
 * or the workers, and concurrent callers on one model and one pool get the sequential logits.
 */
class ModelParallelTest {

  private static SwinModel model() throws IOException {
    return SwinModel.load(
        SwinModelLoadingTest.edited(
            SwinModelLoadingTest.CASE, n -> false, InMemoryTensorSource.builder("m")),
        SwinModelLoadingTest.options());
  }

  private static float[] images(int batch, int seed) {
    float[] x = new float[batch * 3 * 32 * 32];
    for (int i = 0; i < x.length; i++) {
      x[i] = ((i * 31 + seed * 7) % 97) / 48f - 1f;
    }
    return x;
  }

  @Test
  void warmParallelCallsAtTwoThreadsAllocateNothing() throws IOException {
    var counter = ThreadAllocation.counterOrSkip();
    SwinModel model = model();
    try (RecordingPool p = new RecordingPool(2)) {
      for (int batch : new int[] {2, 1}) {
        float[] images = images(batch, 1);
        float[] logits = new float[batch * model.numClasses()];
        long bytes =
            p.bytesPerWarmCall(
                counter,
                () -> model.classifyParallel(images, 0, batch, logits, 0, p.pool(), 2),
                60);
        assertEquals(0, bytes, "batch " + batch + " at 2 threads: bytes per warm call");
      }
    }
  }

  @Test
  void concurrentCallersOnOneModelGetTheSequentialLogits() throws Exception {
    SwinModel model = model();
    ExecutorService callers = Executors.newFixedThreadPool(3);
    try (RecordingPool p = new RecordingPool(2)) {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        int seed = c;
        done.add(
            callers.submit(
                () -> {
                  for (int round = 0; round < 10; round++) {
                    int batch = 1 + (round + seed) % 2;
                    float[] images = images(batch, seed * 100 + round);
                    float[] want = new float[batch * model.numClasses()];
                    model.classify(images, 0, batch, want, 0);
                    float[] got = new float[want.length];
                    model.classifyParallel(images, 0, batch, got, 0, p.pool(), 2 + seed);
                    assertArrayEquals(want, got, "caller " + seed + " round " + round);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      callers.shutdown();
    }
  }
}
