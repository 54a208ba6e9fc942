package io.github.winattn.safetensors;

import io.github.winattn.diagnostics.UntrustedText;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types of the safetensors format, with their size in bytes. Every dtype a file may
 * declare is known here so that its header validates; which ones can be read as floats or longs is
 * decided by {@link SafetensorsFile}.
 */
public enum DType {
  BOOL(1),
  U8(1),
  I8(1),
  F8_E5M2(1),
  F8_E4M3(1),
  I16(2),
  U16(2),
  F16(2),
  BF16(2),
  I32(4),
  U32(4),
  F32(4),
  I64(8),
  U64(8),
  F64(8);

  private final int size;

  DType(int size) {
    this.size = size;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  /** True for F16, BF16, F32 and F64: the types read losslessly or by rounding into floats. */
  public boolean isFloating() {
    return this == F16 || this == BF16 || this == F32 || this == F64;
  }

  /**
   * True for the signed and unsigned integer types readable as {@code long} (not U64, not BOOL).
   */
  public boolean isInteger() {
    return this == U8
        || this == I8
        || this == I16
        || this == U16
        || this == I32
        || this == U32
        || this == I64;
  }

  /**
   * The dtype spelled as in a header, e.g. {@code "F32"}.
   *
   * @throws IllegalArgumentException naming the text and the known dtypes
   */
  public static DType parse(String text) {
    for (DType d : values()) {
      if (d.name().equals(text)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown dtype '"
            + UntrustedText.quote(text)
            + "' (expected one of "
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
            + ")");
  }
}
