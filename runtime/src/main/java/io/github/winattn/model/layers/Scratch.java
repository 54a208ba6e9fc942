package io.github.winattn.model.layers;

/**
 * One thread's scratch memory for the row steps of a model: the {@link MatMul} scratch rows and
 * tiles of {@link #TILE} rows for normalised inputs, MLP hidden activations and gathered patches.
 * Allocated once per thread and reused; never shared between threads.
 */
public final class Scratch {

  /**
   * Rows per tile of the fused row steps (a multiple of {@link MatMul#SCRATCH_ROWS}). Each tile
   * streams its layers' weights through the cache once, so larger tiles read them fewer times; 128
   * rows of Swin-T's widest hidden layer (3072) are 1.5 MB, within a core's L2.
   */
  public static final int TILE = 128;

  private final float[][] acc; // (MatMul.SCRATCH_ROWS, max(maxOut, MatMul.MIN_SCRATCH_COLUMNS))
  final float[] rows; // (TILE, maxWidth): normalised rows, gathered 4C rows, patches
  final float[] hidden; // (TILE, maxHidden)
  final float[] pooled; // (maxWidth)

  /**
   * @param maxOut widest output of any MatMul
   * @param maxWidth widest row a tile holds (4C of merging, C of blocks, patch features)
   * @param maxHidden widest MLP hidden layer
   */
  public Scratch(int maxOut, int maxWidth, int maxHidden) {
    this.acc = MatMul.newScratch(maxOut);
    this.rows = new float[TILE * maxWidth];
    this.hidden = new float[TILE * maxHidden];
    this.pooled = new float[maxWidth];
  }

  /** The scratch rows for {@link MatMul#forward}. */
  public float[][] acc() {
    return acc;
  }
}
