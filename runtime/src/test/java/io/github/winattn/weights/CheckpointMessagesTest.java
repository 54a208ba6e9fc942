package io.github.winattn.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Messages about whole checkpoints: a missing prefix lists the attention modules found, long
 * listings are capped, and names with terminal escapes are printed escaped.
 */
class CheckpointMessagesTest {

  private static final String P = "layers.0.blocks.1.attn.";
  private static final AttentionShape V1 =
      AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 3), 8, 2).build();

  /** A checkpoint: the module under P, another module's tensors, and a norm. */
  private static ModuleTensors checkpoint(int extraModules) {
    ModuleTensors m = ModuleTensors.valid(V1, P, 1).raw("norm.weight", new float[8], 8);
    for (int i = 0; i < extraModules; i++) {
      m.raw("layers.1.blocks." + i + ".attn.relative_position_bias_table", new float[30], 15, 2);
      m.raw("layers.1.blocks." + i + ".attn.qkv.weight", new float[24 * 8], 24, 8);
    }
    return m;
  }

  @Test
  void withoutPrefixTheBinderListsTheModulesFound() {
    ModuleTensors m = checkpoint(1);
    WeightBindingException e =
        assertThrows(WeightBindingException.class, () -> StateDictBinder.bind(V1, m.source(), ""));
    assertEquals(
        List.of(
            "no attention module under the prefix ''; attention modules found under: "
                + P
                + ", layers.1.blocks.0.attn."),
        e.problems());
  }

  @Test
  void withoutPrefixTheInspectorListsTheModulesFound() {
    ModuleTensors m = checkpoint(1);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StateDictInspector.inspect(m.source(), "", Family.SWIN_V1));
    assertEquals(
        "test.safetensors: no attention module under the prefix ''; attention modules"
            + " found under: "
            + P
            + ", layers.1.blocks.0.attn.",
        e.getMessage());
    var partial =
        assertThrows(
            IllegalArgumentException.class,
            () -> StateDictInspector.inspect(m.source(), "layers.0.blocks.1.", Family.SWIN_V1));
    assertTrue(
        partial
            .getMessage()
            .startsWith(
                "test.safetensors: no attention module under the"
                    + " prefix 'layers.0.blocks.1.'; attention modules found under: "
                    + P),
        partial.getMessage());
  }

  @Test
  void aModuleWithoutItsTableStillGetsItsMissingTensors() {
    ModuleTensors m = checkpoint(1).remove("relative_position_bias_table");
    assertEquals(
        List.of(
            "missing tensor '" + P + "relative_position_bias_table', expected shape" + " (15, 2)"),
        assertThrows(WeightBindingException.class, () -> StateDictBinder.bind(V1, m.source(), P))
            .problems());
  }

  @Test
  void theModuleListingIsCappedAtTwenty() {
    ModuleTensors m = checkpoint(30);
    String problem =
        assertThrows(WeightBindingException.class, () -> StateDictBinder.bind(V1, m.source(), ""))
            .problems()
            .get(0);
    assertTrue(problem.endsWith(", and 11 more"), problem); // 31 modules, 20 listed
    assertEquals(21, problem.split(", ").length, problem); // 20 prefixes and "and 11 more"
  }

  @Test
  void theProblemListingIsCappedAtTwenty() {
    ModuleTensors m = ModuleTensors.valid(V1, P, 2);
    for (int i = 0; i < 30; i++) {
      m.floats(String.format("junk%02d", i), new float[1], 1);
    }
    WeightBindingException e =
        assertThrows(WeightBindingException.class, () -> StateDictBinder.bind(V1, m.source(), P));
    assertEquals(30, e.problems().size());
    List<String> lines = e.getMessage().lines().toList();
    assertEquals(22, lines.size(), e.getMessage()); // context, 20 problems, the rest
    assertTrue(lines.get(0).endsWith(": 30 problems"), lines.get(0));
    assertEquals(
        "  - unknown tensor '"
            + P
            + "junk19' (1) under the prefix: not a tensor of"
            + " swin_v1 attention",
        lines.get(20));
    assertEquals("  - and 10 more", lines.get(21));
  }

  @Test
  void terminalEscapesInNamesAreEscaped() {
    String evil = "\u001b]0;pwned\u0007\u001b[2J";
    ModuleTensors m = ModuleTensors.valid(V1, P, 3).floats(evil, new float[1], 1);
    WeightBindingException e =
        assertThrows(WeightBindingException.class, () -> StateDictBinder.bind(V1, m.source(), P));
    assertTrue(
        e.getMessage().contains("unknown tensor '" + P + "\\u001b]0;pwned\\u0007\\u001b[2J'"),
        e.getMessage());
    assertFalse(e.getMessage().chars().anyMatch(Character::isISOControl), e.getMessage());
    ModuleTensors other = ModuleTensors.valid(V1, evil + ".", 4);
    var wrongPrefix =
        assertThrows(
            IllegalArgumentException.class,
            () -> StateDictInspector.inspect(other.source(), "x", Family.SWIN_V1));
    assertFalse(
        wrongPrefix.getMessage().chars().anyMatch(Character::isISOControl),
        wrongPrefix.getMessage());
    assertTrue(
        wrongPrefix.getMessage().endsWith("found under: \\u001b]0;pwned\\u0007\\u001b[2J."),
        wrongPrefix.getMessage());
  }
}
