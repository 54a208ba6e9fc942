package io.github.winattn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.testing.ThreadAllocation;
import io.github.winattn.weights.InMemoryTensorSource;
import io.github.winattn.weights.TensorSource;
import io.github.winattn.weights.WeightBindingException;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Loading errors on hand-edited state dicts (every problem in one message, with names and shapes),
 * argument checks before anything is written, and no allocation in a warm call.
 */
class SwinModelLoadingTest {

  static final String CASE = "model_swin_v1_32_e16_d2-2_h1-2_b2";

  /**
   * The case's state dict in memory, without the names {@code drop} accepts, plus {@code extra}.
   */
  static InMemoryTensorSource edited(
      String caseName, Predicate<String> drop, InMemoryTensorSource.Builder b) throws IOException {
    try (SafetensorsFile f =
        SafetensorsFile.open(
            ModelVectorCase.vectors().resolve(caseName).resolve("weights.safetensors"))) {
      for (String name : f.names()) {
        if (drop.test(name)) {
          continue;
        }
        long[] shape = f.shape(name).stream().mapToLong(Long::longValue).toArray();
        if (name.endsWith("relative_position_index")) {
          b.longs(name, f.readLongs(name), shape);
        } else {
          b.floats(name, f.readFloats(name), shape);
        }
      }
    }
    return b.build();
  }

  static SwinModelOptions options() {
    return SwinModelOptions.builder().imageSize(32, 32).build();
  }

  @Test
  void everyProblemIsReportedAtOnce() throws IOException {
    InMemoryTensorSource.Builder b = InMemoryTensorSource.builder("edited.safetensors");
    b.floats("layers.0.blocks.0.mlp.fc1.bias", new float[63], 63);
    b.floats("layers.9.decoy", new float[2], 2);
    TensorSource source =
        edited(
            CASE,
            n ->
                n.equals("norm.bias")
                    || n.equals("layers.0.blocks.0.mlp.fc1.bias")
                    || n.equals("layers.1.blocks.1.attn.proj.bias"),
            b);
    var e =
        assertThrows(
            WeightBindingException.class,
            () ->
                SwinModel.load(
                    source, SwinModelOptions.builder().imageSize(32, 32).classes(1000).build()));
    String m = e.getMessage();
    assertTrue(m.startsWith("cannot load edited.safetensors"), m);
    List<String> p = e.problems();
    assertTrue(p.contains("classes 1000 was given, but the tensors say 10 (head.weight)"), m);
    // the configuration problem stops before the tensors; without it every tensor problem comes
    // together
    var e2 = assertThrows(WeightBindingException.class, () -> SwinModel.load(source, options()));
    List<String> q = e2.problems();
    assertTrue(q.contains("missing tensor 'norm.bias', expected shape (32)"), e2.getMessage());
    assertTrue(
        q.contains("tensor 'layers.0.blocks.0.mlp.fc1.bias' has shape (63), expected (64)"),
        e2.getMessage());
    assertTrue(
        q.contains("missing tensor 'layers.1.blocks.1.attn.proj.bias', expected shape (32)"),
        e2.getMessage());
    assertTrue(
        q.stream().anyMatch(s -> s.startsWith("unknown tensor 'layers.9.decoy' (2)")),
        e2.getMessage());
    assertTrue(
        e2.getMessage()
            .startsWith("cannot load edited.safetensors as swin_v1 (official names): 4 problems"),
        e2.getMessage());
  }

