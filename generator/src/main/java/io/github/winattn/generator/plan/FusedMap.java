package io.github.winattn.generator.plan;

import java.util.List;

/**
 * A feature map the kernel pair gets a fused entry for, after the official clamps: what the
 * generated {@code featureMap(geometry)} matches and what the region table is built from.
 *
 * @param size map size per axis: {@code (H, W)}, {@code (D, H, W)} or {@code (T, N)}
 * @param shift the clamped shift per window axis (0 where the block does not shift)
 * @param windows windows per image nW
 * @param description how the map was configured, e.g. {@code 56x56 shift 3}
 */
public record FusedMap(List<Integer> size, List<Integer> shift, int windows, String description) {

  public FusedMap {
    if (size == null || shift == null || description == null || size.isEmpty()) {
      throw new IllegalArgumentException("fused map fields must not be null or empty: " + size);
    }
    size = List.copyOf(size);
    shift = List.copyOf(shift);
  }

  /** True if any axis shifts: the map has window classes with several regions. */
  public boolean shifted() {
    return shift.stream().anyMatch(s -> s > 0);
  }
}
