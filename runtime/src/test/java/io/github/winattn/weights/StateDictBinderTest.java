package io.github.winattn.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateDictBinderTest {

  private static final String P = "layers.0.blocks.1.attn.";
  private static final AttentionShape V1 =
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 3), 8, 2).build();

  private static List<String> problems(AttentionShape shape, ModuleTensors m, String prefix) {
    return assertThrows(
            WeightBindingException.class, () -> StateDictBinder.bind(shape, m.source(), prefix))
        .problems();
  }

  @Test
  void bindsEveryValueUnderThePrefixAndIgnoresTheRest() {
    ModuleTensors m =
        ModuleTensors.valid(V1, P, 1)
            .raw("layers.0.blocks.1.norm1.weight", new float[8], 8)
            .raw(
                "layers.0.blocks.1.attn_mask",
                new float[4],
                4) // starts with the prefix minus its dot
            .raw("layers.0.blocks.10.attn.qkv.weight", new float[3], 3);
    for (String prefix : List.of(P, "layers.0.blocks.1.attn")) {
      AttentionWeights w = StateDictBinder.bind(V1, m.source(), prefix);
      assertArrayEquals(m.floats("qkv.weight"), w.qkvWeight());
      assertArrayEquals(m.floats("qkv.bias"), w.qkvBias());
      assertArrayEquals(m.floats("proj.weight"), w.projWeight());
      assertArrayEquals(m.floats("proj.bias"), w.projBias());
      assertArrayEquals(m.floats("relative_position_bias_table"), w.biasTable());
      assertArrayEquals(new float[0], w.logitScale());
    }
  }

  @Test
  void emptyPrefixBindsAModuleAlone() {
    ModuleTensors m = ModuleTensors.valid(V1, "", 2);
    assertArrayEquals(m.floats("qkv.weight"), StateDictBinder.bind(V1, m.source(), "").qkvWeight());
  }

  @Test
  void buffersAreOptional() {
    ModuleTensors m = ModuleTensors.valid(V1, P, 3).remove("relative_position_index");
    assertArrayEquals(
        m.floats("relative_position_bias_table"),
        StateDictBinder.bind(V1, m.source(), P).biasTable());
  }

  @Test
  void missingParameterNamesItAndItsShape() {
    ModuleTensors m = ModuleTensors.valid(V1, P, 4).remove("proj.bias");
    WeightBindingException e =
        assertThrows(WeightBindingException.class, () -> StateDictBinder.bind(V1, m.source(), P));
    assertEquals(
        "cannot bind test.safetensors under prefix '"
            + P
            + "' to swin_v1 window=2x3"
            + " dim=8 heads=2 qkv_bias=true: missing tensor '"
            + P
            + "proj.bias', expected shape (8)",
        e.getMessage());
  }

  @Test
  void qkvBiasWhenTheShapeHasNone() {
    AttentionShape noBias =
        AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 3), 8, 2).qkvBias(false).build();
    ModuleTensors m = ModuleTensors.valid(noBias, P, 5).floats("qkv.bias", new float[24], 24);
    assertEquals(
        List.of("unexpected tensor '" + P + "qkv.bias' (24): the shape has qkv_bias=false"),
        problems(noBias, m, P));
  }

  @Test
  void tensorOfAnotherFamily() {
    ModuleTensors m = ModuleTensors.valid(V1, P, 6).floats("logit_scale", new float[2], 2, 1, 1);
    assertEquals(
        List.of(
            "unexpected tensor '"
                + P
                + "logit_scale' (2, 1, 1): swin_v1 attention"
                + " has no logit_scale"),
        problems(V1, m, P));
  }

  @Test
  void unknownNameUnderThePrefix() {
    ModuleTensors m = ModuleTensors.valid(V1, P, 7).floats("qkv.weight_orig", new float[3], 3);
    assertEquals(
        List.of(
            "unknown tensor '"
                + P
                + "qkv.weight_orig' (3) under the prefix: not a"
                + " tensor of swin_v1 attention"),
        problems(V1, m, P));
  }

  @Test
  void wrongShapeGivesExpectedAndActual() {
    ModuleTensors m =
        ModuleTensors.valid(V1, P, 8)
            .floats("qkv.weight", new float[24 * 7], 24, 7)
            .floats("relative_position_bias_table", new float[15 * 2], 2, 15);
    assertEquals(
        List.of(
            "tensor '" + P + "qkv.weight' has shape (24, 7), expected (24, 8)",
            "tensor '" + P + "relative_position_bias_table' has shape (2, 15), expected (15, 2)"),
        problems(V1, m, P));
  }

  @Test
  void severalProblemsAreListedTogether() {
    ModuleTensors m = ModuleTensors.valid(V1, P, 9).remove("qkv.weight").remove("proj.bias");
    WeightBindingException e =
        assertThrows(WeightBindingException.class, () -> StateDictBinder.bind(V1, m.source(), P));
    assertEquals(
        "cannot bind test.safetensors under prefix '"
            + P
            + "' to "
            + V1.describe()
            + ": 2 problems\n"
            + "  - missing tensor '"
            + P
            + "qkv.weight', expected shape (24, 8)\n"
            + "  - missing tensor '"
            + P
            + "proj.bias', expected shape (8)",
        e.getMessage());
  }

  @Test
  void badIndexBufferNamesTheFirstMismatch() {
    ModuleTensors m = ModuleTensors.valid(V1, P, 10);
    long[] index = m.longs("relative_position_index");
    // token 1 = (h 0, w 1), token 4 = (h 1, w 1): (0 - 1 + 1) * 5 + (1 - 1 + 2) = 2
    assertEquals(2, index[1 * 6 + 4]);
    index[1 * 6 + 4] = 99;
    index[5 * 6 + 5] = 98;
    m.longs("relative_position_index", index, 6, 6);
    assertEquals(
        List.of(
            "buffer '"
                + P
                + "relative_position_index' differs from the index"
                + " computed for window 2x3 at [1, 4]: 99 instead of 2"),
        problems(V1, m, P));
  }

  @Test
  void transposedWindowIndexIsRejected() {
    // a 3x2 module's index has the same shape (6, 6) as a 2x3 one's, but other values
    AttentionShape v1t = AttentionShape.builder(Family.SWIN_V1, Window.of2d(3, 2), 8, 2).build();
    ModuleTensors m = ModuleTensors.valid(V1, P, 11);
    m.longs(
        "relative_position_index",
        ModuleTensors.valid(v1t, P, 11).longs("relative_position_index"),
        6,
        6);
    List<String> p = problems(V1, m, P);
    assertEquals(1, p.size());
    assertEquals(
        true,
        p.get(0)
            .startsWith(
                "buffer '"
                    + P
                    + "relative_position_index' differs"
                    + " from the index computed for window 2x3 at [0, "),
        p.get(0));
  }

  @Test
  void indexStoredAsFloatsIsReported() {
    ModuleTensors m =
        ModuleTensors.valid(V1, "", 12).floats("relative_position_index", new float[36], 6, 6);
    assertEquals(
        List.of(
            "buffer 'relative_position_index' cannot be read as integers:"
                + " test.safetensors: tensor 'relative_position_index' holds floats, not integers"),
        problems(V1, m, ""));
  }

  @Test
  void integerParameterIsReported() {
    ModuleTensors m = ModuleTensors.valid(V1, "", 13).longs("proj.bias", new long[8], 8);
    assertEquals(
        List.of(
            "tensor 'proj.bias' cannot be read as floats: test.safetensors: tensor"
                + " 'proj.bias' holds integers, not floats"),
        problems(V1, m, ""));
  }

  @Test
  void wrongPrefixListsTheModulesThatExist() {
    ModuleTensors m = ModuleTensors.valid(V1, P, 14);
    assertEquals(
        List.of(
            "no tensor starts with the prefix 'layers.0.blocks.2.attn.'; attention"
                + " modules found under: "
                + P),
        problems(V1, m, "layers.0.blocks.2.attn"));
  }

  @Test
  void temporalWithoutQkvHasOnlyTheTable() {
    AttentionShape t =
        AttentionShape.builder(Family.TEMPORAL, Window.of1d(5), 8, 2).withQkv(false).build();
    ModuleTensors m = ModuleTensors.valid(t, "", 15);
    AttentionWeights w = StateDictBinder.bind(t, m.source(), "");
    assertArrayEquals(m.floats("relative_position_bias_table"), w.biasTable());
    assertArrayEquals(new float[0], w.qkvWeight());
    m.floats("qkv.weight", new float[24 * 8], 24, 8);
    assertEquals(
        List.of("unexpected tensor 'qkv.weight' (24, 8): the shape has with_qkv=false"),
        problems(t, m, ""));
  }

  @Test
  void temporalRelativeCoordsAreFlatAndChecked() {
    AttentionShape t = AttentionShape.builder(Family.TEMPORAL, Window.of1d(4), 8, 2).build();
    ModuleTensors m = ModuleTensors.valid(t, "", 16);
    long[] coords = m.longs("relative_coords");
    assertEquals(1 - 2 + 3, coords[1 * 4 + 2]); // i - j + T - 1
    StateDictBinder.bind(t, m.source(), "");
    coords[1 * 4 + 2] = 0;
    m.longs("relative_coords", coords, 16);
    assertEquals(
        List.of(
            "buffer 'relative_coords' differs from the index computed for window 4"
                + " at [6] (i=1, j=2): 0 instead of 2"),
        problems(t, m, ""));
    m.longs("relative_coords", coords, 4, 4);
    assertEquals(
        List.of("tensor 'relative_coords' has shape (4, 4), expected (16)"), problems(t, m, ""));
  }

  @Test
  void clampedVideoSwinUsesTheFullWindowsTableAndIndex() {
    AttentionShape v =
        AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 2, 3), 8, 2)
            .effectiveWindow(Window.of3d(1, 2, 3))
            .build();
    ModuleTensors m = ModuleTensors.valid(v, "", 17);
    assertEquals(List.of(3L * 3 * 5, 2L), m.source().shape("relative_position_bias_table"));
    assertEquals(List.of(12L, 12L), m.source().shape("relative_position_index"));
    AttentionWeights w = StateDictBinder.bind(v, m.source(), "");
    assertArrayEquals(m.floats("relative_position_bias_table"), w.biasTable());
  }

  @Test
  void swinV2FoldsTheBiasAndBuildsQkvBias() {
    AttentionShape v2 =
        AttentionShape.builder(Family.SWIN_V2, Window.of2d(2, 3), 8, 2)
            .pretrainedWindow(Window.of2d(4, 3))
            .build();
    ModuleTensors m = ModuleTensors.valid(v2, P, 18);
    AttentionWeights w = StateDictBinder.bind(v2, m.source(), P);
    float[] q = m.floats("q_bias");
    float[] v = m.floats("v_bias");
    for (int i = 0; i < 8; i++) {
      assertEquals(q[i], w.qkvBias()[i]);
      assertEquals(0f, w.qkvBias()[8 + i]);
      assertEquals(v[i], w.qkvBias()[16 + i]);
    }
    assertArrayEquals(m.floats("logit_scale"), w.logitScale());
    double[] expected =
        ContinuousPositionBiasTest.foldInDouble(
            2,
            3,
            4,
            3,
            m.floats("cpb_mlp.0.weight"),
            m.floats("cpb_mlp.0.bias"),
            m.floats("cpb_mlp.2.weight"),
            2);
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], w.biasTable()[k], 1e-6, "table entry " + k);
    }
  }

  @Test
  void swinV2ChecksItsCoordsTableAndNames() {
    AttentionShape v2 = AttentionShape.builder(Family.SWIN_V2, Window.of2d(2, 3), 8, 2).build();
    ModuleTensors m = ModuleTensors.valid(v2, "", 19);
    StateDictBinder.bind(v2, m.source(), "");
    // the table of pretrained window 4x3 differs from that of the window itself
    m.floats("relative_coords_table", ModuleTensors.coordsTable(2, 3, 4, 3), 1, 3, 5, 2);
    float stored = ModuleTensors.coordsTable(2, 3, 4, 3)[0];
    float computed = ModuleTensors.coordsTable(2, 3, 2, 3)[0];
    assertEquals(
        List.of(
            "buffer 'relative_coords_table' differs from the table computed for"
                + " window 2x3 (pretrained 2x3) at [0, 0, 0, 0]: "
                + stored
                + " instead of "
                + computed
                + " (tolerance 1.0E-6)"),
        problems(v2, m, ""));
    ModuleTensors n = ModuleTensors.valid(v2, "", 20).floats("qkv.bias", new float[24], 24);
    assertEquals(
        List.of("unexpected tensor 'qkv.bias' (24): swin_v2 attention has no qkv.bias"),
        problems(v2, n, ""));
  }

  @Test
  void swinV2WithoutQkvBias() {
    AttentionShape v2 =
        AttentionShape.builder(Family.SWIN_V2, Window.of2d(2, 3), 8, 2).qkvBias(false).build();
    ModuleTensors m = ModuleTensors.valid(v2, "", 21);
    assertArrayEquals(new float[0], StateDictBinder.bind(v2, m.source(), "").qkvBias());
    m.floats("v_bias", new float[8], 8);
    assertEquals(
        List.of("unexpected tensor 'v_bias' (8): the shape has qkv_bias=false"),
        problems(v2, m, ""));
  }

  @Test
  void normalizePrefix() {
    assertEquals("", StateDictBinder.normalizePrefix(""));
    assertEquals("a.b.", StateDictBinder.normalizePrefix("a.b"));
    assertEquals("a.b.", StateDictBinder.normalizePrefix("a.b."));
  }
}
