package io.github.winattn.cli.image;

/**
 * One of the top-k classes of an image.
 *
 * @param index the class index (the logit's position)
 * @param probability its softmax probability, in [0, 1]
 */
public record Prediction(int index, double probability) {

  public Prediction {
    if (index < 0) {
      throw new IllegalArgumentException("class index must be at least 0, got " + index);
    }
    if (!(probability >= 0.0 && probability <= 1.0)) {
      throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
    }
  }
}
