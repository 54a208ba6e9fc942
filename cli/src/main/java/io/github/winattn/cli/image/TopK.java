package io.github.winattn.cli.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The k most probable classes of a row of logits, and their printed form.
 *
 * <p>Probabilities are the softmax of the logits in double, the maximum subtracted first, so large
 * logits neither overflow nor lose the small classes. Classes are ranked by logit (the order of the
 * probabilities), ties broken by the lower index.
 *
 * <p>{@link #format} prints one line per class: the rank right-aligned in three columns, a dot, the
 * probability with four decimals, two spaces, the name, and the index in parentheses:
 *
 * <pre>
 *   1. 0.8123  tabby (281)
 *   2. 0.0904  tiger cat (282)
 * </pre>
 */
public final class TopK {

  /** The number of classes {@code winattn classify --image} prints. */
  public static final int DEFAULT_K = 5;

  private TopK() {}

  /**
   * The softmax of {@code logits[offset .. offset + length - 1]}, in double.
   *
   * @throws IllegalArgumentException for an empty or out-of-range row, or a NaN or infinite logit
   *     (naming its index)
   */
  public static double[] softmax(float[] logits, int offset, int length) {
    checkRow(logits, offset, length);
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < length; i++) {
      float v = logits[offset + i];
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("logit " + i + " is " + v + ": no probabilities");
      }
      max = Math.max(max, v);
    }
    double[] p = new double[length];
    double sum = 0.0;
    for (int i = 0; i < length; i++) {
      p[i] = Math.exp(logits[offset + i] - max);
      sum += p[i];
    }
    double inverse = 1.0 / sum;
    for (int i = 0; i < length; i++) {
      p[i] *= inverse;
    }
    return p;
  }

  /**
   * The {@code min(k, length)} most probable classes of {@code logits[offset .. offset + length -
   * 1]}, most probable first, ties broken by the lower index.
   *
   * @throws IllegalArgumentException as {@link #softmax}, or for {@code k < 1}
   */
  public static List<Prediction> top(float[] logits, int offset, int length, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    double[] p = softmax(logits, offset, length);
    int n = Math.min(k, length);
    boolean[] taken = new boolean[length];
    List<Prediction> out = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      int best = -1;
      for (int i = 0; i < length; i++) {
        // strictly greater: among equal logits the first (lowest) index stays
        if (!taken[i] && (best < 0 || logits[offset + i] > logits[offset + best])) {
          best = i;
        }
      }
      taken[best] = true;
      out.add(new Prediction(best, Math.min(p[best], 1.0)));
    }
    return List.copyOf(out);
  }

  /**
   * The lines of {@code predictions} (each ending in {@code \n}), ranked from 1 in list order, with
   * the names {@code names} gives for the class indices (e.g. {@link
   * ImageNetClasses#namesFor(int)}).
   */
  public static String format(List<Prediction> predictions, IntFunction<String> names) {
    StringBuilder out = new StringBuilder();
    int rank = 1;
    for (Prediction p : predictions) {
      out.append(
          String.format(
              Locale.ROOT,
              "%3d. %.4f  %s (%d)\n",
              rank++,
              p.probability(),
              names.apply(p.index()),
              p.index()));
    }
    return out.toString();
  }

  /**
   * The top {@value #DEFAULT_K} lines of one image: row {@code logits[offset .. offset + numClasses
   * - 1]}, named by {@link ImageNetClasses#namesFor(int)} (ImageNet-1k's names for 1000 classes).
   */
  public static String format(float[] logits, int offset, int numClasses) {
    return format(top(logits, offset, numClasses, DEFAULT_K), ImageNetClasses.namesFor(numClasses));
  }

  private static void checkRow(float[] logits, int offset, int length) {
    if (length < 1 || offset < 0 || (long) offset + length > logits.length) {
      throw new IllegalArgumentException(
          "logits row of "
              + length
              + " from offset "
              + offset
              + " does not fit "
              + logits.length
              + " logits");
    }
  }
}
