package io.github.winattn.safetensors;

import io.github.winattn.diagnostics.UntrustedText;
import java.util.List;

/**
 * One tensor entry of a safetensors header.
 *
 * @param name the tensor's key in the header
 * @param dtype its element type
 * @param shape its dimensions, outermost first; empty for a scalar
 * @param begin first byte of its data, relative to the first byte after the header
 * @param end one past its last byte, relative to the first byte after the header
 */
public record TensorInfo(String name, DType dtype, List<Long> shape, long begin, long end) {

  public TensorInfo {
    if (name == null || dtype == null || shape == null) {
      throw new IllegalArgumentException("tensor info fields must not be null");
    }
    shape = List.copyOf(shape);
    long elements = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "tensor '"
                + UntrustedText.quote(name)
                + "': negative dimension "
                + d
                + " in shape "
                + format(shape));
      }
      elements = multiplyOrFail(name, shape, elements, d);
    }
    multiplyOrFail(name, shape, elements, dtype.size());
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "tensor '"
              + UntrustedText.quote(name)
              + "': data_offsets ["
              + begin
              + ", "
              + end
              + "] are not a valid range");
    }
    long expected = elements * dtype.size();
    if (end - begin != expected) {
      throw new IllegalArgumentException(
          "tensor '"
              + UntrustedText.quote(name)
              + "': data_offsets ["
              + begin
              + ", "
              + end
              + "] hold "
              + (end - begin)
              + " bytes but "
              + dtype
              + " "
              + format(shape)
              + " needs "
              + expected);
    }
  }

  private static long multiplyOrFail(String name, List<Long> shape, long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "tensor '"
              + UntrustedText.quote(name)
              + "': shape "
              + format(shape)
              + " overflows a 64-bit byte count");
    }
  }

  /** Number of elements: the product of the shape (1 for a scalar). */
  public long elements() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** Number of data bytes, {@code end - begin}. */
  public long byteLength() {
    return end - begin;
  }

  /** The shape as PyTorch-like text without the trailing comma, e.g. {@code (288, 96)}. */
  public String shapeText() {
    return format(shape);
  }

  /** Formats a shape as {@code (a, b, c)}; a scalar is {@code ()}. */
  public static String format(List<Long> shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(shape.get(i));
    }
    return sb.append(')').toString();
  }
}
