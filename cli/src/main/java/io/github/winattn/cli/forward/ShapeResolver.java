package io.github.winattn.cli.forward;

import io.github.winattn.cli.error.CliException;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.weights.InspectedModule;
import io.github.winattn.weights.ModuleLayout;
import io.github.winattn.weights.TensorSource;
import java.util.List;
import java.util.Optional;

/**
 * Turns the flags, what the state dict reveals ({@link InspectedModule}) and the input's shape into
 * the module's {@link AttentionShape}, failing on the first disagreement with a message that names
 * the flag, the tensor, and the expected and actual values.
 */
public final class ShapeResolver {

  private final ModuleFlags flags;
  private final InspectedModule module;
  private final TensorSource state;

  private ShapeResolver(ModuleFlags flags, InspectedModule module, TensorSource state) {
    this.flags = flags;
    this.module = module;
    this.state = state;
  }

  /**
   * @param module what {@code state}'s tensors under the module prefix reveal
   * @param state the state dict, to name tensors with their shapes in messages
   * @param input the shape of tensor {@code input}, expected {@code (B_, N, C)}
   * @param mask the shape of tensor {@code mask} if present, expected {@code (nW, N, N)}
   * @throws CliException on any disagreement
   */
  public static AttentionShape resolve(
      ModuleFlags flags,
      InspectedModule module,
      TensorSource state,
      List<Long> input,
      Optional<List<Long>> mask) {
    return new ShapeResolver(flags, module, state).resolve(input, mask);
  }

