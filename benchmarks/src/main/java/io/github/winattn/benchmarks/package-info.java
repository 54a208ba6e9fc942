/**
 * JMH benchmarks of the window attention kernels: the generated Vector API and plain-Java variants
 * against the reference kernel on Swin-T shapes, with 1 and 2 threads. Run them from the shaded
 * {@code benchmarks/target/benchmarks.jar} (see {@code tools/bench/run.sh}); the build never
 * executes them.
 */
package io.github.winattn.benchmarks;
