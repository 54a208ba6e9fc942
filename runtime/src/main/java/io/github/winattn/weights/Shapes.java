package io.github.winattn.weights;

import java.util.ArrayList;
import java.util.List;

/** Tensor shape helpers shared by the binder and the inspector. */
final class Shapes {

  private Shapes() {}

  /** {@code (a, b, c)}; a scalar is {@code ()}. */
  static String format(List<Long> shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.size(); i++) {
      sb.append(i > 0 ? ", " : "").append(shape.get(i));
    }
    return sb.append(')').toString();
  }

  static List<Long> of(long... dims) {
    List<Long> l = new ArrayList<>(dims.length);
    for (long d : dims) {
      l.add(d);
    }
    return List.copyOf(l);
  }

  /**
   * The multi-dimensional position of flat index {@code flat} in {@code shape}, as {@code [i, j]}.
   */
  static String position(List<Long> shape, long flat) {
    long[] pos = new long[shape.size()];
    long rest = flat;
    for (int a = shape.size() - 1; a >= 0; a--) {
      long d = shape.get(a);
      pos[a] = d == 0 ? 0 : rest % d;
      rest = d == 0 ? rest : rest / d;
    }
    StringBuilder sb = new StringBuilder("[");
    for (int a = 0; a < pos.length; a++) {
      sb.append(a > 0 ? ", " : "").append(pos[a]);
    }
    return sb.append(']').toString();
  }
}
