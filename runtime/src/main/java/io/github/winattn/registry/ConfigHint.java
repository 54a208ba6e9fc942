package io.github.winattn.registry;

import io.github.winattn.kernel.MlpShape;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;

/** The kernels.yaml entry that would generate a shape, for messages that say how to add it. */
final class ConfigHint {

  private ConfigHint() {}

  /**
   * E.g. {@code {family: swin_v1, window: 7x7, dim: 96, heads: 3, masked: true}}, with {@code
   * extraKeys} (such as {@code resolution: 56x56, shift: 3}) at the end when not null.
   */
  static String entry(AttentionShape s, boolean masked, String extraKeys) {
    StringBuilder sb = new StringBuilder("{family: ").append(s.family().id());
    sb.append(", window: ").append(s.window());
    if (!s.effectiveWindow().equals(s.window())) {
      sb.append(", effective_window: ").append(s.effectiveWindow());
    }
    sb.append(", dim: ").append(s.dim()).append(", heads: ").append(s.heads());
    boolean defaultBias = s.family() != Family.TEMPORAL;
    if (s.qkvBias() != defaultBias) {
      sb.append(", qkv_bias: ").append(s.qkvBias());
    }
    if (s.qkScale() != 0f) {
      sb.append(", qk_scale: ").append(s.qkScale());
    }
    if (!s.withQkv()) {
      sb.append(", with_qkv: false");
    }
    if (!s.pretrainedWindow().equals(s.window())) {
      sb.append(", pretrained_window: ").append(s.pretrainedWindow());
    }
    if (masked) {
      sb.append(", masked: true");
    }
    if (extraKeys != null && !extraKeys.isEmpty()) {
      sb.append(", ").append(extraKeys);
    }
    return sb.append('}').toString();
  }

  // The model presets of kernels.yaml that generate MLP block kernels: stage s has dim base << s
  // and
  // hidden 4 * dim (the generator's ModelPreset holds the same numbers).
  private static final String[] V1_PRESETS = {"swin_t", "swin_b", "swin_l"};
  private static final String[] V2_PRESETS = {"swinv2_t", "swinv2_b", "swinv2_l"};
  private static final int[] PRESET_DIMS = {96, 128, 192};

  /**
   * How to generate an MLP shape: e.g. {@code to generate it add the model preset '- swin_t: {}'
   * (stage 1) under 'models:' in kernels.yaml and rebuild}, or why no preset does.
   */
  static String mlpPreset(MlpShape s) {
    String[] ids = s.family() == Family.SWIN_V1 ? V1_PRESETS : V2_PRESETS;
    for (int p = 0; p < ids.length; p++) {
      for (int stage = 0; stage < 4; stage++) {
        int dim = PRESET_DIMS[p] << stage;
        if (s.dim() == dim && s.hidden() == 4 * dim) {
          return "to generate it add the model preset '- "
              + ids[p]
              + ": {}' (stage "
              + (stage + 1)
              + ") under 'models:' in kernels.yaml and rebuild";
        }
      }
    }
    return "no kernels.yaml model preset has this shape (the presets generate dims 96, 128 and 192"
        + " doubled per stage, mlp_ratio 4)";
  }
}
