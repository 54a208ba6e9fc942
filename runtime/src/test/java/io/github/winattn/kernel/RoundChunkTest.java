package io.github.winattn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A {@link RoundChunk} reused round after round on a {@link ForkJoinPool}: every submission runs on
 * the pool, also when the next round arms the chunk while the pool's worker is still returning from
 * the previous one.
 */
class RoundChunkTest {

  @Test
  void aChunkThatRanOnAPoolIsNotDone() {
    ForkJoinPool pool = new ForkJoinPool(1);
    Executor executor = pool;
    try {
      RoundState state = new RoundState();
      RoundChunk chunk = new RoundChunk(state);
      AtomicInteger ran = new AtomicInteger();
      state.start(1, (from, to) -> ran.addAndGet(to - from));
      chunk.arm(0, 5);
      executor.execute(chunk); // as ParallelForward submits it
      state.awaitAll();
      state.finish();
      assertEquals(true, pool.awaitQuiescence(10, TimeUnit.SECONDS));
      assertEquals(5, ran.get());
      // a done task is skipped by the pool: the next round's submission would never run there
      assertFalse(chunk.isDone(), "the pool marked the chunk done");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void backToBackRoundsAllRunOnThePool() {
    ForkJoinPool pool = new ForkJoinPool(1);
    Executor executor = pool;
    try {
      RoundState state = new RoundState();
      RoundChunk chunk = new RoundChunk(state);
      AtomicInteger onPool = new AtomicInteger();
      int rounds = 20_000;
      // The caller never takes the chunk over: it re-arms it the moment the round's last done()
      // lets it, the window in which a completing task used to be marked done after the new arm
      // (the pool then skipped it and this wait never ended).
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            for (int r = 0; r < rounds; r++) {
              state.start(
                  1,
                  (from, to) -> {
                    if (ForkJoinTask.getPool() == pool) {
                      onPool.incrementAndGet();
                    }
                  });
              chunk.arm(0, 1);
              executor.execute(chunk); // as ParallelForward submits it
              state.awaitAll();
              state.finish();
            }
          });
      assertEquals(rounds, onPool.get());
    } finally {
      pool.shutdownNow();
    }
  }
}
