package io.github.winattn.generator.config;

import io.github.winattn.generator.FeatureMapSpec;
import io.github.winattn.kernel.MlpShape;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Expands a model preset into the attention shapes of its stages, following the official code: a
 * Swin block whose input is no larger than its window shrinks the window to the input and does not
 * shift; Video Swin does the same per axis and keeps the full window's bias index. A stage that
 * shifts needs a masked kernel (which also serves its unshifted blocks).
 */
final class PresetExpander {

  /**
   * One stage's kernel and the feature maps its blocks run: the stage's resolution with shift 0
   * and, in a stage that shifts, {@code window // 2} (the official blocks alternate them).
   */
  record StageKernel(
      AttentionShape shape, boolean masked, String stage, List<FeatureMapSpec> maps) {
    StageKernel {
      maps = List.copyOf(maps);
    }
  }

  private static final List<String> SWIN_KEYS = List.of("image", "window");
  private static final List<String> SWIN_V2_KEYS = List.of("image", "window", "pretrained_window");
  private static final List<String> VIDEO_KEYS = List.of("frames", "image", "window");
  private static final List<String> TEMPORAL_KEYS = List.of("frames", "qkv_bias", "image");

  private final Problems problems;

  PresetExpander(Problems problems) {
    this.problems = problems;
  }

  /**
   * The MLP block kernels of a Swin v1 or v2 preset, one per stage: dim C of the stage and hidden
   * {@code mlp_ratio * C} with the official ratio 4 (none for Video Swin and temporal presets).
   */
  static List<MlpShape> mlpShapes(ModelPreset preset) {
    if (preset.family() != Family.SWIN_V1 && preset.family() != Family.SWIN_V2) {
      return List.of();
    }
    List<MlpShape> shapes = new ArrayList<>();
    for (int s = 0; s < preset.stages(); s++) {
      shapes.add(new MlpShape(preset.family(), preset.dim(s), MLP_RATIO * preset.dim(s)));
    }
    return shapes;
  }

  /** {@code mlp_ratio} of every official Swin configuration. */
  static final int MLP_RATIO = 4;

  /** The stages' kernels, or empty after reporting why the parameters do not describe a model. */
  List<StageKernel> expand(ModelPreset preset, YamlMapping params) {
    return switch (preset.family()) {
      case SWIN_V1, SWIN_V2 -> swin(preset, params);
      case VIDEO_SWIN -> videoSwin(preset, params);
      case TEMPORAL -> temporal(preset, params);
    };
  }

  private List<StageKernel> swin(ModelPreset preset, YamlMapping params) {
    boolean v2 = preset.family() == Family.SWIN_V2;
    params.rejectUnknownKeys(v2 ? SWIN_V2_KEYS : SWIN_KEYS);
    int image = params.integer("image", 32, 8192).orElse(v2 ? 256 : 224);
    int window = params.integer("window", 1, 64).orElse(v2 ? 8 : 7);
    int[] pretrained = v2 ? pretrainedWindows(params, preset.stages()) : new int[preset.stages()];
    if (image % 32 != 0) {
      problems.add(
          params.nodeOf("image"),
          "image " + image + " must be a multiple of 32 (patch size 4, then 3 patch mergings)");
      return List.of();
    }
    List<StageKernel> out = new ArrayList<>();
    for (int s = 0; s < preset.stages(); s++) {
      int resolution = (image / 4) >> s;
      boolean shifted = resolution > window;
      int w = shifted ? window : resolution;
      if (shifted && resolution % window != 0) {
        problems.add(
            params.nodeOf("window"),
            preset.id()
                + " stage "
                + (s + 1)
                + ": resolution "
                + resolution
                + "x"
                + resolution
                + " is not a multiple of window "
                + window
                + " (the official model cannot run it)");
        continue;
      }
      AttentionShape.Builder b =
          AttentionShape.builder(
              preset.family(), Window.of2d(w, w), preset.dim(s), preset.heads(s));
      if (pretrained[s] > 0) {
        b.pretrainedWindow(Window.of2d(pretrained[s], pretrained[s]));
      }
      Optional<AttentionShape> shape = build(b, params, preset, s);
      if (shape.isPresent()) {
        List<Integer> size = List.of(resolution, resolution);
        List<FeatureMapSpec> maps = new ArrayList<>();
        maps.add(new FeatureMapSpec(size, List.of(0)));
        if (shifted) {
          maps.add(new FeatureMapSpec(size, List.of(window / 2)));
        }
        out.add(stage(shape.get(), shifted, preset, s, maps));
      }
    }
    return out;
  }

