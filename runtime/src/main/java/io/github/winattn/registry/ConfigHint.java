package io.github.winattn.registry;

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
}
