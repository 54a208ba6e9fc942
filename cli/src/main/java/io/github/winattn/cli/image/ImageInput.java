package io.github.winattn.cli.image;

import java.nio.file.Path;
import java.util.List;

/**
 * The entry point of {@code winattn classify --image}: image files to the model's {@code (B, 3,
 * height, width)} input, each decoded ({@link ImageDecoder}) and transformed ({@link
 * EvalTransform}) in the order given.
 */
public final class ImageInput {

  private ImageInput() {}

  /**
   * The batch of {@code images} under the standard transform with crop fraction {@code cropPct}
   * ({@link EvalTransform#DEFAULT_CROP_PCT} for the official models), with the default pixel limit.
   *
   * @return {@code (B, 3, height, width)} floats, B = {@code images.size()}
   * @throws io.github.winattn.cli.error.CliException naming the first image that cannot be read
   * @throws IllegalArgumentException for an empty list, sizes below 1 or a crop fraction outside
   *     (0, 1]
   */
  public static float[] load(List<Path> images, int height, int width, double cropPct) {
    return load(images, new EvalTransform(height, width, cropPct), ImageDecoder.DEFAULT_MAX_PIXELS);
  }

  /** As {@link #load(List, int, int, double)}, with a transform and a pixel limit of its own. */
  public static float[] load(List<Path> images, EvalTransform transform, long maxPixels) {
    List<Path> paths = List.copyOf(images);
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("no images to load");
    }
    long perImage = 3L * transform.height() * transform.width();
    if (perImage * paths.size() > RgbImage.MAX_SAMPLES) {
      throw new IllegalArgumentException(
          paths.size()
              + " images of 3x"
              + transform.height()
              + "x"
              + transform.width()
              + " floats do not fit one Java array");
    }
    float[] batch = new float[(int) (perImage * paths.size())];
    for (int i = 0; i < paths.size(); i++) {
      transform.apply(ImageDecoder.read(paths.get(i), maxPixels), batch, (int) (i * perImage));
    }
    return batch;
  }
}
