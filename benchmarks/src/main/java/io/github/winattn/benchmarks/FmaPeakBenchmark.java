package io.github.winattn.benchmarks;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The denominator for "fraction of peak": one core's FP32 FMA throughput through the Vector API, 12
 * independent accumulator chains (more than latency times FMA ports) of {@code SPECIES_PREFERRED}
 * vectors. GFLOP/s = {@link #FLOPS_PER_CALL} / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 2,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FmaPeakBenchmark {

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  /** FMA steps per call; each step is 12 vector FMAs. */
  static final int STEPS = 100_000;

  /** Floating-point operations per call: steps x 12 chains x lanes x 2. */
  public static final long FLOPS_PER_CALL = (long) STEPS * 12 * SPECIES.length() * 2;

  // Non-final, so the JIT cannot fold the chains into constants.
  float a = 1.0001f;
  float b = 0.9999f;

  /** Runs the chains and returns their sum, so no chain is dead code. */
  @Benchmark
  public float fmaChains() {
    FloatVector va = FloatVector.broadcast(SPECIES, a);
    FloatVector vb = FloatVector.broadcast(SPECIES, b);
    FloatVector c0 = FloatVector.zero(SPECIES);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    FloatVector c4 = c0;
    FloatVector c5 = c0;
    FloatVector c6 = c0;
    FloatVector c7 = c0;
    FloatVector c8 = c0;
    FloatVector c9 = c0;
    FloatVector c10 = c0;
    FloatVector c11 = c0;
    for (int i = 0; i < STEPS; i++) {
      c0 = va.fma(vb, c0);
      c1 = va.fma(vb, c1);
      c2 = va.fma(vb, c2);
      c3 = va.fma(vb, c3);
      c4 = va.fma(vb, c4);
      c5 = va.fma(vb, c5);
      c6 = va.fma(vb, c6);
      c7 = va.fma(vb, c7);
      c8 = va.fma(vb, c8);
      c9 = va.fma(vb, c9);
      c10 = va.fma(vb, c10);
      c11 = va.fma(vb, c11);
    }
    return c0.add(c1)
        .add(c2)
        .add(c3)
        .add(c4)
        .add(c5)
        .add(c6)
        .add(c7)
        .add(c8)
        .add(c9)
        .add(c10)
        .add(c11)
        .reduceLanes(VectorOperators.ADD);
  }
}
