package io.github.winattn.cli.compare;

/**
 * One line of the comparison: a generated kernel against the reference on one shape.
 *
 * @param shape the shape's description
 * @param kernel the generated kernel's implementation name
 * @param windows B_, the windows of the batch
 * @param accuracy its error against the reference
 * @param referenceMillis median time of the reference kernel for the batch
 * @param generatedMillis median time of the generated kernel for the batch
 * @param flops floating-point operations of the batch ({@code flopsPerWindow * windows})
 */
public record CompareRow(
    String shape,
    String kernel,
    int windows,
    Accuracy accuracy,
    double referenceMillis,
    double generatedMillis,
    long flops) {

  public CompareRow {
    if (shape == null || kernel == null || accuracy == null) {
      throw new IllegalArgumentException("shape, kernel and accuracy must not be null");
    }
    if (!(referenceMillis > 0) || !(generatedMillis > 0) || flops < 0) {
      throw new IllegalArgumentException(
          "times must be > 0 and flops >= 0 (got "
              + referenceMillis
              + ", "
              + generatedMillis
              + ", "
              + flops
              + ")");
    }
  }

  /** Reference time over generated time. */
  public double speedup() {
    return referenceMillis / generatedMillis;
  }

  /** Throughput of the generated kernel. */
  public double generatedGflops() {
    return flops / (generatedMillis * 1e6);
  }
}
