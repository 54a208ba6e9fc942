package io.github.winattn.generator.plan;

import java.util.List;

/**
 * A scratch array of a generated kernel's per-thread workspace.
 *
 * @param name the field name, e.g. {@code scores}
 * @param dims one length ({@code float[]}) or rows and columns ({@code float[][]})
 * @param shape what it holds, starting with its shape, e.g. {@code (ROWS, KEYS) attn of one head}
 */
public record Buffer(String name, List<IntExpr> dims, String shape) {

  public Buffer {
    if (name == null || name.isEmpty() || dims == null || shape == null || shape.isBlank()) {
      throw new IllegalArgumentException(
          "buffer needs a name, dims and a shape comment (got " + name + ")");
    }
    if (dims.size() < 1 || dims.size() > 2) {
      throw new IllegalArgumentException(
          "buffer " + name + " must have 1 or 2 dims (got " + dims.size() + ")");
    }
    dims = List.copyOf(dims);
  }

  /** Its size in floats when a vector holds {@code lanes} floats. */
  public long floats(int lanes) {
    long n = 1;
    for (IntExpr d : dims) {
      n *= d.eval(lanes);
    }
    return n;
  }
}
