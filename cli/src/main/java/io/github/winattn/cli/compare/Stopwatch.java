package io.github.winattn.cli.compare;

import java.util.Arrays;

/**
 * Times a repeated action within a budget: a warm-up for half of the budget (at least {@value
 * #MIN_WARMUP} runs; the Vector API is only fast once C2 has compiled it, which takes hundreds of
 * milliseconds), then measured runs until the budget is spent (at least {@value #MIN_RUNS}),
 * reporting the median. Each run's result is folded into a checksum that is published through a
 * volatile field, so the JIT cannot drop the work.
 */
public final class Stopwatch {

  static final int MIN_WARMUP = 1;
  static final int MIN_RUNS = 2;

  /** One timed action; returns a value derived from its output. */
  @FunctionalInterface
  public interface Action {
    float run();
  }

  /**
   * @param medianNanos median time of one measured run
   * @param runs measured runs
   */
  public record Result(long medianNanos, int runs) {
    public Result {
      if (medianNanos < 0 || runs < 1) {
        throw new IllegalArgumentException(
            "median must be >= 0 and runs >= 1 (got " + medianNanos + ", " + runs + ")");
      }
    }

    public double medianMillis() {
      return medianNanos / 1e6;
    }
  }

  private static volatile double sink;

  private Stopwatch() {}

  /** Warms up and times {@code action} within {@code budgetNanos} (plus at most a few runs). */
  public static Result time(Action action, long budgetNanos) {
    if (budgetNanos < 0) {
      throw new IllegalArgumentException("budget must be >= 0 (got " + budgetNanos + ")");
    }
    double check = 0;
    long start = System.nanoTime();
    for (int i = 0; i < MIN_WARMUP || System.nanoTime() - start < budgetNanos / 2; i++) {
      check += action.run();
    }
    long[] times = new long[16];
    int runs = 0;
    long measureStart = System.nanoTime();
    while (runs < MIN_RUNS || System.nanoTime() - measureStart < budgetNanos / 2) {
      long t0 = System.nanoTime();
      check += action.run();
      long t = System.nanoTime() - t0;
      if (runs == times.length) {
        times = Arrays.copyOf(times, runs * 2);
      }
      times[runs++] = t;
    }
    sink += check;
    long[] sorted = Arrays.copyOf(times, runs);
    Arrays.sort(sorted);
    return new Result(sorted[runs / 2], runs);
  }
}
