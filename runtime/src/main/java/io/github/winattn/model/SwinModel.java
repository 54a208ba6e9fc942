package io.github.winattn.model;

import io.github.winattn.kernel.MlpKernel;
import io.github.winattn.kernel.ParallelForward;
import io.github.winattn.model.layers.LayerNorm;
import io.github.winattn.model.layers.MatMul;
import io.github.winattn.model.layers.MatMulKind;
import io.github.winattn.model.layers.PatchEmbed;
import io.github.winattn.model.layers.PatchMerging;
import io.github.winattn.model.layers.Scratch;
import io.github.winattn.model.layers.SwinBlock;
import io.github.winattn.weights.TensorSource;
import io.github.winattn.weights.WeightBindingException;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A whole Swin v1 or v2 image model as the official {@code SwinTransformer} computes it in {@code
 * eval()}: patch embedding (and {@code ape}), the stages of blocks with the shifted-window
 * attention of {@link io.github.winattn.featuremap}, patch merging between stages, the final norm,
 * the mean over tokens and the head.
 *
 * <p>Immutable and thread-safe. Each calling thread reuses its own workspace (three maps of the
 * batch's largest stage, grown when a larger batch comes), and each thread that runs a part of a
 * call its own scratch tiles, so a warm call at one thread allocates nothing. The parallel variants
 * split every step (patch rows, windows, token rows) into contiguous chunks on the caller's
 * executor with {@link ParallelForward}'s guarantees. Every argument is checked before anything is
 * written.
 */
public final class SwinModel {

  private final SwinConfig config;
  private final PatchEmbed embed;
  private final SwinBlock[][] stages; // arrays: no iterator per call
  private final PatchMerging[] merging;
  private final LayerNorm norm;
  private final MatMul head; // null without head
  private final MatMulKind matMul; // PLAIN or VECTOR
  private final int mapFloats; // largest tokens * dim of one image over the stages
  private final int imageFloats;
  private final ThreadLocal<Scratch> scratch;
  private final ThreadLocal<Workspace> workspace = new ThreadLocal<>();

  SwinModel(
      SwinConfig config,
      PatchEmbed embed,
      List<List<SwinBlock>> stages,
      List<PatchMerging> merging,
      LayerNorm norm,
      MatMul head,
      MatMulKind matMul) {
    this.config = config;
    this.embed = embed;
    this.stages = new SwinBlock[stages.size()][];
    for (int i = 0; i < this.stages.length; i++) {
      this.stages[i] = stages.get(i).toArray(new SwinBlock[0]);
    }
    this.merging = merging.toArray(new PatchMerging[0]);
    this.norm = norm;
    this.head = head;
    this.matMul = matMul;
    int map = 0;
    int maxOut = config.outputs();
    int maxWidth = Math.max(embed.patchFeatures(), config.numFeatures());
    int maxHidden = 1;
    for (int i = 0; i < config.stages(); i++) {
      int dim = config.stageDim(i);
      map = Math.max(map, config.stageTokens(i) * dim);
      maxOut = Math.max(maxOut, Math.max(2 * dim, config.hidden(i)));
      maxWidth = Math.max(maxWidth, 4 * dim);
      maxHidden = Math.max(maxHidden, config.hidden(i));
    }
    this.mapFloats = map;
    this.imageFloats = config.inChans() * config.imageHeight() * config.imageWidth();
    int out = maxOut;
    int width = maxWidth;
    int hidden = maxHidden;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(out, width, hidden));
  }

  /**
   * Loads a model from an official or timm state dict ({@link
   * io.github.winattn.safetensors.SafetensorsFile} or any {@link TensorSource}): detects the
   * naming, infers what the tensors reveal, checks it against {@code options}, checks every tensor
   * (missing, wrong shape, unknown, attention buffers) and binds each block's attention through the
   * registry (or the kernel choice of the options).
   *
   * @throws WeightBindingException listing every problem, each naming the tensor with the expected
   *     and actual shape
   */
  public static SwinModel load(TensorSource checkpoint, SwinModelOptions options) {
    return SwinModelLoader.load(checkpoint, options);
  }

  /** The resolved configuration. */
  public SwinConfig config() {
    return config;
  }

  /** Values per image that {@code classify} writes: the classes (the features without a head). */
  public int numClasses() {
    return config.outputs();
  }

  public int imageHeight() {
    return config.imageHeight();
  }

  public int imageWidth() {
    return config.imageWidth();
  }

  /**
   * Values of one stage-{@code i} output per image, {@code H_i * W_i * C_i} ({@link #features}).
   */
  public int featureSize(int stage) {
    return config.stageTokens(stage) * config.stageDim(stage);
  }

  /**
   * Which matrix product every linear layer (patch embedding, MLPs, merging reductions, head) runs:
   * {@code "vector"} (Vector API register tiles) or {@code "plain"} ({@code
   * SwinModelOptions.Builder#matMul}).
   */
  public String matMulImplementation() {
    return matMul.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Describes the attention implementation of each stage, e.g. {@code [reference, ...]}. */
  public List<String> attentionImplementations() {
    return java.util.Arrays.stream(stages).map(s -> s[0].attention().implementation()).toList();
  }

  /**
   * {@code "generated"} or {@code "generic"}: the MLP implementation of each stage's first block.
   */
  public List<String> mlpImplementations() {
    return java.util.Arrays.stream(stages).map(s -> s[0].mlpImplementation()).toList();
  }

  /**
   * Logits {@code (batch, numClasses)} at {@code logitsOffset} of images {@code (batch, in_chans,
   * H, W)} (normalised as the model expects) at {@code imagesOffset}, on the calling thread.
   *
   * @throws IllegalArgumentException if an array is too short or an offset or batch is negative
   */
  public void classify(
      float[] images, int imagesOffset, int batch, float[] logits, int logitsOffset) {
    checkImages(images, imagesOffset, batch);
    checkRange("logits", logits, logitsOffset, (long) batch * numClasses());
    run(images, imagesOffset, batch, logits, logitsOffset, null, null, 1);
  }

  /**
   * {@link #classify} with every step split into at most {@code parallelism} chunks on {@code
   * executor} and the calling thread; returns when every chunk is done.
   */
  public void classifyParallel(
      float[] images,
      int imagesOffset,
      int batch,
      float[] logits,
      int logitsOffset,
      Executor executor,
      int parallelism) {
    checkImages(images, imagesOffset, batch);
    checkRange("logits", logits, logitsOffset, (long) batch * numClasses());
    checkExecutor(executor, parallelism);
    run(images, imagesOffset, batch, logits, logitsOffset, null, executor, parallelism);
  }

  /**
   * The output of each stage's blocks before its downsample, {@code (batch, H_i * W_i, C_i)} into
   * {@code stages[i]} from index 0 (at least {@code batch * }{@link #featureSize featureSize(i)}
   * values each), as a detection or segmentation backbone uses them. The head is not run.
   */
  public void features(float[] images, int imagesOffset, int batch, float[][] stages) {
    checkImages(images, imagesOffset, batch);
    checkFeatures(stages, batch);
    run(images, imagesOffset, batch, null, 0, stages, null, 1);
  }

  /** {@link #features} split into chunks on {@code executor} like {@link #classifyParallel}. */
  public void featuresParallel(
      float[] images,
      int imagesOffset,
      int batch,
      float[][] stages,
      Executor executor,
      int parallelism) {
    checkImages(images, imagesOffset, batch);
    checkFeatures(stages, batch);
    checkExecutor(executor, parallelism);
    run(images, imagesOffset, batch, null, 0, stages, executor, parallelism);
  }

  private void checkImages(float[] images, int offset, int batch) {
    if (batch < 0) {
      throw new IllegalArgumentException("batch must be >= 0 (got " + batch + ")");
    }
    checkRange("images", images, offset, (long) batch * imageFloats);
  }

  private void checkFeatures(float[][] out, int batch) {
    if (out == null || out.length != config.stages()) {
      throw new IllegalArgumentException(
          "stages: expected "
              + config.stages()
              + " arrays (one per stage), got "
              + (out == null ? "null" : out.length));
    }
    for (int i = 0; i < out.length; i++) {
      checkRange("stages[" + i + "]", out[i], 0, (long) batch * featureSize(i));
    }
  }

  private static void checkExecutor(Executor executor, int parallelism) {
    if (executor == null) {
      throw new IllegalArgumentException("executor == null");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1 (got " + parallelism + ")");
    }
  }

  private static void checkRange(String what, float[] a, int offset, long count) {
    if (a == null) {
      throw new IllegalArgumentException(what + " == null");
    }
    if (offset < 0 || offset + count > a.length) {
      throw new IllegalArgumentException(
          what
              + ": expected "
              + count
              + " values from offset "
              + offset
              + ", array has "
              + a.length);
    }
  }

  /** The calling thread's workspace, grown to {@code batch} images. */
  private Workspace workspace(int batch) {
    Workspace ws = workspace.get();
    if (ws == null || ws.batch < batch) {
      ws = new Workspace(new Steps(), batch, mapFloats, config.numFeatures());
      workspace.set(ws);
    }
    return ws;
  }

  /**
   * One forward pass; {@code executor == null} runs every step on the calling thread. In parallel,
   * the row-local steps share a round: patch embedding with the first block's {@code norm1}, and
   * each block's MLP with the next block's {@code norm1} (row r of the norm needs row r of the MLP
   * only), so a block costs two rounds (attention, then MLP) instead of three; the round's work is
   * the calling thread's {@link Steps}, not a lambda per step.
   */
  private void run(
      float[] images,
      int imagesOffset,
      int batch,
      float[] logits,
      int logitsOffset,
      float[][] features,
      Executor executor,
      int parallelism) {
    if (batch == 0) {
      return;
    }
    Workspace ws = workspace(batch);
    float[] x = ws.x;
    float[] other = ws.other;
    float[] y = ws.y;
    int rows = batch * embed.tokens();
    Steps steps = ws.steps.busy ? new Steps() : ws.steps;
    steps.busy = true;
    try {
      if (executor == null) {
        embed.rows(images, imagesOffset, x, 0, rows, scratch.get());
      } else {
        steps.embed(images, imagesOffset, x, other, first(0));
        ParallelForward.runRanges(rows, executor, parallelism, steps);
      }
      for (int i = 0; i < stages.length; i++) {
        rows = batch * config.stageTokens(i);
        SwinBlock[] blocks = stages[i];
        for (int j = 0; j < blocks.length; j++) {
          SwinBlock block = blocks[j];
          float[] attnIn = block.preNorm() ? other : x;
          if (executor == null) {
            if (block.preNorm()) {
              block.preNormRows(x, other, 0, rows);
            }
            block.attention().forward(attnIn, 0, y, 0, batch);
            block.mlpRows(x, y, 0, rows, scratch.get());
          } else {
            // norm1 of this block ran in the previous round (embedding, MLP or merging's own)
            block.attention().forwardParallel(attnIn, 0, y, 0, batch, executor, parallelism);
            SwinBlock next = j + 1 < blocks.length ? blocks[j + 1] : null;
            if (block.mlpSplitUnits(0, rows) > 0) {
              // few rows: split by columns, so that each thread reads a share of the weights
              float[] shared = ws.mlpShared(block.mlpSplitScratchFloats(rows));
              // Swin v1's last phase is empty but for the next block's norm1: no round without it
              boolean lastPhase = !block.preNorm() || (next != null && next.preNorm());
              int phases = MlpKernel.SPLIT_PHASES - (lastPhase ? 0 : 1);
              for (int phase = 0; phase < phases; phase++) {
                steps.mlpSplit(block, phase, x, y, rows, shared, other, next);
                ParallelForward.runRanges(
                    block.mlpSplitUnits(phase, rows), executor, parallelism, steps);
              }
            } else {
              steps.mlp(block, x, y, other, next);
              ParallelForward.runRanges(rows, executor, parallelism, steps);
            }
          }
        }
        if (features != null) {
          System.arraycopy(x, 0, features[i], 0, rows * config.stageDim(i));
        }
        if (i < merging.length) {
          PatchMerging m = merging[i];
          int outRows = batch * m.outputTokens();
          if (executor == null) {
            m.rows(x, 0, other, 0, 0, outRows, scratch.get());
          } else {
            steps.merge(m, x, other);
            ParallelForward.runRanges(outRows, executor, parallelism, steps);
          }
          float[] swap = x;
          x = other;
          other = swap;
          SwinBlock firstNext = first(i + 1);
          if (executor != null && firstNext != null) {
            // the merged map's norm1 for the next stage's first block (merging reads 2x2 rows, so
            // it cannot share the merging's round)
            steps.norm(firstNext, x, other);
            ParallelForward.runRanges(
                batch * config.stageTokens(i + 1), executor, parallelism, steps);
          }
        }
      }
    } finally {
      steps.clear();
    }
    if (logits != null) {
      classifyHead(x, other, ws.pooled, batch, logits, logitsOffset);
    }
  }

  /** The first block of stage {@code i} if it is pre-norm (its norm1 is due), else null. */
  private SwinBlock first(int i) {
    return i < stages.length && stages[i].length > 0 && stages[i][0].preNorm()
        ? stages[i][0]
        : null;
  }

  /**
   * The row-local steps of one parallel call as a {@link ParallelForward.Range}, reused by the
   * calling thread: which step and its arrays are set before each round and dropped after the call.
   * Each thread that runs a chunk uses its own scratch tiles.
   */
  private final class Steps implements ParallelForward.Range {
    private static final int EMBED = 0;
    private static final int MLP = 1;
    private static final int MERGE = 2;
    private static final int NORM = 3;
    private static final int MLP_SPLIT = 4;
    private int kind;
    private float[] images;
    private int imagesOffset;
    private float[] x;
    private float[] y;
    private float[] normed;
    private SwinBlock block;
    private SwinBlock nextNorm; // null: no norm1 in this round
    private PatchMerging merging;
    private int phase;
    private int rows;
    private float[] shared;
    boolean busy;

    void embed(float[] images, int imagesOffset, float[] x, float[] normed, SwinBlock nextNorm) {
      this.kind = EMBED;
      this.images = images;
      this.imagesOffset = imagesOffset;
      this.x = x;
      this.normed = normed;
      this.nextNorm = nextNorm;
    }

    void mlp(SwinBlock block, float[] x, float[] y, float[] normed, SwinBlock next) {
      this.kind = MLP;
      this.block = block;
      this.x = x;
      this.y = y;
      this.normed = normed;
      this.nextNorm = next != null && next.preNorm() ? next : null;
    }

    /** Phase {@code phase} of the MLP split by columns; the next norm1 runs in the last phase. */
    void mlpSplit(
        SwinBlock block,
        int phase,
        float[] x,
        float[] y,
        int rows,
        float[] shared,
        float[] normed,
        SwinBlock next) {
      mlp(block, x, y, normed, phase == MlpKernel.SPLIT_PHASES - 1 ? next : null);
      this.kind = MLP_SPLIT;
      this.phase = phase;
      this.rows = rows;
      this.shared = shared;
    }

    void merge(PatchMerging merging, float[] x, float[] out) {
      this.kind = MERGE;
      this.merging = merging;
      this.x = x;
      this.y = out;
    }

    void norm(SwinBlock block, float[] x, float[] normed) {
      this.kind = NORM;
      this.nextNorm = block;
      this.x = x;
      this.normed = normed;
    }

    /** Drops the references, so the thread's workspace keeps no caller array alive. */
    void clear() {
      images = null;
      x = null;
      y = null;
      normed = null;
      block = null;
      nextNorm = null;
      merging = null;
      shared = null;
      busy = false;
    }

    @Override
    public void run(int from, int to) {
      switch (kind) {
        case EMBED -> embed.rows(images, imagesOffset, x, from, to, scratch.get());
        case MLP -> block.mlpRows(x, y, from, to, scratch.get());
        case MLP_SPLIT -> block.mlpSplit(phase, x, y, rows, shared, from, to);
        case MERGE -> merging.rows(x, 0, y, 0, from, to, scratch.get());
        default -> {}
      }
      if (kind != MERGE && nextNorm != null) {
        nextNorm.preNormRows(x, normed, from, to);
      }
    }
  }

  /** {@code norm}, mean over tokens (in double), head; small, on the calling thread. */
  private void classifyHead(
      float[] x, float[] normed, float[] pooled, int batch, float[] logits, int logitsOffset) {
    int last = config.stages() - 1;
    int tokens = config.stageTokens(last);
    int c = config.numFeatures();
    norm.apply(x, 0, normed, 0, 0, batch * tokens);
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < c; k++) {
        double sum = 0;
        for (int t = 0; t < tokens; t++) {
          sum += normed[(b * tokens + t) * c + k];
        }
        pooled[b * c + k] = (float) (sum / tokens);
      }
    }
    if (head == null) {
      System.arraycopy(pooled, 0, logits, logitsOffset, batch * c);
    } else {
      head.forward(
          pooled,
          0,
          logits,
          logitsOffset,
          0,
          batch,
          MatMul.Epilogue.NONE,
          null,
          0,
          scratch.get().acc());
    }
  }

  /**
   * The calling thread's maps for one call: the residual stream, a second map, attention output.
   */
  private static final class Workspace {
    final int batch;
    final float[] x;
    final float[] other;
    final float[] y;
    final float[] pooled;
    final Steps steps;
    private float[] mlpShared = new float[0];

    Workspace(Steps steps, int batch, int mapFloats, int features) {
      this.steps = steps;
      long size = (long) batch * mapFloats;
      if (size > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("batch " + batch + " is too large for one call");
      }
      this.batch = batch;
      this.x = new float[(int) size];
      this.other = new float[(int) size];
      this.y = new float[(int) size];
      this.pooled = new float[batch * features];
    }

    /** The shared scratch of a split MLP call, grown on first use (warm calls allocate nothing). */
    float[] mlpShared(int floats) {
      if (mlpShared.length < floats) {
        mlpShared = new float[floats];
      }
      return mlpShared;
    }
  }
}
