package io.github.winattn.generator;

import io.github.winattn.shape.AttentionShape;
import java.util.List;

/**
 * One kernel to generate: a shape, whether it accepts a shifted-window mask, its class name, and
 * the feature maps it gets fused entries for.
 *
 * @param shape the shape to specialise for
 * @param masked whether the kernel accepts a mask (a kernel without one rejects masked calls)
 * @param className simple class name stem of the generated classes; empty for the default from
 *     {@link KernelNaming}
 * @param featureMaps maps (resolution and shift) the classes also compute whole, with loads and
 *     stores through the map and no mask; each must fit the shape ({@link
 *     FeatureMapSpec#geometry}), a shifted one needs {@code masked}
 */
public record KernelSpec(
    AttentionShape shape, boolean masked, String className, List<FeatureMapSpec> featureMaps) {

  public KernelSpec {
    if (shape == null) {
      throw new IllegalArgumentException("shape == null");
    }
    if (className == null) {
      throw new IllegalArgumentException("className == null (use \"\" for the default name)");
    }
    if (!className.isEmpty() && !javax.lang.model.SourceVersion.isName(className)) {
      throw new IllegalArgumentException("class name '" + className + "' is not a Java identifier");
    }
    if (featureMaps == null) {
      throw new IllegalArgumentException("featureMaps == null (use List.of())");
    }
    featureMaps = List.copyOf(featureMaps);
    for (FeatureMapSpec map : featureMaps) {
      if (map.geometry(shape).shifted() && !masked) {
        throw new IllegalArgumentException(
            "feature map " + map.describe() + " is shifted: the kernel must be masked");
      }
    }
  }

  /** A spec without feature maps. */
  public KernelSpec(AttentionShape shape, boolean masked, String className) {
    this(shape, masked, className, List.of());
  }

  public static KernelSpec of(AttentionShape shape, boolean masked) {
    return new KernelSpec(shape, masked, "");
  }

  /** This spec with {@code maps} added after its own (each map once, in order of first mention). */
  public KernelSpec withFeatureMaps(List<FeatureMapSpec> maps) {
    java.util.LinkedHashSet<FeatureMapSpec> all = new java.util.LinkedHashSet<>(featureMaps);
    all.addAll(maps);
    return new KernelSpec(shape, masked, className, List.copyOf(all));
  }
}
