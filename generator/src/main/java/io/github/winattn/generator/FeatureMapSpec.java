package io.github.winattn.generator;

import io.github.winattn.featuremap.FeatureMapGeometry;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import java.util.List;

/**
 * A feature map a kernel also gets a fused entry for: the map size and the shift as given to the
 * official block ({@code input_resolution} / the {@code (D, H, W)} of the input, {@code
 * shift_size}). The clamps are {@link FeatureMapGeometry}'s, the runtime's own.
 *
 * @param resolution {@code (H, W)} for Swin, {@code (D, H, W)} for Video Swin, {@code (N)} spatial
 *     tokens for temporal attention (its T is the window)
 * @param shift one value for Swin, three for Video Swin, none for temporal
 */
public record FeatureMapSpec(List<Integer> resolution, List<Integer> shift) {

  public FeatureMapSpec {
    if (resolution == null || shift == null) {
      throw new IllegalArgumentException("resolution == null or shift == null");
    }
    resolution = List.copyOf(resolution);
    shift = List.copyOf(shift);
  }

  /** The map of {@code geometry} as configured: its size and the shift the block was given. */
  public static FeatureMapSpec of(FeatureMapGeometry geometry) {
    int[] size = geometry.size();
    int[] shift = geometry.requestedShift();
    return switch (geometry.family()) {
      case TEMPORAL -> new FeatureMapSpec(List.of(size[1]), List.of());
      case VIDEO_SWIN ->
          new FeatureMapSpec(
              java.util.Arrays.stream(size).boxed().toList(),
              java.util.Arrays.stream(shift).boxed().toList());
      default -> new FeatureMapSpec(List.of(size[0], size[1]), List.of(shift[0]));
    };
  }

  /**
   * The geometry of this map for {@code shape}'s block.
   *
   * @throws IllegalArgumentException naming the problem if the map does not fit the shape: wrong
   *     number of axes, a map the block cannot run, or a clamp that gives another window than the
   *     shape's (effective) window
   */
  public FeatureMapGeometry geometry(AttentionShape shape) {
    Family f = shape.family();
    int rank = f == Family.TEMPORAL ? 1 : f.rank();
    int shifts = f == Family.TEMPORAL ? 0 : f == Family.VIDEO_SWIN ? 3 : 1;
    if (resolution.size() != rank) {
      throw new IllegalArgumentException(
          f
              + " needs a resolution of "
              + rank
              + " axes ("
              + example(f)
              + "), got "
              + text(resolution));
    }
    if (shift.size() != shifts) {
      throw new IllegalArgumentException(
          f == Family.TEMPORAL
              ? "temporal attention has no shift"
              : f + " needs a shift of " + shifts + " value(s), got " + text(shift));
    }
    if (!shape.withQkv()) {
      throw new IllegalArgumentException(
          "a feature map needs the qkv and proj projections (with_qkv: false has none)");
    }
    FeatureMapGeometry g =
        switch (f) {
          case TEMPORAL -> FeatureMapGeometry.temporal(shape.tokens(), resolution.get(0));
          case VIDEO_SWIN ->
              FeatureMapGeometry.videoSwin(
                  ints(resolution),
                  new int[] {
                    shape.window().depth(), shape.window().height(), shape.window().width()
                  },
                  ints(shift));
          default -> {
            if (shape.window().height() != shape.window().width()) {
              throw new IllegalArgumentException(
                  "SwinTransformerBlock has square windows; " + shape.window() + " is not");
            }
            yield FeatureMapGeometry.swin(
                f, resolution.get(0), resolution.get(1), shape.window().height(), shift.get(0));
          }
        };
    int[] effective = new int[g.window().length];
    for (int a = 0; a < effective.length; a++) {
      effective[a] = shape.effectiveWindow().size(a);
    }
    if (!java.util.Arrays.equals(effective, g.window())) {
      throw new IllegalArgumentException(
          "resolution "
              + text(resolution)
              + " runs the block with window "
              + text(g.window())
              + ", this kernel's window is "
              + shape.effectiveWindow()
              + (f == Family.VIDEO_SWIN ? " (set effective_window)" : ""));
    }
    return g;
  }

  /** E.g. {@code 56x56 shift 3}, {@code 4x56x56 shift 0x3x3}, {@code 196 tokens}. */
  public String describe() {
    return text(resolution) + (shift.isEmpty() ? " tokens" : " shift " + text(shift));
  }

  private static String example(Family f) {
    return switch (f) {
      case TEMPORAL -> "the spatial token count N, like 196";
      case VIDEO_SWIN -> "DxHxW like 16x56x56";
      default -> "HxW like 56x56";
    };
  }

  static String text(List<Integer> v) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.size(); i++) {
      sb.append(i == 0 ? "" : "x").append(v.get(i));
    }
    return sb.toString();
  }

  private static String text(int[] v) {
    return text(java.util.Arrays.stream(v).boxed().toList());
  }

  private static int[] ints(List<Integer> v) {
    return v.stream().mapToInt(Integer::intValue).toArray();
  }
}
