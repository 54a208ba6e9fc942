package io.github.winattn.kernel;

/**
 * The tensors of one block that an {@link MlpKernel} binds, as PyTorch stores them (row-major):
 * {@code norm1} and {@code norm2} ({@code C} values each; Swin v1's kernel reads only {@code
 * norm2}: its {@code norm1} runs before attention), {@code mlp.fc1} ({@code (hidden, C)} and {@code
 * hidden}) and {@code mlp.fc2} ({@code (C, hidden)} and {@code C}). The arrays are not copied here;
 * kernels pack or copy them when they bind.
 */
public record MlpWeights(
    MlpShape shape,
    float[] norm1Weight,
    float[] norm1Bias,
    float[] norm2Weight,
    float[] norm2Bias,
    float[] fc1Weight,
    float[] fc1Bias,
    float[] fc2Weight,
    float[] fc2Bias) {

  public MlpWeights {
    if (shape == null) {
      throw new IllegalArgumentException("shape == null");
    }
    int c = shape.dim();
    int h = shape.hidden();
    check("norm1.weight", norm1Weight, c);
    check("norm1.bias", norm1Bias, c);
    check("norm2.weight", norm2Weight, c);
    check("norm2.bias", norm2Bias, c);
    check("mlp.fc1.weight", fc1Weight, (long) h * c);
    check("mlp.fc1.bias", fc1Bias, h);
    check("mlp.fc2.weight", fc2Weight, (long) c * h);
    check("mlp.fc2.bias", fc2Bias, c);
  }

  private static void check(String name, float[] a, long expected) {
    if (a == null) {
      throw new IllegalArgumentException(name + " == null");
    }
    if (a.length != expected) {
      throw new IllegalArgumentException(
          name + " must have " + expected + " values (got " + a.length + ")");
    }
  }
}
