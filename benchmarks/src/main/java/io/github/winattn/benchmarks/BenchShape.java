package io.github.winattn.benchmarks;

import io.github.winattn.kernel.Mask;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.ShiftedWindowMask;
import io.github.winattn.shape.Window;
import java.util.Arrays;
import java.util.Locale;

/**
 * The workloads of the benchmark: one forward call of one Swin-T block's attention over all windows
 * of a batch of 224x224 images. Windows of a call = {@code batch * nW}, images outer.
 */
public enum BenchShape {
  /**
   * Stage 1, shifted block (SW-MSA), batch 1: 56x56 tokens, 64 windows of 7x7, dim 96, 3 heads,
   * masked.
   */
  SWIN_T_STAGE1_SW_MSA("swin_t_stage1_sw_msa", 1, 56, 7, 3, 96, 3),
  /**
   * Stage 3, regular block (W-MSA), batch 4: 14x14 tokens (4 windows per image), 16 windows of 7x7,
   * dim 384, 12 heads, no mask.
   */
  SWIN_T_STAGE3_W_MSA("swin_t_stage3_w_msa", 4, 14, 7, 0, 384, 12);

  private final String id;
  private final int batch;
  private final int resolution;
  private final int window;
  private final int shift;
  private final AttentionShape shape;

  BenchShape(String id, int batch, int resolution, int window, int shift, int dim, int heads) {
    this.id = id;
    this.batch = batch;
    this.resolution = resolution;
    this.window = window;
    this.shift = shift;
    this.shape =
        AttentionShape.builder(Family.SWIN_V1, Window.of2d(window, window), dim, heads).build();
  }

  /**
   * The identifier used in {@code @Param} and in result tables, e.g. {@code swin_t_stage3_w_msa}.
   */
  public String id() {
    return id;
  }

  /** The attention module's shape (Swin v1, qkv bias on, default scale). */
  public AttentionShape shape() {
    return shape;
  }

  /** Images per call. */
  public int batch() {
    return batch;
  }

  /** Windows per image nW: {@code (resolution / window)^2}. */
  public int windowsPerImage() {
    return ShiftedWindowMask.windows(
        new int[] {resolution, resolution}, new int[] {window, window});
  }

  /** Windows per forward call B_: {@code batch * nW}. */
  public int windows() {
    return batch * windowsPerImage();
  }

  /** Whether the block is shifted and so calls the kernel with a mask. */
  public boolean masked() {
    return shift > 0;
  }

  /** The block's SW-MSA mask {@code (nW, N, N)}, or {@link Mask#NONE} for an unshifted block. */
  public Mask mask() {
    if (!masked()) {
      return Mask.NONE;
    }
    int[] res = {resolution, resolution};
    int[] win = {window, window};
    return Mask.of(ShiftedWindowMask.build(res, win, new int[] {shift, shift}), windowsPerImage());
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
