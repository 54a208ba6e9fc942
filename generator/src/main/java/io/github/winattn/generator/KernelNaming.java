package io.github.winattn.generator;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import java.util.Locale;

/**
 * The one place that names generated classes. A name encodes the whole shape, so different shapes
 * never collide: family, window, heads, dim, then every option that differs from the official
 * module's default, e.g. {@code SwinV1_w7x7_h3_d96}, {@code VideoSwin_w8x7x7_e1x7x7_h24_d768},
 * {@code Temporal_w8_h8_d64_noqkv_unmasked}.
 */
public final class KernelNaming {

  private KernelNaming() {}

  /** The stem for {@code shape}; the variants append {@link #VECTOR} and {@link #PLAIN}. */
  public static String stem(AttentionShape shape, boolean masked) {
    StringBuilder b = new StringBuilder(familyPart(shape.family()));
    b.append("_w").append(shape.window());
    if (!shape.effectiveWindow().equals(shape.window())) {
      b.append("_e").append(shape.effectiveWindow());
    }
    if (!shape.pretrainedWindow().equals(shape.window())) {
      b.append("_p").append(shape.pretrainedWindow());
    }
    b.append("_h").append(shape.heads()).append("_d").append(shape.dim());
    boolean defaultBias = shape.family() != Family.TEMPORAL;
    if (shape.qkvBias() != defaultBias) {
      b.append(shape.qkvBias() ? "_qkvbias" : "_noqkvbias");
    }
    if (Float.compare(shape.qkScale(), 0f) != 0) {
      b.append("_s").append(floatPart(shape.qkScale()));
    }
    if (!shape.withQkv()) {
      b.append("_noqkv");
    }
    if (!masked) {
      b.append("_unmasked");
    }
    return b.toString();
  }

  /** The class of an MLP block kernel, e.g. {@code SwinV1Mlp_d96_h384_Vector}. */
  public static String mlpClass(io.github.winattn.kernel.MlpShape shape) {
    return familyPart(shape.family()) + "Mlp_d" + shape.dim() + "_h" + shape.hidden() + VECTOR;
  }

  /** Suffix of the Vector API variant. */
  public static final String VECTOR = "_Vector";

  /** Suffix of the plain-Java variant. */
  public static final String PLAIN = "_Plain";

  /** The catalogue class of a package: its last segment capitalised + {@code KernelCatalog}. */
  public static String catalogClass(String packageName) {
    String last = packageName.substring(packageName.lastIndexOf('.') + 1);
    return Character.toUpperCase(last.charAt(0)) + last.substring(1) + "KernelCatalog";
  }

  private static String familyPart(Family f) {
    return switch (f) {
      case SWIN_V1 -> "SwinV1";
      case SWIN_V2 -> "SwinV2";
      case VIDEO_SWIN -> "VideoSwin";
      case TEMPORAL -> "Temporal";
    };
  }

  /** A float as identifier characters, round-trip exact: 0.125 -> 0p125, -1.0E-4 -> m1p0em4. */
  static String floatPart(float v) {
    return Float.toString(v).toLowerCase(Locale.ROOT).replace("-", "m").replace(".", "p");
  }
}
