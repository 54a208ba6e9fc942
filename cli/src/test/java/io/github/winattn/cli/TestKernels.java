package io.github.winattn.cli;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.CatalogEntry;
import io.github.winattn.kernel.KernelCatalog;
import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.weights.AttentionWeights;
import java.util.List;

/**
 * Stand-ins for generated kernels, so that the cli tests do not depend on what the generated module
 * holds: {@link Good} computes what the reference computes, {@link Skewed} is off by 0.01.
 */
final class TestKernels {

  static final AttentionShape GOOD_SHAPE =
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 3), 8, 2).build();
  static final AttentionShape SKEWED_SHAPE =
      AttentionShape.builder(Family.TEMPORAL, Window.of1d(4), 8, 2).build();

  private TestKernels() {}

  /** A registry over the test catalogue. */
  static CliContext context(boolean vector) {
    KernelCatalog catalog =
        () ->
            List.of(
                new CatalogEntry(GOOD_SHAPE, true, Good.class.getName(), Good.class.getName()),
                new CatalogEntry(
                    SKEWED_SHAPE, false, Skewed.class.getName(), Skewed.class.getName()));
    KernelRegistry r =
        KernelRegistry.builder().catalogs(List.of(catalog)).vectorAvailable(vector).build();
    return new CliContext(() -> r);
  }

  /** Delegates to the reference kernel under another name. */
  public static class Good implements AttentionKernel {
    private final ReferenceKernel delegate;

    public Good(AttentionWeights w) {
      this.delegate = new ReferenceKernel(w);
    }

    @Override
    public AttentionShape shape() {
      return delegate.shape();
    }

    @Override
    public String implementation() {
      return "test-generated";
    }

    @Override
    public void forward(float[] x, int xo, float[] out, int oo, Mask mask, int from, int to) {
      delegate.forward(x, xo, out, oo, mask, from, to);
    }
  }

  /** Adds 0.01 to every output element. */
  public static final class Skewed extends Good {
    public Skewed(AttentionWeights w) {
      super(w);
    }

    @Override
    public String implementation() {
      return "test-skewed";
    }

    @Override
    public void forward(float[] x, int xo, float[] out, int oo, Mask mask, int from, int to) {
      super.forward(x, xo, out, oo, mask, from, to);
      int size = shape().tokens() * shape().dim();
      for (int i = oo + from * size; i < oo + to * size; i++) {
        out[i] += 0.01f;
      }
    }
  }
}
