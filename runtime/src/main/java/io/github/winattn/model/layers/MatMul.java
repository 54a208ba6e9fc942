package io.github.winattn.model.layers;

/**
 * {@code nn.Linear(in, out)} on rows: {@code y = epilogue(x W^T + b)} for rows of {@code x (rows,
 * in)}. The model's layers hold this interface and never know which implementation runs: {@link
 * Linear} (plain Java that C2 auto-vectorises, always available) or the Vector API register tiles
 * that {@link MatMulKind#create} picks when {@code jdk.incubator.vector} is in the boot layer.
 *
 * <p>Implementations are immutable and thread-safe; scratch memory is the caller's ({@link
 * #newScratch}).
 */
public interface MatMul {

  /** What happens to {@code x W^T + b} before it is stored. */
  enum Epilogue {
    /** {@code y = x W^T + b}. */
    NONE,
    /** {@code y = gelu(x W^T + b)} (exact GELU, {@link Gelu}). */
    GELU,
    /** {@code y = residual + (x W^T + b)}; {@code y} may be the residual itself. */
    ADD
  }

  /** Rows of the scratch of {@link #newScratch}. */
  int SCRATCH_ROWS = 4;

  /** Smallest width of a scratch row: room for one spilled register-tile row of any vector size. */
  int MIN_SCRATCH_COLUMNS = 256;

  /**
   * Scratch for {@link #forward} of every implementation: {@link #SCRATCH_ROWS} arrays of at least
   * {@code max(maxOut, MIN_SCRATCH_COLUMNS)} floats.
   */
  static float[][] newScratch(int maxOut) {
    return new float[SCRATCH_ROWS][Math.max(maxOut, MIN_SCRATCH_COLUMNS)];
  }

  /** Input features. */
  int in();

  /** Output features. */
  int out();

  /** {@code "plain"} or {@code "vector"}: which implementation this is. */
  String implementation();

  /**
   * Computes rows {@code [from, to)}: row {@code r} reads {@code x[xOffset + r*in ...]} and writes
   * {@code y[yOffset + r*out ...]}; with {@link Epilogue#ADD} it adds {@code
   * residual[residualOffset + r*out ...]}. {@code x} must not overlap the rows written. The caller
   * checks array lengths.
   *
   * @param acc scratch from {@link #newScratch} of at least {@link #out()} columns
   */
  void forward(
      float[] x,
      int xOffset,
      float[] y,
      int yOffset,
      int from,
      int to,
      Epilogue epilogue,
      float[] residual,
      int residualOffset,
      float[][] acc);
}