  @Test
  void optionsThatContradictTheTensorsAreNamed() throws IOException {
    TensorSource source = edited(CASE, n -> false, InMemoryTensorSource.builder("m"));
    var e =
        assertThrows(
            WeightBindingException.class,
            () ->
                SwinModel.load(
                    source,
                    SwinModelOptions.builder()
                        .imageSize(32, 32)
                        .embedDim(96)
                        .depths(List.of(2, 2, 6, 2))
                        .heads(List.of(3, 6))
                        .window(7)
                        .mlpRatio(3)
                        .patchSize(2)
                        .ape(true)
                        .family(io.github.winattn.shape.Family.SWIN_V2)
                        .build()));
    List<String> p = e.problems();
    assertTrue(
        p.contains("embed_dim 96 was given, but the tensors say 16 (patch_embed.proj.weight)"),
        e.getMessage());
    assertTrue(
        p.contains(
            "depths [2, 2, 6, 2] was given, but the tensors say [2, 2] (the layers.{i}.blocks.{j} names)"),
        e.getMessage());
    assertTrue(
        p.contains(
            "window 7 was given, but the tensors say 4 (layers.0.blocks.0.attn.relative_position_bias_table)"),
        e.getMessage());
    assertTrue(
        p.contains("patch_size 2 was given, but the tensors say 4 (patch_embed.proj.weight)"),
        e.getMessage());
    assertTrue(
        p.contains("ape true was given, but the tensors say false (absolute_pos_embed)"),
        e.getMessage());
    assertTrue(
        p.contains(
            "heads [3, 6] was given, but the tensors say [1, 2] (the relative_position_bias_table tensors)"),
        e.getMessage());
    assertTrue(
        p.contains("family swin_v2 was given, but the tensors say swin_v1 (the attention tensors)"),
        e.getMessage());
    assertTrue(
        p.stream()
            .anyMatch(s -> s.startsWith("mlp ratio 3.0 gives 288 hidden features at stage 0")),
        e.getMessage());
  }

  @Test
  void hostileNamesAreEscaped() throws IOException {
    InMemoryTensorSource.Builder b = InMemoryTensorSource.builder("m");
    b.floats("evil\u001b]0;x\u0007", new float[1], 1);
    TensorSource source = edited(CASE, n -> false, b);
    var e = assertThrows(WeightBindingException.class, () -> SwinModel.load(source, options()));
    assertTrue(
        e.getMessage().contains("unknown tensor 'evil\\u001b]0;x\\u0007' (1)"), e.getMessage());
  }

  @Test
  void badArgumentsWriteNothing() throws IOException {
    SwinModel model =
        SwinModel.load(edited(CASE, n -> false, InMemoryTensorSource.builder("m")), options());
    float[] images = new float[2 * 3 * 32 * 32];
    float[] logits = new float[19];
    java.util.Arrays.fill(logits, 7f);
    var e =
        assertThrows(IllegalArgumentException.class, () -> model.classify(images, 0, 2, logits, 0));
    assertEquals("logits: expected 20 values from offset 0, array has 19", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> model.classify(images, 1, 2, new float[20], 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> model.classifyParallel(images, 0, 2, new float[20], 0, null, 2));
    assertThrows(
        IllegalArgumentException.class, () -> model.features(images, 0, 2, new float[1][]));
    for (float v : logits) {
      assertEquals(7f, v);
    }
  }

  @Test
  void warmCallsAllocateNothing() throws IOException {
    var counter = ThreadAllocation.counterOrSkip();
    for (String c : List.of(CASE, "model_swin_v2_32_e16_d2-2_h2-4_pre6-3")) {
      SwinModel model =
          SwinModel.load(
              edited(c, n -> false, InMemoryTensorSource.builder("m")),
              SwinModelOptions.builder()
                  .imageSize(32, 32)
                  .pretrainedWindows(c.contains("v2") ? List.of(6, 3) : List.of())
                  .build());
      float[] images = new float[2 * 3 * 32 * 32];
      float[] logits = new float[2 * model.numClasses()];
      // Workspaces, class loading; the Vector API matrix product allocates its vectors until C2
      // has compiled it: warm up until two calls allocate nothing, for at most 60 s.
      long allocated =
          ThreadAllocation.bytesPerWarmPair(
              counter, () -> model.classify(images, 0, 2, logits, 0), 20, 60);
      assertEquals(
          0, allocated, c + " " + model.matMulImplementation() + " allocated per warm call");
    }
  }
}
