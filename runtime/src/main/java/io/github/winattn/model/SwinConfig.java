package io.github.winattn.model;

import io.github.winattn.model.checkpoint.CheckpointNames;
import io.github.winattn.shape.Family;
import java.util.List;

/**
 * The resolved configuration of a Swin model, with the official constructor's names.
 *
 * @param names the checkpoint's naming
 * @param numClasses 0 for a model without head (the output is then the pooled features)
 * @param pretrainedWindows Swin v2: {@code pretrained_window_sizes} per stage (0 = none); empty for
 *     v1
 */
public record SwinConfig(
    Family family,
    CheckpointNames names,
    int imageHeight,
    int imageWidth,
    int patchSize,
    int inChans,
    int embedDim,
    List<Integer> depths,
    List<Integer> heads,
    int windowSize,
    double mlpRatio,
    boolean qkvBias,
    boolean ape,
    boolean patchNorm,
    int numClasses,
    List<Integer> pretrainedWindows) {

  public SwinConfig {
    if (family != Family.SWIN_V1 && family != Family.SWIN_V2) {
      throw new IllegalArgumentException("family must be swin_v1 or swin_v2 (got " + family + ")");
    }
    if (names == null) {
      throw new IllegalArgumentException("names == null");
    }
    depths = List.copyOf(depths);
    heads = List.copyOf(heads);
    pretrainedWindows = List.copyOf(pretrainedWindows);
    positive("patch_size", patchSize);
    positive("in_chans", inChans);
    positive("embed_dim", embedDim);
    positive("window_size", windowSize);
    if (imageHeight < patchSize || imageWidth < patchSize) {
      throw new IllegalArgumentException(
          "image " + imageHeight + "x" + imageWidth + " is smaller than one patch of " + patchSize);
    }
    if (depths.isEmpty() || depths.size() != heads.size()) {
      throw new IllegalArgumentException(
          "depths " + depths + " and num_heads " + heads + " need one entry per stage");
    }
    if (!(mlpRatio > 0) || Double.isInfinite(mlpRatio)) {
      throw new IllegalArgumentException("mlp_ratio must be positive (got " + mlpRatio + ")");
    }
    if (numClasses < 0) {
      throw new IllegalArgumentException("num_classes must be >= 0 (got " + numClasses + ")");
    }
    int stages = depths.size();
    if (family == Family.SWIN_V2 && pretrainedWindows.size() != stages) {
      throw new IllegalArgumentException(
          "pretrained_window_sizes " + pretrainedWindows + " needs " + stages + " entries");
    }
    if (family == Family.SWIN_V1 && !pretrainedWindows.isEmpty()) {
      throw new IllegalArgumentException("swin_v1 has no pretrained_window_sizes");
    }
    for (int i = 0; i < stages; i++) {
      positive("depths[" + i + "]", depths.get(i));
      positive("num_heads[" + i + "]", heads.get(i));
      long dim = (long) embedDim << i;
      if (dim > 65_536 || dim % heads.get(i) != 0) {
        throw new IllegalArgumentException(
            "num_heads[" + i + "] = " + heads.get(i) + " must divide the stage dim " + dim);
      }
      if (family == Family.SWIN_V2 && pretrainedWindows.get(i) < 0) {
        throw new IllegalArgumentException(
            "pretrained_window_sizes["
                + i
                + "] must be >= 0 (got "
                + pretrainedWindows.get(i)
                + ")");
      }
    }
    int h = imageHeight / patchSize;
    int w = imageWidth / patchSize;
    for (int i = 0; i < stages - 1; i++) {
      if ((h >> i) % 2 != 0 || (w >> i) % 2 != 0) {
        throw new IllegalArgumentException(
            "stage "
                + i
                + " map "
                + (h >> i)
                + "x"
                + (w >> i)
                + " is odd: PatchMerging needs even sizes (image "
                + imageHeight
                + "x"
                + imageWidth
                + ", patch "
                + patchSize
                + ")");
      }
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive (got " + value + ")");
    }
  }

  /** Number of stages. */
  public int stages() {
    return depths.size();
  }

  /** Channels of stage {@code i}, {@code embed_dim * 2^i}. */
  public int stageDim(int i) {
    return embedDim << i;
  }

  /** Map height of stage {@code i} in tokens. */
  public int stageHeight(int i) {
    return imageHeight / patchSize >> i;
  }

  /** Map width of stage {@code i} in tokens. */
  public int stageWidth(int i) {
    return imageWidth / patchSize >> i;
  }

  /** Tokens of stage {@code i}'s map. */
  public int stageTokens(int i) {
    return stageHeight(i) * stageWidth(i);
  }

  /** MLP hidden features of stage {@code i}, {@code int(dim * mlp_ratio)} as the official code. */
  public int hidden(int i) {
    return (int) (stageDim(i) * mlpRatio);
  }

  /** Channels after the last stage, {@code num_features}. */
  public int numFeatures() {
    return stageDim(stages() - 1);
  }

  /** Values per image of {@code classify}'s output: the classes, or the features without head. */
  public int outputs() {
    return numClasses > 0 ? numClasses : numFeatures();
  }
}
