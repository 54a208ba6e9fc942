package io.github.winattn.model;

import io.github.winattn.model.layers.MatMulKind;
import io.github.winattn.registry.KernelChoice;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.shape.Family;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What {@link SwinModel#load} cannot read from the tensors (image size, Swin v2's pretrained
 * windows), what it can and checks when given (family, patch size, embed dim, depths, heads,
 * window, classes, mlp ratio, ape, patch norm), and how attention runs (kernel choice, registry)
 * and the matrix products. Built with {@link #builder()}; unset values are inferred.
 */
public final class SwinModelOptions {

  private final Optional<Family> family;
  private final int imageHeight;
  private final int imageWidth;
  private final OptionalInt patchSize;
  private final OptionalDouble mlpRatio;
  private final Optional<Boolean> ape;
  private final Optional<Boolean> patchNorm;
  private final Optional<List<Integer>> pretrainedWindows;
  private final OptionalInt embedDim;
  private final Optional<List<Integer>> depths;
  private final Optional<List<Integer>> heads;
  private final OptionalInt window;
  private final OptionalInt classes;
  private final KernelChoice attention;
  private final Optional<KernelRegistry> registry;
  private final MatMulKind matMul;
  private final boolean generatedBlocks;

  private SwinModelOptions(Builder b) {
    this.family = b.family;
    this.imageHeight = b.imageHeight;
    this.imageWidth = b.imageWidth;
    this.patchSize = b.patchSize;
    this.mlpRatio = b.mlpRatio;
    this.ape = b.ape;
    this.patchNorm = b.patchNorm;
    this.pretrainedWindows = b.pretrainedWindows;
    this.embedDim = b.embedDim;
    this.depths = b.depths;
    this.heads = b.heads;
    this.window = b.window;
    this.classes = b.classes;
    this.attention = b.attention;
    this.registry = b.registry;
    this.matMul = b.matMul;
    this.generatedBlocks = b.generatedBlocks;
  }

  /** Defaults: image 224x224, everything else inferred, attention {@link KernelChoice#AUTO}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults. */
  public static SwinModelOptions defaults() {
    return builder().build();
  }

  public Optional<Family> family() {
    return family;
  }

  public int imageHeight() {
    return imageHeight;
  }

  public int imageWidth() {
    return imageWidth;
  }

  public OptionalInt patchSize() {
    return patchSize;
  }

  public OptionalDouble mlpRatio() {
    return mlpRatio;
  }

  public Optional<Boolean> ape() {
    return ape;
  }

  public Optional<Boolean> patchNorm() {
    return patchNorm;
  }

  /** Swin v2 {@code pretrained_window_sizes}; unset means all 0 (none). */
  public Optional<List<Integer>> pretrainedWindows() {
    return pretrainedWindows;
  }

  public OptionalInt embedDim() {
    return embedDim;
  }

  public Optional<List<Integer>> depths() {
    return depths;
  }

  public Optional<List<Integer>> heads() {
    return heads;
  }

  public OptionalInt window() {
    return window;
  }

  public OptionalInt classes() {
    return classes;
  }

  /** How attention kernels are chosen: {@code AUTO} (the registry's choice) or explicit. */
  public KernelChoice attention() {
    return attention;
  }

  /** The registry; {@link KernelRegistry#shared()} when unset. */
  public Optional<KernelRegistry> registry() {
    return registry;
  }

  /**
   * The matrix product of the linear layers: {@code AUTO} (Vector API tiles when {@code
   * jdk.incubator.vector} is in the boot layer, else plain Java), {@code PLAIN} or {@code VECTOR}.
   */
  public MatMulKind matMul() {
    return matMul;
  }

  /**
   * Whether blocks run the registry's generated MLP kernels of their shapes (default true; only
   * with the {@code VECTOR} matrix product); false keeps the generic layers (for comparisons).
   */
  public boolean generatedBlocks() {
    return generatedBlocks;
  }

  /** Builder; every setter checks its argument. */
  public static final class Builder {
    private Optional<Family> family = Optional.empty();
    private int imageHeight = 224;
    private int imageWidth = 224;
    private OptionalInt patchSize = OptionalInt.empty();
    private OptionalDouble mlpRatio = OptionalDouble.empty();
    private Optional<Boolean> ape = Optional.empty();
    private Optional<Boolean> patchNorm = Optional.empty();
    private Optional<List<Integer>> pretrainedWindows = Optional.empty();
    private OptionalInt embedDim = OptionalInt.empty();
    private Optional<List<Integer>> depths = Optional.empty();
    private Optional<List<Integer>> heads = Optional.empty();
    private OptionalInt window = OptionalInt.empty();
    private OptionalInt classes = OptionalInt.empty();
    private KernelChoice attention = KernelChoice.AUTO;
    private Optional<KernelRegistry> registry = Optional.empty();
    private MatMulKind matMul = MatMulKind.AUTO;
    private boolean generatedBlocks = true;

    private Builder() {}

    /** {@code swin_v1} or {@code swin_v2}; checked against the tensors. */
    public Builder family(Family f) {
      if (f != Family.SWIN_V1 && f != Family.SWIN_V2) {
        throw new IllegalArgumentException("family must be swin_v1 or swin_v2 (got " + f + ")");
      }
      this.family = Optional.of(f);
      return this;
    }

    /** {@code img_size}, height and width of the input images (default 224x224). */
    public Builder imageSize(int height, int width) {
      if (height < 1 || width < 1) {
        throw new IllegalArgumentException(
            "image size must be positive (got " + height + "x" + width + ")");
      }
      this.imageHeight = height;
      this.imageWidth = width;
      return this;
    }

    public Builder patchSize(int p) {
      this.patchSize = OptionalInt.of(positive("patch size", p));
      return this;
    }

    public Builder mlpRatio(double r) {
      if (!(r > 0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException("mlp ratio must be positive (got " + r + ")");
      }
      this.mlpRatio = OptionalDouble.of(r);
      return this;
    }

    public Builder ape(boolean on) {
      this.ape = Optional.of(on);
      return this;
    }

    public Builder patchNorm(boolean on) {
      this.patchNorm = Optional.of(on);
      return this;
    }

    public Builder pretrainedWindows(List<Integer> sizes) {
      for (int s : sizes) {
        if (s < 0) {
          throw new IllegalArgumentException("pretrained windows must be >= 0 (got " + sizes + ")");
        }
      }
      this.pretrainedWindows = Optional.of(List.copyOf(sizes));
      return this;
    }

    public Builder embedDim(int d) {
      this.embedDim = OptionalInt.of(positive("embed dim", d));
      return this;
    }

    public Builder depths(List<Integer> d) {
      this.depths = Optional.of(positives("depths", d));
      return this;
    }

    public Builder heads(List<Integer> h) {
      this.heads = Optional.of(positives("heads", h));
      return this;
    }

    public Builder window(int w) {
      this.window = OptionalInt.of(positive("window", w));
      return this;
    }

    public Builder classes(int c) {
      if (c < 0) {
        throw new IllegalArgumentException("classes must be >= 0 (got " + c + ")");
      }
      this.classes = OptionalInt.of(c);
      return this;
    }

    public Builder attention(KernelChoice choice) {
      if (choice == null) {
        throw new IllegalArgumentException("choice == null");
      }
      this.attention = choice;
      return this;
    }

    public Builder registry(KernelRegistry r) {
      if (r == null) {
        throw new IllegalArgumentException("registry == null");
      }
      this.registry = Optional.of(r);
      return this;
    }

    /**
     * The matrix product of the linear layers (default {@code AUTO}); {@code VECTOR} fails at load
     * when the Vector API is not in the boot layer.
     */
    public Builder matMul(MatMulKind kind) {
      if (kind == null) {
        throw new IllegalArgumentException("kind == null");
      }
      this.matMul = kind;
      return this;
    }

    /** Whether to use generated MLP block kernels where the registry has them (default true). */
    public Builder generatedBlocks(boolean on) {
      this.generatedBlocks = on;
      return this;
    }

    public SwinModelOptions build() {
      return new SwinModelOptions(this);
    }

    private static int positive(String what, int v) {
      if (v < 1) {
        throw new IllegalArgumentException(what + " must be positive (got " + v + ")");
      }
      return v;
    }

    private static List<Integer> positives(String what, List<Integer> values) {
      if (values.isEmpty()) {
        throw new IllegalArgumentException(what + " must not be empty");
      }
      for (int v : values) {
        positive(what, v);
      }
      return List.copyOf(values);
    }
  }
}
