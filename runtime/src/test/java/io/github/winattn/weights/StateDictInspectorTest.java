package io.github.winattn.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StateDictInspectorTest {

  private static final String P = "layers.2.blocks.0.attn.";
  private static final AttentionShape V1 =
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 3), 8, 2).build();

  @Test
  void swinV1RevealsItsWholeShape() {
    InspectedModule m =
        StateDictInspector.inspect(
            ModuleTensors.valid(V1, P, 1).source(), "layers.2.blocks.0.attn", Family.SWIN_V1);
    assertEquals(
        new InspectedModule(
            P,
            Family.SWIN_V1,
            OptionalInt.of(8),
            2,
            true,
            true,
            OptionalInt.of(15),
            OptionalInt.of(6),
            List.of(Window.of2d(2, 3))),
        m);
    assertEquals(Optional.of(Window.of2d(2, 3)), m.window());
    assertEquals(List.of(), m.mismatches(V1));
  }

  @Test
  void withoutTheIndexOnlyTheTableRowsConstrainTheWindow() {
    InspectedModule m =
        StateDictInspector.inspect(
            ModuleTensors.valid(V1, P, 2).remove("relative_position_index").source(),
            P,
            Family.SWIN_V1);
    // (2h - 1)(2w - 1) = 15
    assertEquals(
        List.of(Window.of2d(1, 8), Window.of2d(2, 3), Window.of2d(3, 2), Window.of2d(8, 1)),
        m.windows());
    assertEquals(Optional.empty(), m.window());
    assertEquals(OptionalInt.empty(), m.fullTokens());
  }

  @Test
  void mismatchesNameEveryFlagThatDisagrees() {
    InspectedModule m =
        StateDictInspector.inspect(ModuleTensors.valid(V1, P, 3).source(), P, Family.SWIN_V1);
    AttentionShape flags =
        AttentionShape.builder(Family.SWIN_V1, Window.of2d(3, 3), 16, 4).qkvBias(false).build();
    assertEquals(
        List.of(
            "dim: the shape says 16, qkv.weight says 8",
            "heads: the shape says 4, the tensors say 2",
            "qkv_bias: the shape says false, the tensors say true",
            "window: the shape says 3x3 (25 table rows, 9 tokens), the tensors fit [2x3]"
                + " (15 table rows, 6 tokens)"),
        m.mismatches(flags));
  }

  @Test
  void videoSwinWindowIsPickedByTheIndex() {
    AttentionShape v =
        AttentionShape.builder(Family.VIDEO_SWIN, Window.of3d(2, 2, 3), 8, 2)
            .effectiveWindow(Window.of3d(1, 2, 3))
            .build();
    InspectedModule m =
        StateDictInspector.inspect(ModuleTensors.valid(v, "", 4).source(), "", Family.VIDEO_SWIN);
    assertEquals(List.of(Window.of3d(2, 2, 3)), m.windows());
    assertEquals(List.of(), m.mismatches(v));
    InspectedModule noIndex =
        StateDictInspector.inspect(
            ModuleTensors.valid(v, "", 4).remove("relative_position_index").source(),
            "",
            Family.VIDEO_SWIN);
    assertEquals(
        true,
        noIndex
            .windows()
            .containsAll(List.of(Window.of3d(2, 2, 3), Window.of3d(2, 3, 2), Window.of3d(3, 2, 2))),
        noIndex.windows().toString());
  }

  @Test
  void swinV2WindowComesFromTheCoordsTable() {
    AttentionShape v2 =
        AttentionShape.builder(Family.SWIN_V2, Window.of2d(2, 3), 8, 2).qkvBias(false).build();
    InspectedModule m =
        StateDictInspector.inspect(ModuleTensors.valid(v2, "", 5).source(), "", Family.SWIN_V2);
    assertEquals(
        new InspectedModule(
            "",
            Family.SWIN_V2,
            OptionalInt.of(8),
            2,
            false,
            true,
            OptionalInt.of(15),
            OptionalInt.of(6),
            List.of(Window.of2d(2, 3))),
        m);
    InspectedModule bare =
        StateDictInspector.inspect(
            ModuleTensors.valid(v2, "", 5)
                .remove("relative_coords_table")
                .remove("relative_position_index")
                .source(),
            "",
            Family.SWIN_V2);
    assertEquals(List.of(), bare.windows());
    assertEquals(List.of(), bare.mismatches(v2));
  }

  @Test
  void temporalWithoutQkvRevealsNoDim() {
    AttentionShape t =
        AttentionShape.builder(Family.TEMPORAL, Window.of1d(5), 8, 2).withQkv(false).build();
    InspectedModule m =
        StateDictInspector.inspect(ModuleTensors.valid(t, "", 6).source(), "", Family.TEMPORAL);
    assertEquals(
        new InspectedModule(
            "",
            Family.TEMPORAL,
            OptionalInt.empty(),
            2,
            false,
            false,
            OptionalInt.of(9),
            OptionalInt.of(5),
            List.of(Window.of1d(5))),
        m);
    AttentionShape withQkv = AttentionShape.builder(Family.TEMPORAL, Window.of1d(5), 8, 2).build();
    assertEquals(
        List.of("with_qkv: the shape says true, the tensors say false"), m.mismatches(withQkv));
  }

  @Test
  void errorsNameTheTensor() {
    ModuleTensors bad =
        ModuleTensors.valid(V1, P, 7).floats("qkv.weight", new float[20 * 8], 20, 8);
    assertEquals(
        "test.safetensors: tensor '" + P + "qkv.weight' has shape (20, 8), expected" + " (3C, C)",
        assertThrows(
                IllegalArgumentException.class,
                () -> StateDictInspector.inspect(bad.source(), P, Family.SWIN_V1))
            .getMessage());
    ModuleTensors noTable = ModuleTensors.valid(V1, P, 7).remove("relative_position_bias_table");
    assertEquals(
        "test.safetensors: missing tensor '"
            + P
            + "relative_position_bias_table'"
            + " (rows, H) of a swin_v1 attention module",
        assertThrows(
                IllegalArgumentException.class,
                () -> StateDictInspector.inspect(noTable.source(), P, Family.SWIN_V1))
            .getMessage());
    assertEquals(
        "test.safetensors: no tensor starts with the prefix 'x.'; attention modules found"
            + " under: "
            + P,
        assertThrows(
                IllegalArgumentException.class,
                () -> StateDictInspector.inspect(bad.source(), "x", Family.SWIN_V1))
            .getMessage());
    AttentionShape v2 = AttentionShape.builder(Family.SWIN_V2, Window.of2d(2, 3), 8, 2).build();
    ModuleTensors half = ModuleTensors.valid(v2, "", 8).remove("v_bias");
    assertEquals(
        "test.safetensors: 'q_bias' exists without 'v_bias'",
        assertThrows(
                IllegalArgumentException.class,
                () -> StateDictInspector.inspect(half.source(), "", Family.SWIN_V2))
            .getMessage());
    ModuleTensors heads =
        ModuleTensors.valid(v2, "", 8).floats("logit_scale", new float[3], 3, 1, 1);
    assertEquals(
        "test.safetensors: 'logit_scale' has 3 heads but 'cpb_mlp.2.weight' has 2",
        assertThrows(
                IllegalArgumentException.class,
                () -> StateDictInspector.inspect(heads.source(), "", Family.SWIN_V2))
            .getMessage());
  }

  @Test
  void modulePrefixesFindsEveryAttentionModule() {
    AttentionShape v2 = AttentionShape.builder(Family.SWIN_V2, Window.of2d(2, 3), 8, 2).build();
    InMemoryTensorSource s =
        InMemoryTensorSource.builder("m")
            .floats("layers.1.blocks.0.attn.relative_position_bias_table", new float[2], 1, 2)
            .floats("layers.0.blocks.1.attn.relative_position_bias_table", new float[2], 1, 2)
            .floats("relative_position_bias_table", new float[2], 1, 2)
            .floats("stage.attn.cpb_mlp.0.weight", new float[2], 1, 2)
            .floats("norm.weight", new float[2], 2)
            .build();
    assertEquals(
        List.of("", "layers.0.blocks.1.attn.", "layers.1.blocks.0.attn.", "stage.attn."),
        StateDictInspector.modulePrefixes(s));
  }
}
