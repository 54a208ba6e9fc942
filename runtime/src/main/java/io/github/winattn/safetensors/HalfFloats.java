package io.github.winattn.safetensors;

/** Exact widening of IEEE binary16 (F16) and bfloat16 (BF16) bit patterns to float. */
final class HalfFloats {

  private HalfFloats() {}

  /** F16 to float: exact for every value, subnormals, infinities and NaN payloads included. */
  static float f16ToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0) {
      // zero or subnormal: mantissa * 2^-24, exact in float
      float magnitude = mantissa * 0x1p-24f;
      return sign != 0 ? -magnitude : magnitude;
    }
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }

  /** BF16 to float: the upper 16 bits of a float. */
  static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }
}
