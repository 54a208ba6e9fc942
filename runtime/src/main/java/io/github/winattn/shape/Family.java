package io.github.winattn.shape;

import io.github.winattn.diagnostics.UntrustedText;
import java.util.Locale;

/**
 * The attention families of docs/semantics.md, each the eval-mode semantics of one official PyTorch
 * module.
 */
public enum Family {
  /** Swin Transformer v1 {@code WindowAttention}: 2-D window, learned bias table. */
  SWIN_V1("swin_v1", 2),
  /**
   * Swin Transformer v2 {@code WindowAttention}: cosine attention, continuous position bias MLP.
   */
  SWIN_V2("swin_v2", 2),
  /** Video Swin {@code WindowAttention3D}: 3-D window, possibly clamped to the input. */
  VIDEO_SWIN("video_swin", 3),
  /**
   * Temporal {@code Attention} of adapt-image-models: 1-D window over frames, scale after q @ k^T.
   */
  TEMPORAL("temporal", 1);

  private final String id;
  private final int rank;

  Family(String id, int rank) {
    this.id = id;
    this.rank = rank;
  }

  /** The identifier used in configuration files and on the command line, e.g. {@code swin_v1}. */
  public String id() {
    return id;
  }

  /** Number of window axes: 1 (temporal), 2 (Swin) or 3 (Video Swin). */
  public int rank() {
    return rank;
  }

  /** Parses an identifier such as {@code swin_v1}; the message lists the valid ones. */
  public static Family fromId(String id) {
    for (Family f : values()) {
      if (f.id.equals(id.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown family '"
            + UntrustedText.quote(id)
            + "' (expected one of swin_v1, swin_v2, video_swin, temporal)");
  }

  @Override
  public String toString() {
    return id;
  }
}
