package io.github.winattn.benchmarks;

import io.github.winattn.kernel.Mask;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.ShiftedWindowMask;
import io.github.winattn.shape.Window;
import java.util.Arrays;
import java.util.Locale;

/**
 * The workloads of the benchmark suite: one forward call of one attention layer over all windows of
 * one image or clip (temporal attention: all sequences of a batch of 8 clips), as the official
 * model calls it. Windows of a call = {@code batch * windowsPerItem}, items outer. Shifted blocks
 * are benchmarked, so every stage that shifts its windows runs with its SW-MSA mask.
 */
public enum BenchShape {
  /** Swin-T 224, stage 1: 56x56 tokens, 64 windows of 7x7, C 96, 3 heads, shift 3 (masked). */
  SWIN_T_S1(
      "swin_t_s1",
      "Swin-T 224 stage 1",
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 96, 3).build(),
      1,
      new int[] {56, 56},
      new int[] {3, 3}),
  /** Swin-T 224, stage 2: 28x28 tokens, 16 windows of 7x7, C 192, 6 heads, shift 3 (masked). */
  SWIN_T_S2(
      "swin_t_s2",
      "Swin-T 224 stage 2",
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 192, 6).build(),
      1,
      new int[] {28, 28},
      new int[] {3, 3}),
  /** Swin-T 224, stage 3: 14x14 tokens, 4 windows of 7x7, C 384, 12 heads, shift 3 (masked). */
  SWIN_T_S3(
      "swin_t_s3",
      "Swin-T 224 stage 3",
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 384, 12).build(),
      1,
      new int[] {14, 14},
      new int[] {3, 3}),
  /** Swin-T 224, stage 4: 7x7 tokens, one window, C 768, 24 heads; no shift (window = input). */
  SWIN_T_S4(
      "swin_t_s4",
      "Swin-T 224 stage 4",
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(7, 7), 768, 24).build(),
      1,
      new int[] {7, 7},
      new int[] {0, 0}),
  /** Swin-B 384, stage 1: 96x96 tokens, 64 windows of 12x12 (N 144), C 128, 4 heads, shift 6. */
  SWIN_B384_S1(
      "swin_b384_s1",
      "Swin-B 384 stage 1",
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(12, 12), 128, 4).build(),
      1,
      new int[] {96, 96},
      new int[] {6, 6}),
  /**
   * Swin v2-T 256 window 16 ({@code swinv2_tiny_patch4_window16_256}), stage 1: 64x64 tokens, 16
   * windows of 16x16 (N 256), C 96, 3 heads, shift 8.
   */
  SWINV2_W16(
      "swinv2_w16",
      "Swin v2-T 256/w16 stage 1",
      AttentionShape.builder(Family.SWIN_V2, Window.of2d(16, 16), 96, 3).build(),
      1,
      new int[] {64, 64},
      new int[] {8, 8}),
  /**
   * Video Swin-T, 32 frames at 224, stage 1: 16x56x56 tokens, 128 windows of 8x7x7 (N 392), C 96, 3
   * heads, shift 4x3x3.
   */
  VIDEO_SWIN_8X7X7(
      "video_swin_8x7x7",
      "Video Swin-T 32x224 stage 1",
      AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(8, 7, 7), 96, 3).build(),
      1,
      new int[] {16, 56, 56},
      new int[] {4, 3, 3}),
  /**
   * Video Swin-T, 8 frames at 224, stage 1: 4x56x56 tokens, the 8x7x7 window clamped to 4x7x7 (N
   * 196), 64 windows, C 96, 3 heads, shift 0x3x3.
   */
  VIDEO_SWIN_4X7X7(
      "video_swin_4x7x7",
      "Video Swin-T 8x224 stage 1",
      AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(8, 7, 7), 96, 3)
          .effectiveWindow(Window.of3d(4, 7, 7))
          .build(),
      1,
      new int[] {4, 56, 56},
      new int[] {0, 3, 3}),
  /**
   * Temporal attention of adapt-image-models ViT-B/16 over 8 frames: 196 patch positions x batch 8
   * = 1,568 sequences of 8 tokens, C 768, 12 heads, no qkv bias.
   */
  TEMPORAL_T8(
      "temporal_t8",
      "AIM ViT-B temporal, 8 frames, batch 8",
      AttentionShape.builder(Family.TEMPORAL, Window.of1d(8), 768, 12).build(),
      8,
      null,
      null),
  /** As {@link #TEMPORAL_T8} over 16 frames: 1,568 sequences of 16 tokens. */
  TEMPORAL_T16(
      "temporal_t16",
      "AIM ViT-B temporal, 16 frames, batch 8",
      AttentionShape.builder(Family.TEMPORAL, Window.of1d(16), 768, 12).build(),
      8,
      null,
      null);

  /** Patch positions of a ViT-B/16 frame at 224 (14x14): the temporal sequences per clip. */
  static final int TEMPORAL_SEQUENCES_PER_CLIP = 196;

  private final String id;
  private final String model;
  private final AttentionShape shape;
  private final int batch;
  private final int[] resolution; // token grid of one item; null for temporal attention
  private final int[] shift; // per axis, after clamping; null for temporal attention

  BenchShape(
      String id, String model, AttentionShape shape, int batch, int[] resolution, int[] shift) {
    this.id = id;
    this.model = model;
    this.shape = shape;
    this.batch = batch;
    this.resolution = resolution;
    this.shift = shift;
  }

  /** The identifier used in {@code @Param} and in results, e.g. {@code swin_t_s1}. */
  public String id() {
    return id;
  }

  /** The model and layer this shape comes from, e.g. {@code Swin-T 224 stage 1}. */
  public String model() {
    return model;
  }

  /** The attention module's shape (the official defaults of its family). */
  public AttentionShape shape() {
    return shape;
  }

  /** Images, clips or temporal batches per call. */
  public int batch() {
    return batch;
  }

  /** Token grid of one image or clip ({@code [H, W]} or {@code [D, H, W]}); empty for temporal. */
  public int[] resolution() {
    return resolution == null ? new int[0] : resolution.clone();
  }

  /** Shift per axis after clamping (all zero for an unshifted block); empty for temporal. */
  public int[] shift() {
    return shift == null ? new int[0] : shift.clone();
  }

  /** The window the tokens fill, per axis ({@code [H, W]} or {@code [D, H, W]}). */
  public int[] windowSizes() {
    Window w = shape.effectiveWindow();
    int[] sizes = new int[w.rank()];
    for (int a = 0; a < sizes.length; a++) {
      sizes[a] = w.size(a);
    }
    return sizes;
  }

  /** Windows (temporal: sequences) per item nW. */
  public int windowsPerItem() {
    if (resolution == null) {
      return TEMPORAL_SEQUENCES_PER_CLIP;
    }
    return ShiftedWindowMask.windows(resolution, windowSizes());
  }

  /** Windows per forward call B_: {@code batch * nW}. */
  public int windows() {
    return batch * windowsPerItem();
  }

  /** Whether the block shifts its windows and so calls the kernel with a mask. */
  public boolean masked() {
    return shift != null && Arrays.stream(shift).anyMatch(s -> s > 0);
  }

  /** The block's SW-MSA mask {@code (nW, N, N)}, or {@link Mask#NONE} for an unshifted block. */
  public Mask mask() {
    if (!masked()) {
      return Mask.NONE;
    }
    return Mask.of(ShiftedWindowMask.build(resolution, windowSizes(), shift), windowsPerItem());
  }

  /** Floating point operations of one forward call: {@code flopsPerWindow() * windows()}. */
  public long flopsPerCall() {
    return shape.flopsPerWindow() * windows();
  }

  /** Input (and output) floats of one call: {@code windows * N * C}. */
  public int activationLength() {
    return windows() * shape.tokens() * shape.dim();
  }

  /** Parses an {@link #id()}; the message lists the valid ones. */
  public static BenchShape fromId(String id) {
    for (BenchShape s : values()) {
      if (s.id.equals(id.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown benchmark shape '"
            + id
            + "' (expected one of "
            + Arrays.stream(values()).map(BenchShape::id).toList()
            + ")");
  }
}
