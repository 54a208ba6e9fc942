package io.github.winattn.model;

import io.github.winattn.model.layers.MatMulKind;
import io.github.winattn.registry.VectorSupport;
import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.testing.Tolerance;
import java.nio.file.Path;

/**
 * Run by {@link VectorModuleAbsentTest} in a {@code java} without {@code --add-modules
 * jdk.incubator.vector}: loads and classifies one model vector with the default options and prints
 * what ran and the error; exits 1 if anything is wrong.
 */
public final class PlainJvmMain {

  private PlainJvmMain() {}

  public static void main(String[] args) throws Exception {
    ModelVectorCase c = ModelVectorCase.load(Path.of(args[0]));
    if (VectorSupport.inBootLayer()) {
      throw new IllegalStateException("this JVM has the Vector API; the test needs one without");
    }
    int[] img = c.ints("img_size");
    SwinModelOptions.Builder b = SwinModelOptions.builder().imageSize(img[0], img[1]);
    try (SafetensorsFile w = c.weights();
        SafetensorsFile io = c.io()) {
      SwinModel model = SwinModel.load(w, b.build());
      int batch = c.integer("batch");
      float[] logits = new float[batch * model.numClasses()];
      model.classify(io.readFloats("input"), 0, batch, logits, 0);
      double err = Tolerance.maxErrorVsF64(logits, io.readDoubles("output_f64"));
      String vector;
      try {
        SwinModel.load(w, b.matMul(MatMulKind.VECTOR).build());
        vector = "loaded";
      } catch (IllegalStateException e) {
        vector = e.getMessage();
      }
      System.out.println("matmul " + model.matMulImplementation());
      System.out.println("error " + err);
      System.out.println("vector " + vector);
      System.exit(err <= ModelVectorsTest.MODEL_ATOL ? 0 : 1);
    }
  }
}