  /** {@code pretrained_window}: one size for all stages or one per stage; 0 means none. */
  private int[] pretrainedWindows(YamlMapping params, int stages) {
    int[] sizes = new int[stages];
    Optional<Node> value = params.value("pretrained_window");
    if (value.isEmpty()) {
      return sizes;
    }
    if (value.get() instanceof SequenceNode list) {
      if (list.getValue().size() != stages) {
        problems.add(
            list,
            "'pretrained_window' needs one size per stage ("
                + stages
                + "), got "
                + list.getValue().size());
        return sizes;
      }
      for (int s = 0; s < stages; s++) {
        sizes[s] =
            YamlMapping.integer("pretrained_window", list.getValue().get(s), 0, 64, problems)
                .orElse(0);
      }
      return sizes;
    }
    int all = YamlMapping.integer("pretrained_window", value.get(), 0, 64, problems).orElse(0);
    java.util.Arrays.fill(sizes, all);
    return sizes;
  }

  private List<StageKernel> videoSwin(ModelPreset preset, YamlMapping params) {
    params.rejectUnknownKeys(VIDEO_KEYS);
    int frames = params.integer("frames", 1, 4096).orElse(32);
    int image = params.integer("image", 4, 8192).orElse(224);
    Window window = Window.of3d(8, 7, 7);
    Optional<Node> windowNode = params.value("window");
    if (windowNode.isPresent()) {
      Optional<Window> parsed = WindowText.parse("window", windowNode.get(), problems);
      if (parsed.isEmpty()) {
        return List.of();
      }
      if (parsed.get().rank() != 3) {
        problems.add(
            windowNode.get(),
            "video swin needs a 3-D window like 8x7x7, got '" + parsed.get() + "'");
        return List.of();
      }
      window = parsed.get();
    }
    // PatchEmbed3D (2, 4, 4) pads to whole patches; patch merging halves H and W, padding odd ones.
    int depth = ceilDiv(frames, 2);
    int side = ceilDiv(image, 4);
    List<StageKernel> out = new ArrayList<>();
    for (int s = 0; s < preset.stages(); s++) {
      int[] input = {depth, side, side};
      int[] full = {window.depth(), window.height(), window.width()};
      int[] used = new int[3];
      boolean shifted = false;
      for (int a = 0; a < 3; a++) {
        used[a] = Math.min(input[a], full[a]);
        shifted |= input[a] > full[a];
      }
      AttentionShape.Builder b =
          AttentionShape.builder(Family.VIDEO_SWIN, window, preset.dim(s), preset.heads(s))
              .effectiveWindow(Window.of3d(used[0], used[1], used[2]));
      Optional<AttentionShape> shape = build(b, params, preset, s);
      if (shape.isPresent()) {
        List<Integer> size = List.of(input[0], input[1], input[2]);
        List<FeatureMapSpec> maps = new ArrayList<>();
        maps.add(new FeatureMapSpec(size, List.of(0, 0, 0)));
        if (shifted) {
          // SwinTransformerBlock3D's shift_size = window_size // 2; get_window_size clamps it
          maps.add(new FeatureMapSpec(size, List.of(full[0] / 2, full[1] / 2, full[2] / 2)));
        }
        out.add(stage(shape.get(), shifted, preset, s, maps));
      }
      side = ceilDiv(side, 2);
    }
    return out;
  }

  private List<StageKernel> temporal(ModelPreset preset, YamlMapping params) {
    params.rejectUnknownKeys(TEMPORAL_KEYS);
    if (!params.require("frames")) {
      return List.of();
    }
    Optional<Integer> frames = params.integer("frames", 1, Window.MAX_TOKENS);
    boolean bias = params.bool("qkv_bias").orElse(false);
    // CLIP ViT-B/16 or ViT-L/14: the T frames of each of 1 + (image / patch)^2 tokens (class token
    // included: rearrange(x, 'n (b t) d -> t (b n) d'))
    int patch = preset == ModelPreset.AIM_VIT_L ? 14 : 16;
    int image = params.integer("image", patch, 8192).orElse(224);
    if (frames.isEmpty()) {
      return List.of();
    }
    int side = image / patch;
    List<FeatureMapSpec> maps = List.of(new FeatureMapSpec(List.of(1 + side * side), List.of()));
    AttentionShape.Builder b =
        AttentionShape.builder(
                Family.TEMPORAL, Window.of1d(frames.get()), preset.dim(0), preset.heads(0))
            .qkvBias(bias);
    return build(b, params, preset, 0)
        .map(shape -> List.of(new StageKernel(shape, false, preset.id() + " temporal", maps)))
        .orElse(List.of());
  }

  private Optional<AttentionShape> build(
      AttentionShape.Builder b, YamlMapping params, ModelPreset preset, int s) {
    try {
      return Optional.of(b.build());
    } catch (IllegalArgumentException e) {
      problems.add(params.node(), preset.id() + " stage " + (s + 1) + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private static StageKernel stage(
      AttentionShape shape, boolean shifted, ModelPreset p, int s, List<FeatureMapSpec> maps) {
    return new StageKernel(shape, shifted, p.id() + " stage " + (s + 1), maps);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