  private AttentionShape resolve(List<Long> input, Optional<List<Long>> mask) {
    checkFlagsApply();
    if (input.size() != 3 || input.stream().anyMatch(d -> d < 1)) {
      throw new CliException(
          "--input: tensor 'input' must be (B_, N, C), got " + Tensors.format(input));
    }
    int batch = input.get(0).intValue();
    int tokens = input.get(1).intValue();
    int channels = input.get(2).intValue();
    checkQkv();
    int dim = module.dim().orElse(channels);
    if (dim != channels) {
      throw new CliException(
          "--input: tensor 'input' "
              + Tensors.format(input)
              + " has C = "
              + channels
              + " channels, but "
              + where(ModuleLayout.QKV_WEIGHT)
              + " is a module of dim "
              + dim);
    }
    if (module.heads() != flags.heads()) {
      throw new CliException(
          "--heads "
              + flags.heads()
              + " does not match "
              + headsTensor()
              + ", which has "
              + module.heads()
              + " heads");
    }
    checkWindow();
    Window effective = flags.effectiveWindow().orElse(flags.window());
    if (tokens != effective.tokens()) {
      boolean clampHint = flags.family() == Family.VIDEO_SWIN && flags.effectiveWindow().isEmpty();
      throw new CliException(
          "--input: tensor 'input' "
              + Tensors.format(input)
              + " has N = "
              + tokens
              + " tokens per window, but --"
              + (flags.effectiveWindow().isPresent() ? "effective-window " : "window ")
              + effective
              + " has "
              + effective.tokens()
              + (clampHint
                  ? " (a Video Swin window clamped to a small input needs"
                      + " --effective-window, e.g. 1x"
                      + flags.window().height()
                      + "x"
                      + flags.window().width()
                      + ")"
                  : ""));
    }
    mask.ifPresent(m -> checkMask(m, batch, tokens));
    AttentionShape.Builder b =
        AttentionShape.builder(flags.family(), flags.window(), dim, flags.heads())
            .qkvBias(module.qkvBias())
            .withQkv(module.withQkv())
            .effectiveWindow(effective);
    flags.qkScale().ifPresent(b::qkScale);
    flags.pretrainedWindow().ifPresent(b::pretrainedWindow);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CliException("the flags do not describe a valid module: " + e.getMessage(), e);
    }
  }

  private void checkFlagsApply() {
    Family family = flags.family();
    if (module.family() != family) {
      throw new IllegalStateException("inspected as " + module.family() + ", flags say " + family);
    }
    if (flags.window().rank() != family.rank()) {
      throw new CliException(
          "--window "
              + flags.window()
              + ": "
              + family
              + " needs a "
              + family.rank()
              + "-D window like "
              + example(family));
    }
    if (flags.noQkv() && family != Family.TEMPORAL) {
      throw new CliException("--no-qkv only applies to --family temporal (not " + family + ")");
    }
    if (flags.effectiveWindow().isPresent() && family != Family.VIDEO_SWIN) {
      throw new CliException(
          "--effective-window only applies to --family video_swin (not " + family + ")");
    }
    if (flags.pretrainedWindow().isPresent() && family != Family.SWIN_V2) {
      throw new CliException(
          "--pretrained-window only applies to --family swin_v2 (not " + family + ")");
    }
    if (flags.qkScale().isPresent() && family == Family.SWIN_V2) {
      throw new CliException(
          "--qk-scale does not apply to swin_v2 (cosine attention has no scale)");
    }
  }

  private void checkQkv() {
    if (flags.noQkv() && module.withQkv()) {
      throw new CliException(
          "--no-qkv given, but "
              + state.describe()
              + " has "
              + where(ModuleLayout.QKV_WEIGHT)
              + ": the module has projections (drop --no-qkv)");
    }
    if (!flags.noQkv() && !module.withQkv()) {
      throw new CliException(
          state.describe()
              + " has no tensor "
              + module.prefix()
              + ModuleLayout.QKV_WEIGHT
              + ": a temporal module built with with_qkv=False needs --no-qkv");
    }
  }

  private void checkWindow() {
    Window w = flags.window();
    boolean v2 = flags.family() == Family.SWIN_V2;
    String tableName = v2 ? ModuleLayout.COORDS_TABLE : ModuleLayout.BIAS_TABLE;
    if (module.tableRows().isPresent() && module.tableRows().getAsInt() != w.tableRows()) {
      throw new CliException(
          "--window "
              + w
              + " needs a table of "
              + w.tableRows()
              + " rows, but "
              + where(tableName)
              + " has "
              + module.tableRows().getAsInt()
              + fits());
    }
    String indexName =
        flags.family() == Family.TEMPORAL
            ? ModuleLayout.RELATIVE_COORDS
            : ModuleLayout.POSITION_INDEX;
    if (module.fullTokens().isPresent() && module.fullTokens().getAsInt() != w.tokens()) {
      throw new CliException(
          "--window "
              + w
              + " has "
              + w.tokens()
              + " tokens, but "
              + where(indexName)
              + " is the index of "
              + module.fullTokens().getAsInt()
              + fits());
    }
    if (!module.windows().isEmpty() && !module.windows().contains(w)) {
      throw new CliException(
          "--window "
              + w
              + " does not fit "
              + where(tableName)
              + (state.contains(module.prefix() + indexName) ? " and " + where(indexName) : "")
              + fits());
    }
  }

  private String fits() {
    return module.windows().isEmpty()
        ? ""
        : " (the tensors fit --window "
            + String.join(" or ", module.windows().stream().map(Window::toString).toList())
            + ")";
  }

  private String headsTensor() {
    if (flags.family() != Family.SWIN_V2) {
      return where(ModuleLayout.BIAS_TABLE);
    }
    return state.contains(module.prefix() + ModuleLayout.CPB_W2)
        ? where(ModuleLayout.CPB_W2)
        : where(ModuleLayout.LOGIT_SCALE);
  }

  private String where(String name) {
    return Tensors.where(state, module.prefix() + name);
  }

  private static void checkMask(List<Long> m, int batch, int tokens) {
    if (m.size() != 3 || m.get(0) < 1 || m.get(1) != tokens || m.get(2) != tokens) {
      throw new CliException(
          "--input: tensor 'mask' must be (nW, "
              + tokens
              + ", "
              + tokens
              + ") for N = "
              + tokens
              + " tokens, got "
              + Tensors.format(m));
    }
    long windows = m.get(0);
    if (batch % windows != 0) {
      throw new CliException(
          "--input: tensor 'input' has B_ = "
              + batch
              + " windows, not a"
              + " multiple of the "
              + windows
              + " windows of tensor 'mask' "
              + Tensors.format(m));
    }
  }

  private static String example(Family f) {
    return switch (f.rank()) {
      case 1 -> "8";
      case 2 -> "7x7";
      default -> "8x7x7";
    };
  }
}
