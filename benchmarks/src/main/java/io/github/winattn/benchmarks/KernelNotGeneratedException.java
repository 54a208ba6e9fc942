package io.github.winattn.benchmarks;

/**
 * A generated variant was asked for a shape that no {@link io.github.winattn.kernel.KernelCatalog}
 * on the class path provides (with a mask, when one is needed). JMH reports it for that parameter
 * combination and goes on with the others.
 */
public final class KernelNotGeneratedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KernelNotGeneratedException(String message) {
    super(message);
  }
}
