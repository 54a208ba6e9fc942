package io.github.winattn.generator;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.generator.testing.CompiledKernels;
import io.github.winattn.generator.testing.TestShapes;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.Mask;
import io.github.winattn.reference.ReferenceKernel;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.RelativePositionIndex;
import io.github.winattn.shape.Window;
import io.github.winattn.testing.Inputs;
import io.github.winattn.weights.AttentionWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NaN and infinities in inputs, masks and weights propagate as in PyTorch: the reference kernel and
 * both generated variants give NaN, +Inf and -Inf exactly where a float64 oracle of the PyTorch
 * modules does (written here, independently of the kernels), and finite values elsewhere within
 * {@code 1e-4 + 1e-4 |b|}. Each case is checked to poison some outputs and leave others finite, so
 * that a kernel that turns everything into NaN (or nothing) fails.
 */
class NonFiniteValuesTest {

  private static final int WINDOWS = 4;
  private static final int MASK_WINDOWS = 2;

  private static CompiledKernels compiled;

  /** Every family, from the kernels {@link GeneratedKernelsMatchReferenceTest} compiles. */
  static List<Arguments> specs() {
    String main = GeneratedKernelsMatchReferenceTest.PACKAGE;
    String gather = GeneratedKernelsMatchReferenceTest.GATHER_PACKAGE;
    return List.of(
        // non-square window, d = 20 (column tails)
        Arguments.of(main, spec(shape(Family.SWIN_V1, Window.of2d(3, 5), 40, 2), true)),
        // Swin-T stage 1: full register tiles
        Arguments.of(main, spec(shape(Family.SWIN_V1, Window.of2d(7, 7), 96, 3), true)),
        Arguments.of(
            main,
            spec(
                AttentionShape.builder(Family.SWIN_V2, Window.of2d(4, 6), 48, 3)
                    .pretrainedWindow(Window.of2d(3, 4))
                    .build(),
                true)),
        // clamped Video Swin, gathered bias and packed-string index
        Arguments.of(
            gather,
            spec(
                AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 3, 4), 48, 2)
                    .effectiveWindow(Window.of3d(2, 2, 4))
                    .build(),
                true)),
        Arguments.of(
            main,
            spec(
                AttentionShape.builder(Family.TEMPORAL, Window.of1d(16), 96, 4)
                    .qkvBias(true)
                    .qkScale(0.3f)
                    .build(),
                true)),
        Arguments.of(
            main,
            spec(
                AttentionShape.builder(Family.TEMPORAL, Window.of1d(5), 40, 2)
                    .withQkv(false)
                    .build(),
                true)));
  }

  private static AttentionShape shape(Family f, Window w, int dim, int heads) {
    return AttentionShape.builder(f, w, dim, heads).build();
  }

  /** The spec as {@link TestShapes} lists it, so that the kernel was compiled. */
  private static KernelSpec spec(AttentionShape shape, boolean masked) {
    KernelSpec spec = KernelSpec.of(shape, masked);
    boolean listed =
        TestShapes.correctness().contains(spec)
            || GeneratedKernelsMatchReferenceTest.gatherSpecs().contains(spec);
    if (!listed) {
      throw new AssertionError("not compiled by GeneratedKernelsMatchReferenceTest: " + spec);
    }
    return spec;
  }

  @BeforeAll
  static void compile() {
    compiled = GeneratedKernelsMatchReferenceTest.compiled();
  }

  /** One batch: weights, input and mask, poisoned by a case. */
  private static final class Batch {
    float[] qkvWeight;
    float[] qkvBias;
    float[] projWeight;
    float[] projBias;
    float[] table;
    float[] logitScale;
    final float[] x;
    final float[] mask; // (nW, N, N) or null
    final AttentionShape shape;

    Batch(KernelSpec spec) {
      shape = spec.shape();
      AttentionWeights w = Inputs.weights(shape, 7);
      qkvWeight = w.qkvWeight().clone();
      qkvBias = w.qkvBias().clone();
      projWeight = w.projWeight().clone();
      projBias = w.projBias().clone();
      table = w.biasTable().clone();
      logitScale = w.logitScale().clone();
      int n = shape.tokens();
      x = Inputs.uniform(new Random(5), WINDOWS * n * shape.dim(), 1.5f);
      mask = spec.masked() ? Inputs.mask(MASK_WINDOWS, n, 9) : null;
    }

    AttentionWeights weights() {
      return new AttentionWeights(
          shape, qkvWeight, qkvBias, projWeight, projBias, table, logitScale);
    }

    Mask kernelMask() {
      return mask == null ? Mask.NONE : Mask.of(mask, MASK_WINDOWS);
    }

    int n() {
      return shape.tokens();
    }
  }

  /** A named way to put non-finite values into a batch; null when it does not apply. */
  private record Poison(String name, boolean needsMask, boolean needsQkv, Consumer<Batch> apply) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Poison> poisons() {
    return List.of(
        new Poison(
            "NaN in one input value",
            false,
            false,
            b -> b.x[(1 * b.n() + 1) * b.shape.dim() + 2] = Float.NaN),
        new Poison(
            "+Inf in one input value",
            false,
            false,
            b -> b.x[(2 * b.n() + b.n() - 1) * b.shape.dim()] = Float.POSITIVE_INFINITY),
        new Poison(
            "-Inf in some mask entries",
            true,
            false,
            b -> {
              int n = b.n();
              for (int j = 1; j < n; j += 2) {
                b.mask[j] = Float.NEGATIVE_INFINITY; // mask window 0, row 0: every other key
              }
            }),
        new Poison(
            "a mask row entirely -Inf",
            true,
            false,
            b -> {
              int n = b.n();
              for (int j = 0; j < n; j++) {
                b.mask[(n + 1) * n + j] = Float.NEGATIVE_INFINITY; // mask window 1, row 1
              }
            }),
        new Poison(
            "+Inf in one mask entry",
            true,
            false,
            b -> b.mask[(b.n() - 1) * b.n()] = Float.POSITIVE_INFINITY),
        new Poison(
            "NaN in one bias table entry",
            false,
            false,
            b -> {
              // the entry (i = 0, j = 1) uses, in head 0
              int[] index = RelativePositionIndex.compute(b.shape);
              b.table[index[1] * b.shape.heads()] = Float.NaN;
            }),
        new Poison(
            "+Inf in one proj.weight entry",
            false,
            true,
            b -> b.projWeight[2 * b.shape.dim()] = Float.POSITIVE_INFINITY),
        new Poison(
            "NaN in one proj.bias entry",
            false,
            true,
            b -> b.projBias[b.shape.dim() - 1] = Float.NaN));
  }

  static Stream<Arguments> cases() {
    List<Arguments> a = new ArrayList<>();
    for (Arguments s : specs()) {
      String pkg = (String) s.get()[0];
      KernelSpec spec = (KernelSpec) s.get()[1];
      for (Poison p : poisons()) {
        if ((p.needsMask() && !spec.masked()) || (p.needsQkv() && !spec.shape().withQkv())) {
          continue;
        }
        for (String kernel : List.of("reference", KernelNaming.PLAIN, KernelNaming.VECTOR)) {
          a.add(Arguments.of(pkg, spec, p, kernel));
        }
      }
    }
    return a.stream();
  }

  @ParameterizedTest(name = "{3} {1}: {2}")
  @MethodSource("cases")
  void propagatesLikePyTorch(String pkg, KernelSpec spec, Poison poison, String kernel) {
    Batch b = new Batch(spec);
    poison.apply().accept(b);
    AttentionWeights w = b.weights();
    AttentionKernel k =
        kernel.equals("reference")
            ? new ReferenceKernel(w)
            : compiled.kernel(
                pkg + "." + KernelNaming.stem(spec.shape(), spec.masked()) + kernel, w);
    float[] out = new float[b.x.length];
    k.forward(b.x, 0, out, 0, b.kernelMask(), WINDOWS);
    double[] expected = Oracle.forward(w, b.x, WINDOWS, b.mask, MASK_WINDOWS);
    int nonFinite = 0;
    for (double e : expected) {
      nonFinite += Double.isFinite(e) ? 0 : 1;
    }
    if (!poison.name().startsWith("-Inf in some mask")) {
      assertTrue(
          nonFinite > 0 && nonFinite < expected.length,
          "the case should poison some outputs only: " + nonFinite + " of " + expected.length);
    } else {
      assertTrue(nonFinite == 0, "-Inf in some keys only should leave the output finite");
    }
    assertNull(
        firstDifference(out, expected, spec.shape()), kernel + " " + spec.shape().describe());
  }

  /** The first element whose class (NaN, +Inf, -Inf, finite) or finite value differs. */
  private static String firstDifference(float[] actual, double[] expected, AttentionShape s) {
    int n = s.tokens();
    int c = s.dim();
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      float a = actual[i];
      boolean same =
          Double.isNaN(e)
              ? Float.isNaN(a)
              : Double.isInfinite(e)
                  ? a == e
                  : Float.isFinite(a) && Math.abs(a - e) <= 1e-4 + 1e-4 * Math.abs(e);
      if (!same) {
        return "out[window "
            + i / (n * c)
            + ", token "
            + i % (n * c) / c
            + ", channel "
            + i % c
            + "] = "
            + a
            + ", float64 PyTorch oracle "
            + e;
      }
    }
    return null;
  }

  /**
   * The official modules' forward in float64, written from SPEC.md as naively as possible: no
   * shortcut that could hide or create a NaN. Softmax subtracts the row max (NaN-propagating, as
   * torch.max is), exponentiates, and multiplies by 1 / sum.
   */
  static final class Oracle {

    private Oracle() {}

    static double[] forward(AttentionWeights w, float[] x, int windows, float[] mask, int nW) {
      AttentionShape s = w.shape();
      int n = s.tokens();
      int c = s.dim();
      int heads = s.heads();
      int d = s.headDim();
      int[] index = RelativePositionIndex.compute(s);
      double[] out = new double[windows * n * c];
      for (int b = 0; b < windows; b++) {
        double[][] qkv = new double[n][];
        for (int i = 0; i < n; i++) {
          double[] row = new double[c];
          for (int k = 0; k < c; k++) {
            row[k] = x[(b * n + i) * c + k];
          }
          qkv[i] = s.withQkv() ? linear(row, w.qkvWeight(), w.qkvBias(), 3 * c, c) : row;
        }
        int kOff = s.withQkv() ? c : 0;
        int vOff = s.withQkv() ? 2 * c : 0;
        double[][] y = new double[n][c];
        for (int h = 0; h < heads; h++) {
          double[][] scores = new double[n][n];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              scores[i][j] =
                  score(s, w, qkv[i], qkv[j], h * d, kOff + h * d, d, h)
                      + w.bias(index[i * n + j], h)
                      + (mask == null ? 0 : mask[((b % nW) * n + i) * n + j]);
            }
            softmax(scores[i]);
          }
          for (int i = 0; i < n; i++) {
            for (int e = 0; e < d; e++) {
              double acc = 0;
              for (int j = 0; j < n; j++) {
                acc += scores[i][j] * qkv[j][vOff + h * d + e];
              }
              y[i][h * d + e] = acc;
            }
          }
        }
        for (int i = 0; i < n; i++) {
          double[] o = s.withQkv() ? linear(y[i], w.projWeight(), w.projBias(), c, c) : y[i];
          System.arraycopy(o, 0, out, (b * n + i) * c, c);
        }
      }
      return out;
    }

    private static double score(
        AttentionShape s,
        AttentionWeights w,
        double[] qi,
        double[] kj,
        int qo,
        int ko,
        int d,
        int h) {
      double dot = 0;
      switch (s.family()) {
        case SWIN_V2 -> {
          // F.normalize(q) @ F.normalize(k).T * clamp(logit_scale, max=log 100).exp()
          double qn = Math.max(norm(qi, qo, d), 1e-12);
          double kn = Math.max(norm(kj, ko, d), 1e-12);
          for (int e = 0; e < d; e++) {
            dot += (qi[qo + e] / qn) * (kj[ko + e] / kn);
          }
          return dot * Math.exp(Math.min(w.logitScale()[h], Math.log(100)));
        }
        case TEMPORAL -> {
          for (int e = 0; e < d; e++) {
            dot += qi[qo + e] * kj[ko + e];
          }
          return dot * s.scale(); // (q @ k.T) * scale
        }
        default -> {
          for (int e = 0; e < d; e++) {
            dot += (qi[qo + e] * s.scale()) * kj[ko + e]; // (q * scale) @ k.T
          }
          return dot;
        }
      }
    }

    private static double norm(double[] v, int off, int d) {
      double ss = 0;
      for (int e = 0; e < d; e++) {
        ss += v[off + e] * v[off + e];
      }
      return Math.sqrt(ss);
    }

    /** {@code in @ weight.T + bias} with weight {@code (rows, cols)}; empty bias means none. */
    private static double[] linear(double[] in, float[] weight, float[] bias, int rows, int cols) {
      double[] out = new double[rows];
      for (int r = 0; r < rows; r++) {
        double acc = bias.length == 0 ? 0 : bias[r];
        for (int k = 0; k < cols; k++) {
          acc += in[k] * weight[r * cols + k];
        }
        out[r] = acc;
      }
      return out;
    }

    private static void softmax(double[] row) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : row) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (int j = 0; j < row.length; j++) {
        row[j] = Math.exp(row[j] - max);
        sum += row[j];
      }
      double inv = 1 / sum;
      for (int j = 0; j < row.length; j++) {
        row[j] *= inv;
      }
    }
  }
}
