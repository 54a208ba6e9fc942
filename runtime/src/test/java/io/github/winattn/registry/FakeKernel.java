package io.github.winattn.registry;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.testing.Inputs;
import io.github.winattn.weights.AttentionWeights;
import java.util.Arrays;

/** A stand-in kernel that fills its output windows with a marker value naming its variant. */
abstract class FakeKernel implements AttentionKernel {

  private final AttentionShape shape;
  private final String name;
  private final float marker;

  FakeKernel(AttentionWeights w, String name, float marker) {
    this.shape = w.shape();
    this.name = name;
    this.marker = marker;
  }

  @Override
  public AttentionShape shape() {
    return shape;
  }

  @Override
  public String implementation() {
    return name;
  }

  @Override
  public void forward(
      float[] x, int xOffset, float[] out, int outOffset, Mask mask, int fromWindow, int toWindow) {
    int size = shape.tokens() * shape.dim();
    Arrays.fill(out, outOffset + fromWindow * size, outOffset + toWindow * size, marker);
  }

  /** The "plain" variant named by {@link FakeCatalog}. */
  public static final class Plain extends FakeKernel {
    public Plain(AttentionWeights w) {
      super(w, "fake-plain", 1f);
    }
  }

  /** The "vector" variant named by {@link FakeCatalog}. */
  public static final class Vector extends FakeKernel {
    public Vector(AttentionWeights w) {
      super(w, "fake-vector", 2f);
    }
  }

  /** The reference stand-in the tests inject. */
  static final class Reference extends FakeKernel {
    Reference(AttentionWeights w) {
      super(w, "fake-reference", 3f);
    }
  }

  /** Claims a shape other than the one it is bound to. */
  public static final class Liar extends FakeKernel {
    public Liar(AttentionWeights w) {
      super(Inputs.zeros(FakeCatalog.TEMPORAL_4), "liar", 0f);
    }
  }
}
