/**
 * The JMH suite: the generated Vector API and plain-Java kernels and the reference kernel against
 * ONNX Runtime's Java API, on one layer of each shipped family ({@link
 * io.github.winattn.benchmarks.BenchShape}), at 1 and 2 threads, with the FMA peak of a core as the
 * denominator. Run it with {@code benchmarks/run} (which also exports the ONNX models and times
 * PyTorch) or from the shaded {@code benchmarks/target/benchmarks.jar}; the build never executes
 * it.
 */
package io.github.winattn.benchmarks;
