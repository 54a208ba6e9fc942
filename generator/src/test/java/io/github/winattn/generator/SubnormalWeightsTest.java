package io.github.winattn.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.generator.testing.CompiledKernels;
import io.github.winattn.kernel.Softmax;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The softmax of every kernel gives the weight 0, never a subnormal float, to keys more than {@link
 * Softmax#FLUSH_BELOW} below the row's maximum (subnormal operands cost a microcode assist per
 * operation on many x86 processors: the masked Video Swin kernel ran 18x slower). Outputs cannot
 * show this (the dropped weights are far below float32 resolution), so the softmax methods are
 * called directly ({@code ReferenceSoftmaxTest} does the same for the reference kernel).
 */
class SubnormalWeightsTest {

  /** Score differences to the row max 0: kept, kept, flushed (the mask's -100), flushed, -inf. */
  private static final float[] ROW = {
    0f, -10f, -63.9f, -64.1f, -100f, -90f, Float.NEGATIVE_INFINITY
  };

  @Test
  void vectorSoftmaxRowFlushesBelowTheBound() throws Exception {
    Class<?> k = goldenClass("SwinV1_w2x3_h2_d16_Vector");
    int keys = constant(k, "KEYS");
    float[] s = new float[keys];
    float[] bias = new float[keys];
    float[] mask = new float[keys];
    Arrays.fill(s, Float.NEGATIVE_INFINITY);
    System.arraycopy(ROW, 0, s, 0, ROW.length - 1);
    Method m = vectorSoftmaxRow(k);
    float inv = (float) m.invoke(null, s, 0, bias, 0, mask, 0, new float[constant(k, "LANES")]);
    float[] weights = Arrays.copyOf(s, ROW.length);
    assertWeights(weights, Float.NaN);
    assertTrue(inv > 0.99f && inv <= 1f, "1 / sum = " + inv);
    for (int j = ROW.length - 1; j < keys; j++) {
      assertEquals(0f, s[j], "padding key " + j);
    }
  }

  @Test
  void aNanScoreStillMakesTheVectorSoftmaxRowNan() throws Exception {
    // the row maximum is a compare-and-blend that a NaN never wins: the NaN must still reach the
    // sum
    Class<?> k = goldenClass("SwinV1_w2x3_h2_d16_Vector");
    int keys = constant(k, "KEYS");
    float[] s = new float[keys];
    Arrays.fill(s, Float.NEGATIVE_INFINITY);
    s[0] = 1f;
    s[1] = Float.NaN;
    s[2] = 3f;
    Method m = vectorSoftmaxRow(k);
    float inv =
        (float)
            m.invoke(
                null,
                s,
                0,
                new float[keys],
                0,
                new float[keys],
                0,
                new float[constant(k, "LANES")]);
    assertTrue(Float.isNaN(inv), "1 / sum = " + inv);
    assertTrue(Float.isNaN(s[1]), "the NaN key's weight " + s[1]);
    assertEquals((float) Math.exp(1.0 - 3.0), s[0], 1e-7f, "the row maximum is 3");
  }

  /** The masked vector kernel's {@code softmaxRow(s, so, bias, bo, mask, mo, lanes)}. */
  private static Method vectorSoftmaxRow(Class<?> k) throws NoSuchMethodException {
    Method m =
        k.getDeclaredMethod(
            "softmaxRow",
            float[].class,
            int.class,
            float[].class,
            int.class,
            float[].class,
            int.class,
            float[].class);
    m.setAccessible(true);
    return m;
  }

  @Test
  void plainSoftmaxRowsFlushesBelowTheBound() throws Exception {
    Class<?> k = goldenClass("SwinV1_w2x3_h2_d16_Plain");
    int tokens = constant(k, "TOKENS");
    float[] s = new float[tokens * tokens];
    System.arraycopy(ROW, 0, s, 0, tokens); // row 0: the first 6 differences
    Method m = k.getDeclaredMethod("softmaxRows", float[].class);
    m.setAccessible(true);
    m.invoke(null, (Object) s);
    assertEquals(6, tokens);
    assertTrue(s[2] > 0f && s[2] < 1e-27f, "e^-63.9 is kept: " + s[2]);
    assertEquals(0f, s[3]);
    assertEquals(0f, s[4]);
    assertEquals(0f, s[5]);
  }

  /** Weights 0..2 positive and normal, the rest exactly 0; {@code first} checked unless NaN. */
  private static void assertWeights(float[] w, float first) {
    if (!Float.isNaN(first)) {
      assertEquals(first, w[0], 1e-7f);
    }
    assertTrue(w[1] > 0f, "e^-10 is kept");
    assertTrue(w[2] > Float.MIN_NORMAL && w[2] < 1e-27f, "e^-63.9 is kept and normal: " + w[2]);
    for (int j = 3; j < w.length; j++) {
      assertEquals(0f, w[j], "difference " + ROW[j] + " gives weight 0");
    }
  }

  private static int constant(Class<?> k, String name) throws Exception {
    java.lang.reflect.Field f = k.getDeclaredField(name);
    f.setAccessible(true);
    return f.getInt(null);
  }

  private static Class<?> goldenClass(String simpleName) throws Exception {
    CompiledKernels compiled = GeneratedKernelsMatchReferenceTest.compiled();
    return Class.forName(
        GeneratedKernelsMatchReferenceTest.GOLDEN_PACKAGE + "." + simpleName,
        true,
        compiled.loader());
  }
}
