package io.github.winattn.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Softmax, ranking and the printed lines. */
class TopKTest {

  @Test
  void softmaxMatchesTheNaiveFormulaAndSumsToOne() {
    Random random = new Random(3);
    float[] logits = new float[1000];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (random.nextGaussian() * 4);
    }
    double[] p = TopK.softmax(logits, 0, 1000);
    double total = 0;
    double naiveSum = 0;
    for (float v : logits) {
      naiveSum += Math.exp(v);
    }
    for (int i = 0; i < 1000; i++) {
      assertEquals(Math.exp(logits[i]) / naiveSum, p[i], 1e-15);
      total += p[i];
    }
    assertEquals(1.0, total, 1e-12);
  }

  @Test
  void largeLogitsDoNotOverflow() {
    float[] logits = {1000f, 999f, -1000f, 3e38f, 3e38f};
    double[] p = TopK.softmax(logits, 0, 3);
    assertEquals(1 / (1 + Math.exp(-1)), p[0], 1e-15);
    assertEquals(0.0, p[2]);
    double[] q = TopK.softmax(logits, 3, 2);
    assertEquals(0.5, q[0]);
  }

  @Test
  void topFiveMostProbableFirstTiesByLowerIndex() {
    float[] logits = {0f, 5f, 2f, 5f, -1f, 2f, 7f};
    List<Prediction> top = TopK.top(logits, 0, logits.length, 5);
    assertEquals(List.of(6, 1, 3, 2, 5), top.stream().map(Prediction::index).toList());
    assertEquals(TopK.softmax(logits, 0, 7)[6], top.get(0).probability());
    assertEquals(3, TopK.top(logits, 4, 3, 5).size()); // a row of 3: all of them
    assertEquals(2, TopK.top(logits, 4, 3, 5).get(0).index()); // logit 7 at row index 2
  }

  @Test
  void rowsOfABatchAreReadAtTheirOffset() {
    float[] batch = {1f, 0f, 0f, 0f, 0f, 9f};
    assertEquals(0, TopK.top(batch, 0, 3, 1).get(0).index());
    assertEquals(2, TopK.top(batch, 3, 3, 1).get(0).index());
  }

  @Test
  void badLogitsAreRefused() {
    assertEquals(
        "logit 1 is NaN: no probabilities",
        assertThrows(
                IllegalArgumentException.class,
                () -> TopK.softmax(new float[] {0f, Float.NaN}, 0, 2))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> TopK.softmax(new float[] {Float.POSITIVE_INFINITY}, 0, 1));
    assertEquals(
        "logits row of 3 from offset 1 does not fit 3 logits",
        assertThrows(IllegalArgumentException.class, () -> TopK.softmax(new float[3], 1, 3))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> TopK.top(new float[3], 0, 3, 0));
  }

  @Test
  void formatPrintsRankProbabilityNameAndIndex() {
    List<Prediction> top =
        List.of(new Prediction(281, 0.81234), new Prediction(282, 0.0904), new Prediction(7, 0));
    assertEquals(
        "  1. 0.8123  tabby (281)\n  2. 0.0904  tiger cat (282)\n  3. 0.0000  cock (7)\n",
        TopK.format(top, ImageNetClasses.namesFor(1000)));
    assertEquals(
        "  1. 0.8123  class 281 (281)\n", TopK.format(top.subList(0, 1), i -> "class " + i));
  }

  @Test
  void formatOfARowPrintsTheTopFiveWithImageNetNames() {
    float[] batch = new float[2000];
    batch[1000 + 281] = 10f;
    batch[1000 + 282] = 8f;
    String text = TopK.format(batch, 1000, 1000);
    String[] lines = text.split("\n");
    assertEquals(5, lines.length);
    double p281 = Math.exp(10) / (Math.exp(10) + Math.exp(8) + 998);
    assertEquals(String.format(java.util.Locale.ROOT, "  1. %.4f  tabby (281)", p281), lines[0]);
    assertEquals("  3. 0.0000  tench (0)", lines[2]);
    assertEquals(
        "  1. 0.3333  class 0 (0)\n  2. 0.3333  class 1 (1)\n  3. 0.3333  class 2 (2)\n",
        TopK.format(new float[3], 0, 3));
  }

  @Test
  void predictionsValidate() {
    assertThrows(IllegalArgumentException.class, () -> new Prediction(-1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new Prediction(1, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new Prediction(1, Double.NaN));
  }
}
