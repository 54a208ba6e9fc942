package io.github.winattn.cli.image;

/**
 * torchvision's {@code ToTensor()} then {@code Normalize(mean, std)} with ImageNet's statistics, in
 * float as torch computes them: {@code (v / 255f - mean[c]) / std[c]}, channels first.
 */
public final class ImageNetNormalization {

  /** timm's {@code IMAGENET_DEFAULT_MEAN}, as float (torch converts it to the tensor's dtype). */
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};

  /** timm's {@code IMAGENET_DEFAULT_STD}, as float. */
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  private ImageNetNormalization() {}

  /** The mean of channel {@code c} (0 red, 1 green, 2 blue). */
  public static float mean(int channel) {
    return MEAN[channel];
  }

  /** The standard deviation of channel {@code c} (0 red, 1 green, 2 blue). */
  public static float std(int channel) {
    return STD[channel];
  }

  /**
   * Writes {@code image} as a normalised {@code (3, height, width)} tensor to {@code out} from
   * {@code offset} on.
   */
  public static void toTensor(RgbImage image, float[] out, int offset) {
    int plane = image.width() * image.height();
    if (offset < 0 || (long) offset + 3L * plane > out.length) {
      throw new IllegalArgumentException(
          "out has "
              + out.length
              + " floats, cannot hold 3x"
              + image.height()
              + "x"
              + image.width()
              + " from offset "
              + offset);
    }
    byte[] rgb = image.samples();
    for (int c = 0; c < 3; c++) {
      float mean = MEAN[c];
      float std = STD[c];
      int base = offset + c * plane;
      for (int i = 0; i < plane; i++) {
        out[base + i] = ((rgb[i * 3 + c] & 0xFF) / 255f - mean) / std;
      }
    }
  }
}
