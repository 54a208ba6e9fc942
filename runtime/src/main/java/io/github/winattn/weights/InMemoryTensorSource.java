package io.github.winattn.weights;

import io.github.winattn.diagnostics.UntrustedText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** A {@link TensorSource} held in memory, built with {@link #builder}; arrays are copied. */
public final class InMemoryTensorSource implements TensorSource {

  private record Tensor(List<Long> shape, float[] floats, long[] longs) {}

  private final String label;
  private final Map<String, Tensor> tensors;

  private InMemoryTensorSource(String label, Map<String, Tensor> tensors) {
    this.label = label;
    this.tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
  }

  /** Starts an empty source called {@code label} in messages. */
  public static Builder builder(String label) {
    return new Builder(label);
  }

  @Override
  public String describe() {
    return label;
  }

  @Override
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(tensors.keySet()));
  }

  @Override
  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  @Override
  public List<Long> shape(String name) {
    return get(name).shape();
  }

  @Override
  public float[] floats(String name) {
    Tensor t = get(name);
    if (t.floats() == null) {
      throw new IllegalArgumentException(
          label + ": tensor '" + UntrustedText.quote(name) + "' holds integers, not floats");
    }
    return t.floats().clone();
  }

  @Override
  public long[] longs(String name) {
    Tensor t = get(name);
    if (t.longs() == null) {
      throw new IllegalArgumentException(
          label + ": tensor '" + UntrustedText.quote(name) + "' holds floats, not integers");
    }
    return t.longs().clone();
  }

  private Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          label + ": no tensor named '" + UntrustedText.quote(name) + "'");
    }
    return t;
  }

  /** Collects tensors; each value array's length must be the product of its shape. */
  public static final class Builder {
    private final String label;
    private final Map<String, Tensor> tensors = new TreeMap<>();

    private Builder(String label) {
      if (label == null) {
        throw new IllegalArgumentException("label == null");
      }
      this.label = label;
    }

    /** Adds a floating-point tensor. */
    public Builder floats(String name, float[] values, long... shape) {
      return add(name, shape, values.length, new Tensor(dims(shape), values.clone(), null));
    }

    /** Adds an integer tensor. */
    public Builder longs(String name, long[] values, long... shape) {
      return add(name, shape, values.length, new Tensor(dims(shape), null, values.clone()));
    }

    private Builder add(String name, long[] shape, int length, Tensor t) {
      if (name == null) {
        throw new IllegalArgumentException("name == null");
      }
      long n = 1;
      for (long d : shape) {
        if (d < 0) {
          throw new IllegalArgumentException(
              "tensor '" + UntrustedText.quote(name) + "': negative dimension " + d);
        }
        n = Math.multiplyExact(n, d);
      }
      if (n != length) {
        throw new IllegalArgumentException(
            "tensor '"
                + UntrustedText.quote(name)
                + "': shape "
                + Shapes.format(t.shape())
                + " needs "
                + n
                + " values, got "
                + length);
      }
      if (tensors.put(name, t) != null) {
        throw new IllegalArgumentException(
            "tensor '" + UntrustedText.quote(name) + "' was already added");
      }
      return this;
    }

    private static List<Long> dims(long[] shape) {
      List<Long> l = new ArrayList<>(shape.length);
      for (long d : shape) {
        l.add(d);
      }
      return List.copyOf(l);
    }

    public InMemoryTensorSource build() {
      return new InMemoryTensorSource(label, tensors);
    }
  }
}
