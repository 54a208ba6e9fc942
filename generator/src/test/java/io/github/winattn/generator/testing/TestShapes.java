package io.github.winattn.generator.testing;

import io.github.winattn.generator.KernelSpec;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.List;

/** Shapes covering every family and edge the tests compare against the reference kernel. */
public final class TestShapes {

  private TestShapes() {}

  public static AttentionShape shape(Family f, Window w, int dim, int heads) {
    return AttentionShape.builder(f, w, dim, heads).build();
  }

  /** Every family, non-square windows, N = 1 and 5, d = 20, options off their defaults. */
  public static List<KernelSpec> correctness() {
    return List.of(
        // Swin-T stage 1
        KernelSpec.of(shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 3), true),
        // C = 256: projections read MR-interleaved inputs; N = 9 (MR = 5, one padding row)
        KernelSpec.of(shape(Family.SWIN_V1, Window.of2d(3, 3), 256, 4), true),
        // non-square window (a swapped stride shows), d = 20: column tails
        KernelSpec.of(shape(Family.SWIN_V1, Window.of2d(3, 5), 40, 2), true),
        // N = 1, no qkv bias, qk_scale override, C = 24
        KernelSpec.of(
            AttentionShape.builder(Family.SWIN_V1, Window.of2d(1, 1), 24, 1)
                .qkvBias(false)
                .qkScale(0.125f)
                .build(),
            true),
        // N = 5 (MR = 5)
        KernelSpec.of(shape(Family.SWIN_V1, Window.of2d(1, 5), 20, 1), true),
        // unmasked kernel, N = 12x12 (MR = 8 with rows 144)
        KernelSpec.of(shape(Family.SWIN_V1, Window.of2d(12, 12), 64, 2), false),
        // v2 with pretrained window, non-square
        KernelSpec.of(
            AttentionShape.builder(Family.SWIN_V2, Window.of2d(4, 6), 48, 3)
                .pretrainedWindow(Window.of2d(3, 4))
                .build(),
            true),
        // v2 without qkv bias
        KernelSpec.of(
            AttentionShape.builder(Family.SWIN_V2, Window.of2d(8, 8), 64, 2).qkvBias(false).build(),
            true),
        // Video Swin, clamped window (index of the full 2x7x7 window restricted)
        KernelSpec.of(
            AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 7, 7), 96, 3)
                .effectiveWindow(Window.of3d(1, 7, 7))
                .build(),
            true),
        // Video Swin, 3-D non-square, N = 24
        KernelSpec.of(shape(Family.VIDEO_SWIN, Window.of3d(2, 3, 4), 48, 2), true),
        // Video Swin clamped on two axes
        KernelSpec.of(
            AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(4, 4, 4), 32, 2)
                .effectiveWindow(Window.of3d(2, 4, 3))
                .build(),
            true),
        // temporal defaults: 8 heads, no qkv bias, scale after the product
        KernelSpec.of(shape(Family.TEMPORAL, Window.of1d(8), 64, 8), true),
        // temporal with_qkv=False
        KernelSpec.of(
            AttentionShape.builder(Family.TEMPORAL, Window.of1d(5), 40, 2).withQkv(false).build(),
            true),
        // temporal with qkv bias and qk_scale
        KernelSpec.of(
            AttentionShape.builder(Family.TEMPORAL, Window.of1d(16), 96, 4)
                .qkvBias(true)
                .qkScale(0.3f)
                .build(),
            true));
  }
}
