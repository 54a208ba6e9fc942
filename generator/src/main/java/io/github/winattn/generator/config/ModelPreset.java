package io.github.winattn.generator.config;

import io.github.winattn.shape.Family;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The published models a configuration can name under {@code models}, with the numbers of their
 * official configurations: embedding dim of stage 1 (doubled at each later stage) and heads per
 * stage. Temporal presets have one stage.
 */
enum ModelPreset {
  SWIN_T("swin_t", Family.SWIN_V1, 96, 3, 6, 12, 24),
  SWIN_S("swin_s", Family.SWIN_V1, 96, 3, 6, 12, 24),
  SWIN_B("swin_b", Family.SWIN_V1, 128, 4, 8, 16, 32),
  SWIN_L("swin_l", Family.SWIN_V1, 192, 6, 12, 24, 48),
  SWINV2_T("swinv2_t", Family.SWIN_V2, 96, 3, 6, 12, 24),
  SWINV2_S("swinv2_s", Family.SWIN_V2, 96, 3, 6, 12, 24),
  SWINV2_B("swinv2_b", Family.SWIN_V2, 128, 4, 8, 16, 32),
  SWINV2_L("swinv2_l", Family.SWIN_V2, 192, 6, 12, 24, 48),
  VIDEO_SWIN_T("video_swin_t", Family.VIDEO_SWIN, 96, 3, 6, 12, 24),
  VIDEO_SWIN_S("video_swin_s", Family.VIDEO_SWIN, 96, 3, 6, 12, 24),
  VIDEO_SWIN_B("video_swin_b", Family.VIDEO_SWIN, 128, 4, 8, 16, 32),
  VIDEO_SWIN_L("video_swin_l", Family.VIDEO_SWIN, 192, 6, 12, 24, 48),
  /** Temporal attention of adapt-image-models on a ViT-B/16 (CLIP) backbone. */
  AIM_VIT_B("aim_vit_b", Family.TEMPORAL, 768, 12),
  /** Temporal attention of adapt-image-models on a ViT-L/14 (CLIP) backbone. */
  AIM_VIT_L("aim_vit_l", Family.TEMPORAL, 1024, 16);

  private final String id;
  private final Family family;
  private final int embedDim;
  private final int[] heads;

  ModelPreset(String id, Family family, int embedDim, int... heads) {
    this.id = id;
    this.family = family;
    this.embedDim = embedDim;
    this.heads = heads;
  }

  String id() {
    return id;
  }

  Family family() {
    return family;
  }

  int stages() {
    return heads.length;
  }

  /** Channels of stage {@code s} (0-based): patch merging doubles them. */
  int dim(int s) {
    return embedDim << s;
  }

  int heads(int s) {
    return heads[s];
  }

  static Optional<ModelPreset> byId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }

  static String ids() {
    return Arrays.stream(values()).map(ModelPreset::id).collect(Collectors.joining(", "));
  }
}
