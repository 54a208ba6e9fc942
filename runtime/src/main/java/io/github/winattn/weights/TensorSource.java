package io.github.winattn.weights;

import java.util.List;
import java.util.Set;

/**
 * Named tensors, as a checkpoint's state dict holds them: what {@link StateDictBinder} and {@link
 * StateDictInspector} read. Implemented by {@link io.github.winattn.safetensors.SafetensorsFile}
 * and by {@link InMemoryTensorSource}.
 */
public interface TensorSource {

  /** A label for messages, such as the file name. */
  String describe();

  /** All tensor names. */
  Set<String> names();

  /** True if a tensor called {@code name} exists. */
  default boolean contains(String name) {
    return names().contains(name);
  }

  /**
   * The dimensions of tensor {@code name}, outermost first.
   *
   * @throws IllegalArgumentException naming the source and the tensor if there is none
   */
  List<Long> shape(String name);

  /**
   * The values of a floating-point tensor, row-major, converted to float.
   *
   * @throws IllegalArgumentException if absent, not floating point, or too large for an array
   */
  float[] floats(String name);

  /**
   * The values of an integer tensor, row-major.
   *
   * @throws IllegalArgumentException if absent, not an integer tensor, or too large for an array
   */
  long[] longs(String name);
}
