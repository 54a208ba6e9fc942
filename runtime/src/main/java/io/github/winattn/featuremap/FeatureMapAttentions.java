package io.github.winattn.featuremap;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.kernel.ParallelForward;
import io.github.winattn.kernel.SplitScratch;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.registry.KernelChoice;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.weights.AttentionWeights;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Feature-map attention around a bound window kernel. The window grid, the roll, the padding and
 * the crop are folded into a table of map rows per window token, computed once here; each window's
 * region ids come from its window class (interior windows have one region).
 *
 * <ul>
 *   <li>A {@link ReferenceKernel} reads and writes the map rows directly ({@link
 *       ReferenceKernel#forwardTokens}) and skips cross-region pairs in the softmax: no copy, no
 *       mask.
 *   <li>A generated {@link FeatureMapKernel} configured for this map (resolution and shift) reads
 *       and writes the map rows itself through the same row table and skips cross-region pairs in
 *       its generated softmax per window class: no copy, no mask.
 *   <li>Any other kernel gets each window gathered into a per-thread buffer of {@code N*C} floats,
 *       computed with {@link Mask#NONE} for one-region windows and with its class's {@code (N, N)}
 *       mask (at most {@code 2^rank} of them, built here from the region ids, {@link #SKIPPED}
 *       between regions) otherwise, and scattered back.
 * </ul>
 */
public final class FeatureMapAttentions {

  /**
   * What the class masks of the gathered path put between regions instead of the official -100:
   * finite, and so negative that {@code exp} of it is exactly 0, which is skipping the pair. With
   * -100 the weight would be {@code e^-100} of the row's scale (about 3.7e-44), below float32
   * precision but a subnormal float, and arithmetic on subnormals is slow on many CPUs (measured:
   * 2x on a whole Swin-T stage, README "Attention on whole feature maps").
   */
  public static final float SKIPPED = -1e30f;

  private FeatureMapAttentions() {}

  /**
   * Wraps {@code kernel} for maps of {@code geometry}.
   *
   * @throws IllegalArgumentException if the kernel's shape does not match the geometry (family, the
   *     clamped window as its tokens, and for Video Swin the full window the block was given), or
   *     the map is shifted and the kernel was generated without mask support
   */
  public static FeatureMapAttention of(AttentionKernel kernel, FeatureMapGeometry geometry) {
    if (kernel == null || geometry == null) {
      throw new IllegalArgumentException("kernel and geometry must not be null");
    }
    checkShape(kernel.shape(), geometry);
    return new Bound(kernel, geometry);
  }

  /**
   * Binds {@code weights} through the shared {@link KernelRegistry} (generated kernel when there is
   * one, else the reference kernel with the registry's one-time WARNING) and wraps the kernel.
   */
  public static FeatureMapAttention bind(AttentionWeights weights, FeatureMapGeometry geometry) {
    return bind(weights, geometry, KernelChoice.AUTO);
  }

  /**
   * Binds {@code weights} through the shared {@link KernelRegistry} with {@code choice} and wraps
   * the kernel: the generated feature-map entry when the catalogue's kernel was generated for this
   * map (resolution and shift), else that kernel with gathered windows (one-time INFO saying which
   * {@code kernels.yaml} keys would fuse it), else the reference kernel (the registry's one-time
   * WARNING). {@link FeatureMapAttention#implementation()} says which.
   */
  public static FeatureMapAttention bind(
      AttentionWeights weights, FeatureMapGeometry geometry, KernelChoice choice) {
    checkShape(weights.shape(), geometry);
    AttentionKernel kernel =
        KernelRegistry.shared().bind(weights, choice, geometry.shifted(), configHint(geometry));
    if (!(kernel instanceof ReferenceKernel)
        && !(kernel instanceof FeatureMapKernel f && f.featureMap(geometry) >= 0)
        && UNFUSED.add(kernel.shape().describe() + "|" + geometry)) {
      Logger.getLogger(FeatureMapAttentions.class.getName())
          .log(
              Level.INFO,
              "WinAttn: no fused feature-map entry for "
                  + geometry
                  + " in "
                  + kernel.getClass().getName()
                  + "; windows are gathered into a buffer (add "
                  + configHint(geometry)
                  + " to its kernels.yaml entry to fuse them)");
    }
    return of(kernel, geometry);
  }

  private static final Set<String> UNFUSED = ConcurrentHashMap.newKeySet();

  /** The kernels.yaml keys of a map, e.g. {@code resolution: 56x56, shift: 3}. */
  static String configHint(FeatureMapGeometry g) {
    int[] size = g.size();
    if (g.family() == Family.TEMPORAL) {
      return "resolution: " + size[1];
    }
    int[] shift = g.requestedShift();
    return "resolution: "
        + join(size)
        + ", shift: "
        + (g.family() == Family.VIDEO_SWIN ? join(shift) : String.valueOf(shift[0]));
  }

  /** The window kernel shape a block of {@code geometry} runs: its window and effective window. */
  static void checkShape(AttentionShape shape, FeatureMapGeometry geometry) {
    if (shape.family() != geometry.family()) {
      throw new IllegalArgumentException(
          "kernel family " + shape.family() + " does not match the map's " + geometry.family());
    }
    int[] window = geometry.window();
    int[] effective = new int[window.length];
    int[] full = new int[window.length];
    for (int a = 0; a < window.length; a++) {
      effective[a] = shape.effectiveWindow().size(a);
      full[a] = shape.window().size(a);
    }
    int[] expectedFull =
        geometry.family() == Family.VIDEO_SWIN ? geometry.requestedWindow() : window;
    if (!Arrays.equals(effective, window) || !Arrays.equals(full, expectedFull)) {
      throw new IllegalArgumentException(
          "kernel "
              + shape.describe()
              + " does not fit "
              + geometry
              + ": it needs window "
              + join(expectedFull)
              + (Arrays.equals(expectedFull, window) ? "" : " effective " + join(window)));
    }
  }

  private static String join(int[] v) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : "x").append(v[i]);
    }
    return sb.toString();
  }

  /** The one implementation; see the class comment for its three modes. */
  private static final class Bound implements FeatureMapAttention {
    private final AttentionKernel kernel;
    private final ReferenceKernel reference; // null unless the kernel is the reference
    private final FeatureMapKernel fused; // null unless the kernel has this map's fused entry
    private final int fusedMap; // the fused entry's map index
    private final FeatureMapGeometry geometry;
    private final int n;
    private final int c;
    private final int nW;
    private final int imageSize; // rowsPerImage * C
    private final int[] rows; // (nW, N): map row of each window token, -1 for padding
    private final int[] windowClass; // (nW)
    private final int[][] regions; // (classes, N); null for one-region classes
    private final Mask[] classMasks; // (classes): (1, N, N) or NONE
    private final ThreadLocal<Workspace> workspace;

    Bound(AttentionKernel kernel, FeatureMapGeometry geometry) {
      this.kernel = kernel;
      this.reference = kernel instanceof ReferenceKernel r ? r : null;
      int map = kernel instanceof FeatureMapKernel f ? f.featureMap(geometry) : -1;
      this.fused = map >= 0 ? (FeatureMapKernel) kernel : null;
      this.fusedMap = map;
      this.geometry = geometry;
      this.n = geometry.tokens();
      this.c = kernel.shape().dim();
      this.nW = geometry.windows();
      long size = (long) geometry.rowsPerImage() * c;
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "one map of " + geometry + " x " + c + " channels is too large");
      }
      this.imageSize = (int) size;
      this.rows = new int[nW * n];
      this.windowClass = new int[nW];
      for (int w = 0; w < nW; w++) {
        windowClass[w] = geometry.windowClass(w);
        for (int t = 0; t < n; t++) {
          rows[w * n + t] = geometry.row(w, t);
        }
      }
      int classes = geometry.windowClasses();
      this.regions = new int[classes][];
      this.classMasks = new Mask[classes];
      for (int cls = 0; cls < classes; cls++) {
        classMasks[cls] = Mask.NONE;
        int w = geometry.windowOfClass(cls);
        if (w < 0) {
          continue;
        }
        int[] ids = new int[n];
        geometry.regions(w, ids);
        if (Arrays.stream(ids).anyMatch(id -> id != ids[0])) {
          regions[cls] = ids;
          if (reference == null && fused == null) {
            classMasks[cls] = Mask.of(maskOf(ids), 1);
            // an empty range checks the call, mask support included, and computes nothing: a kernel
            // generated without masks is refused here, not after some windows were written
            float[] probe = new float[n * c];
            kernel.forward(probe, 0, probe, 0, classMasks[cls], 1, 1);
          }
        }
      }
      int group = fused == null ? 1 : fused.windowGroup();
      this.workspace = ThreadLocal.withInitial(() -> new Workspace(this, n, c, group));
    }

    /**
     * The {@code (N, N)} mask of one window class: 0 within a region, {@link #SKIPPED} across, so
     * that a cross-region pair gets weight exactly 0, as if skipped.
     */
    private static float[] maskOf(int[] ids) {
      int n = ids.length;
      float[] mask = new float[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          mask[i * n + j] = ids[i] == ids[j] ? 0f : SKIPPED;
        }
      }
      return mask;
    }

    @Override
    public FeatureMapGeometry geometry() {
      return geometry;
    }

    @Override
    public AttentionShape shape() {
      return kernel.shape();
    }

    @Override
    public String implementation() {
      if (reference != null) {
        return kernel.implementation();
      }
      return kernel.implementation() + (fused != null ? " (fused feature map)" : " (gathered)");
    }

    @Override
    public void forward(
        float[] x,
        int xOffset,
        float[] out,
        int outOffset,
        int images,
        int fromWindow,
        int toWindow) {
      check(x, xOffset, out, outOffset, images, fromWindow, toWindow);
      Workspace ws = workspace.get();
      if (fused != null && reference == null) {
        forwardFused(x, xOffset, out, outOffset, fromWindow, toWindow, ws);
        return;
      }
      for (int k = fromWindow; k < toWindow; k++) {
        int image = k / nW;
        int w = k - image * nW;
        int xBase = xOffset + image * imageSize;
        int outBase = outOffset + image * imageSize;
        int base = w * n;
        int cls = windowClass[w];
        if (reference != null) {
          // x_windows = window_partition(torch.roll(F.pad(x), -shift)): row offsets, no copy
          for (int t = 0; t < n; t++) {
            int r = rows[base + t];
            ws.xRows[t] = r < 0 ? -1 : xBase + r * c;
            ws.outRows[t] = r < 0 ? -1 : outBase + r * c;
          }
          reference.forwardTokens(x, ws.xRows, out, ws.outRows, regions[cls]);
        } else {
          gathered(x, xBase, out, outBase, base, cls, ws);
        }
      }
    }

    /**
     * The generated fused entry: loads and stores through the row table, cross-region pairs
     * skipped, and windows handed over {@code windowGroup()} at a time, so that the kernel's
     * projections read each weight panel once per group instead of once per window.
     */
    private void forwardFused(
        float[] x, int xOffset, float[] out, int outOffset, int from, int to, Workspace ws) {
      int[] windows = ws.windows;
      int group = windows.length / FeatureMapKernel.WINDOW_INTS;
      for (int k0 = from; k0 < to; k0 += group) {
        int count = Math.min(group, to - k0);
        for (int i = 0; i < count; i++) {
          int k = k0 + i;
          int image = k / nW;
          int w = k - image * nW;
          int o = i * FeatureMapKernel.WINDOW_INTS;
          windows[o] = xOffset + image * imageSize;
          windows[o + 1] = outOffset + image * imageSize;
          windows[o + 2] = w * n;
          windows[o + 3] = windowClass[w];
        }
        fused.forwardWindows(x, out, rows, fusedMap, windows, 0, count);
      }
    }

    /**
     * The default's guarantees without its allocations: the call's arguments live in a per-thread
     * {@link MapCall}; with fewer windows than {@code parallelism} and a fused entry that splits
     * windows, each window is split into parts, one round per phase (bit-identical output).
     */
    @Override
    public void forwardParallel(
        float[] x,
        int xOffset,
        float[] out,
        int outOffset,
        int images,
        Executor executor,
        int parallelism) {
      int total = windows(images);
      forward(
          x, xOffset, out, outOffset, images, total, total); // checks everything, writes nothing
      int phases = fused == null ? 0 : fused.splitPhases();
      int parts = ParallelForward.splitParts(total, parallelism, phases);
      Workspace ws = workspace.get();
      MapCall call = ws.call.busy ? new MapCall(this) : ws.call;
      call.bind(x, xOffset, out, outOffset, images, parts, ws);
      try {
        if (parts > 1) {
          ParallelForward.runPhases(total * parts, phases, executor, parallelism, call);
        } else {
          ParallelForward.runRanges(total, executor, parallelism, call);
        }
      } finally {
        call.clear();
      }
    }

    /** Part {@code part} of phase {@code phase} of window {@code k} through the fused entry. */
    void splitWindow(
        float[] x,
        int xOffset,
        float[] out,
        int outOffset,
        int k,
        int phase,
        int part,
        int parts,
        float[] scratch) {
      int image = k / nW;
      int w = k - image * nW;
      fused.forwardWindowSplit(
          x,
          xOffset + image * imageSize,
          out,
          outOffset + image * imageSize,
          rows,
          w * n,
          fusedMap,
          windowClass[w],
          phase,
          part,
          parts,
          scratch);
    }

    private void gathered(
        float[] x, int xBase, float[] out, int outBase, int base, int cls, Workspace ws) {
      float[] in = ws.in; // (N, C)
      for (int t = 0; t < n; t++) {
        int r = rows[base + t];
        if (r < 0) {
          Arrays.fill(in, t * c, t * c + c, 0f); // F.pad zeros
        } else {
          System.arraycopy(x, xBase + r * c, in, t * c, c);
        }
      }
      kernel.forward(in, 0, ws.out, 0, classMasks[cls], 0, 1);
      // window_reverse, torch.roll(+shift), x[:, :D, :H, :W]
      for (int t = 0; t < n; t++) {
        int r = rows[base + t];
        if (r >= 0) {
          System.arraycopy(ws.out, t * c, out, outBase + r * c, c);
        }
      }
    }

    private void check(
        float[] x,
        int xOffset,
        float[] out,
        int outOffset,
        int images,
        int fromWindow,
        int toWindow) {
      if (x == null || out == null) {
        throw new IllegalArgumentException("x and out must not be null");
      }
      if (images < 0) {
        throw new IllegalArgumentException("images must be >= 0 (got " + images + ")");
      }
      long total = (long) images * nW;
      if (fromWindow < 0 || toWindow < fromWindow || toWindow > total) {
        throw new IllegalArgumentException(
            "window range ["
                + fromWindow
                + ", "
                + toWindow
                + ") is not within the "
                + total
                + " windows of "
                + images
                + " maps");
      }
      checkArray("x", x.length, xOffset, images);
      checkArray("out", out.length, outOffset, images);
    }

    private void checkArray(String name, int length, int offset, int images) {
      long need = (long) images * imageSize;
      if (offset < 0 || offset + need > length) {
        int[] size = geometry.size();
        throw new IllegalArgumentException(
            name
                + ": expected ("
                + images
                + ", "
                + Arrays.toString(size).replaceAll("[\\[\\]]", "")
                + ", "
                + c
                + ") = "
                + need
                + " values from offset "
                + offset
                + ", array has "
                + length);
      }
    }
  }

  /**
   * Per-thread scratch: row tables for the reference, one window in and out for the others, the
   * parallel call's reusable state and the split's shared scratch.
   */
  private static final class Workspace {
    /** The {@code forwardWindows} table of one group of windows. */
    final int[] windows;

    final int[] xRows;
    final int[] outRows;
    final float[] in;
    final float[] out;
    final MapCall call;
    float[][] split = new float[0][];

    Workspace(Bound bound, int n, int c, int group) {
      windows = new int[Math.max(1, group) * FeatureMapKernel.WINDOW_INTS];
      xRows = new int[n];
      outRows = new int[n];
      in = new float[n * c];
      out = new float[n * c];
      call = new MapCall(bound);
    }

    float[][] split(int windows, int floats) {
      split = SplitScratch.grow(split, windows, floats);
      return split;
    }
  }

  /**
   * The arguments of one {@code forwardParallel} call, reused by the calling thread: windows of a
   * range ({@link ParallelForward.Range}) or parts of split windows ({@link
   * ParallelForward.PhasedRange}, item {@code i} is part {@code i % parts} of window {@code i /
   * parts}).
   */
  private static final class MapCall implements ParallelForward.Range, ParallelForward.PhasedRange {
    private final Bound bound;
    private float[] x;
    private int xOffset;
    private float[] out;
    private int outOffset;
    private int images;
    private int parts;
    private float[][] scratch;
    boolean busy;

    MapCall(Bound bound) {
      this.bound = bound;
    }

    void bind(
        float[] x, int xOffset, float[] out, int outOffset, int images, int parts, Workspace ws) {
      this.x = x;
      this.xOffset = xOffset;
      this.out = out;
      this.outOffset = outOffset;
      this.images = images;
      this.parts = parts;
      if (parts > 1) {
        scratch = ws.split(bound.windows(images), bound.fused.splitScratchSize());
      }
      busy = true;
    }

    /** Drops the references, so the thread's state keeps no caller array alive. */
    void clear() {
      x = null;
      out = null;
      scratch = null;
      busy = false;
    }

    @Override
    public void run(int from, int to) {
      bound.forward(x, xOffset, out, outOffset, images, from, to);
    }

    @Override
    public void run(int phase, int from, int to) {
      for (int i = from; i < to; i++) {
        int k = i / parts;
        bound.splitWindow(x, xOffset, out, outOffset, k, phase, i - k * parts, parts, scratch[k]);
      }
    }
  }
}
