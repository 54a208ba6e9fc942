package io.github.winattn.cli.image;

/**
 * The ImageNet evaluation transform of the official Swin repository and timm, as torchvision 0.14
 * computes it on a Pillow image: {@code Resize(int(size / crop_pct), BICUBIC)}, {@code
 * CenterCrop(size)}, {@code ToTensor()}, {@code Normalize(IMAGENET_DEFAULT_MEAN,
 * IMAGENET_DEFAULT_STD)}, giving a {@code (3, height, width)} tensor.
 *
 * <ul>
 *   <li>Resize targets: {@code int(height / cropPct)} and {@code int(width / cropPct)} (truncated,
 *       as the official {@code int((256 / 224) * img_size)} and timm's {@code floor(size /
 *       crop_pct)}: 256 for 224 at the default crop fraction 0.875).
 *   <li>Resized size, keeping the aspect ratio, the smallest that covers both targets: the side
 *       whose ratio target / side is larger gets its target exactly, the other side {@code
 *       int(target * other / side)} as torchvision computes the long side. For square targets this
 *       is torchvision's {@code Resize(int)} (the shorter side gets the target).
 *   <li>Interpolation: Pillow's bicubic ({@link PilBicubic}), antialiased when downscaling.
 *   <li>Centre crop offsets as torchvision's {@code CenterCrop}: {@code round((resized - size) /
 *       2)}, halves rounded to even (Python's {@code round}).
 *   <li>{@code x / 255}, then {@code (x - mean) / std} per channel, in float, with mean (0.485,
 *       0.456, 0.406) and std (0.229, 0.224, 0.225) ({@link ImageNetNormalization}).
 * </ul>
 *
 * @param height the crop height, the model's image height
 * @param width the crop width, the model's image width
 * @param cropPct the fraction of the resized image the crop keeps, in (0, 1]: 0.875 (= 224 / 256)
 *     for the official Swin models evaluated at 224
 */
public record EvalTransform(int height, int width, double cropPct) {

  /** The crop fraction of the official Swin and timm evaluation at 224: 224 / 256. */
  public static final double DEFAULT_CROP_PCT = 224.0 / 256.0;

  /** The largest side of the resized image; beyond it the image is refused. */
  public static final int MAX_RESIZED_SIDE = 1 << 30;

  public EvalTransform {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "image size must be at least 1x1, got " + height + "x" + width);
    }
    if (!(cropPct > 0.0 && cropPct <= 1.0)) {
      throw new IllegalArgumentException("crop fraction must be in (0, 1], got " + cropPct);
    }
    if (height / cropPct > MAX_RESIZED_SIDE || width / cropPct > MAX_RESIZED_SIDE) {
      throw new IllegalArgumentException(
          "crop fraction "
              + cropPct
              + " makes the resize target of "
              + height
              + "x"
              + width
              + " larger than "
              + MAX_RESIZED_SIDE);
    }
  }

  /** The standard transform for a {@code size x size} model: crop fraction 224 / 256. */
  public static EvalTransform standard(int size) {
    return new EvalTransform(size, size, DEFAULT_CROP_PCT);
  }

  /**
   * Where an image goes: resized to {@code resizedWidth x resizedHeight}, then cropped at ({@code
   * left}, {@code top}).
   */
  public record Geometry(int resizedHeight, int resizedWidth, int top, int left) {}

  /** The resize target of the height, {@code int(height / cropPct)}. */
  public int targetHeight() {
    return (int) (height / cropPct);
  }

  /** The resize target of the width, {@code int(width / cropPct)}. */
  public int targetWidth() {
    return (int) (width / cropPct);
  }

  /**
   * The resized size and crop offsets for a {@code sourceWidth x sourceHeight} image.
   *
   * @throws IllegalArgumentException if the resized image would have a side over {@link
   *     #MAX_RESIZED_SIDE} (a very thin image), naming both sizes
   */
  public Geometry geometry(int sourceWidth, int sourceHeight) {
    if (sourceWidth < 1 || sourceHeight < 1) {
      throw new IllegalArgumentException(
          "image size must be at least 1x1, got " + sourceWidth + "x" + sourceHeight);
    }
    long th = targetHeight();
    long tw = targetWidth();
    long rh;
    long rw;
    if (th * sourceWidth >= tw * sourceHeight) { // th / sourceHeight >= tw / sourceWidth
      rh = th;
      rw = (long) ((double) (th * sourceWidth) / sourceHeight);
    } else {
      rw = tw;
      rh = (long) ((double) (tw * sourceHeight) / sourceWidth);
    }
    if (rh > MAX_RESIZED_SIDE || rw > MAX_RESIZED_SIDE) {
      throw new IllegalArgumentException(
          "a "
              + sourceWidth
              + "x"
              + sourceHeight
              + " image would be resized to "
              + rw
              + "x"
              + rh
              + " to cover "
              + tw
              + "x"
              + th
              + ", more than "
              + MAX_RESIZED_SIDE
              + " on a side");
    }
    int top = (int) Math.rint((rh - height) / 2.0);
    int left = (int) Math.rint((rw - width) / 2.0);
    return new Geometry((int) rh, (int) rw, top, left);
  }

  /** The resized and centre-cropped image, {@code width x height}, before the float steps. */
  public RgbImage crop(RgbImage image) {
    Geometry g = geometry(image.width(), image.height());
    return PilBicubic.resizeWindow(
        image, g.resizedWidth(), g.resizedHeight(), g.left(), g.top(), width, height);
  }

  /** The model's input for {@code image}: a new {@code (3, height, width)} array. */
  public float[] apply(RgbImage image) {
    float[] out = new float[3 * height * width];
    apply(image, out, 0);
    return out;
  }

  /**
   * Writes the {@code (3, height, width)} tensor of {@code image} to {@code out} from {@code
   * offset} on (one image of a {@code (B, 3, height, width)} batch).
   */
  public void apply(RgbImage image, float[] out, int offset) {
    if (offset < 0 || (long) offset + 3L * height * width > out.length) {
      throw new IllegalArgumentException(
          "out has "
              + out.length
              + " floats, cannot hold 3x"
              + height
              + "x"
              + width
              + " from offset "
              + offset);
    }
    ImageNetNormalization.toTensor(crop(image), out, offset);
  }
}
