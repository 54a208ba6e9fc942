package io.github.winattn.generator.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named int constants and workspace buffers of one generated class, in emission order. The
 * emitters print exactly these; the planner sizes the workspace from the same definitions.
 *
 * @param constants the {@code static final int} fields
 * @param buffers the per-thread scratch arrays
 */
public record Layout(List<Constant> constants, List<Buffer> buffers) {

  public Layout {
    if (constants == null || buffers == null) {
      throw new IllegalArgumentException("layout needs constants and buffers");
    }
    constants = List.copyOf(constants);
    buffers = List.copyOf(buffers);
  }

  /**
   * The constant called {@code name}; fails if the plan has none (an emitter asking for too much).
   */
  public Constant constant(String name) {
    for (Constant c : constants) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalStateException("layout has no constant " + name);
  }

  /** Whether a constant called {@code name} exists. */
  public boolean hasConstant(String name) {
    return constants.stream().anyMatch(c -> c.name().equals(name));
  }

  /** The buffer called {@code name}; fails if the plan has none. */
  public Buffer buffer(String name) {
    for (Buffer b : buffers) {
      if (b.name().equals(name)) {
        return b;
      }
    }
    throw new IllegalStateException("layout has no buffer " + name);
  }

  /** Each buffer's size in floats at {@code lanes} lanes, in order. */
  public Map<String, Long> floats(int lanes) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Buffer b : buffers) {
      m.put(b.name(), b.floats(lanes));
    }
    return m;
  }

  /** The workspace size in bytes at {@code lanes} lanes. */
  public long bytes(int lanes) {
    return 4L * floats(lanes).values().stream().mapToLong(Long::longValue).sum();
  }
}
