package io.github.winattn.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {

  @TempDir Path dir;

  @Test
  void f32F64I64AndMetadataRoundTripExactly() throws IOException {
    float[] f = {1.5f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.NaN};
    double[] d = {Math.PI, -1e-310, Double.MAX_VALUE, 0.1};
    long[] l = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE, 42, 7};
    Path p = dir.resolve("t.safetensors");
    new SafetensorsWriter()
        .metadata("format", "pt")
        .metadata(Map.of("quote\"key", "line\nbreak"))
        .putF32("b.weight", f, 2, 3)
        .putF64("a.table", d, 4)
        .putI64("c.index", l, 3, 1, 2)
        .putF32("scalar", new float[] {3f})
        .write(p);
    try (SafetensorsFile file = SafetensorsFile.open(p)) {
      assertEquals(List.of("a.table", "b.weight", "c.index", "scalar"), List.copyOf(file.names()));
      assertEquals(Map.of("format", "pt", "quote\"key", "line\nbreak"), file.metadata());
      assertEquals(List.of(2L, 3L), file.info("b.weight").shape());
      assertEquals(DType.F64, file.info("a.table").dtype());
      assertEquals(List.of(), file.info("scalar").shape());
      assertArrayEquals(f, file.readFloats("b.weight"));
      assertArrayEquals(d, file.readDoubles("a.table"));
      assertArrayEquals(l, file.readLongs("c.index"));
      assertArrayEquals(new float[] {3f}, file.floats("scalar"));
      float[] rounded = file.readFloats("a.table");
      for (int i = 0; i < d.length; i++) {
        assertEquals((float) d[i], rounded[i]);
      }
      double[] widened = file.readDoubles("b.weight");
      for (int i = 0; i < f.length; i++) {
        assertEquals((double) f[i], widened[i]);
      }
    }
  }

  @Test
  void everyF16BitPatternDecodesToItsIeeeValue() throws IOException {
    int[] all = new int[65536];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    Path p =
        Files2.craft(
            dir, "h.safetensors", header("F16", 65536, 2 * 65536), Files2.littleEndianShorts(all));
    try (SafetensorsFile file = SafetensorsFile.open(p)) {
      float[] floats = file.readFloats("t");
      double[] doubles = file.readDoubles("t");
      for (int bits = 0; bits < 65536; bits++) {
        double expected = binary16(bits);
        assertSame(expected, floats[bits], "F16 0x" + Integer.toHexString(bits));
        assertSame(expected, doubles[bits], "F16 0x" + Integer.toHexString(bits));
      }
      // spot checks against well-known constants
      assertEquals(65504f, floats[0x7bff]);
      assertEquals(0x1p-24f, floats[0x0001]); // smallest subnormal
      assertEquals(0x1p-14f, floats[0x0400]); // smallest normal
      assertEquals(1023 * 0x1p-24f, floats[0x03ff]); // largest subnormal
      assertEquals(Float.POSITIVE_INFINITY, floats[0x7c00]);
      assertEquals(Float.NEGATIVE_INFINITY, floats[0xfc00]);
      assertTrue(Float.isNaN(floats[0x7e00]));
      assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(floats[0x8000]));
    }
  }

  @Test
  void everyBf16BitPatternDecodesToItsValue() throws IOException {
    int[] all = new int[65536];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    Path p =
        Files2.craft(
            dir, "b.safetensors", header("BF16", 65536, 2 * 65536), Files2.littleEndianShorts(all));
    try (SafetensorsFile file = SafetensorsFile.open(p)) {
      float[] floats = file.readFloats("t");
      for (int bits = 0; bits < 65536; bits++) {
        assertSame(bfloat16(bits), floats[bits], "BF16 0x" + Integer.toHexString(bits));
      }
      assertEquals(1f, floats[0x3f80]);
      assertEquals(-3.140625f, floats[0xc049]);
      assertEquals(0x1p-133f, floats[0x0001]); // smallest subnormal
      assertTrue(Float.isNaN(floats[0x7fc0]));
      assertEquals(Float.NEGATIVE_INFINITY, floats[0xff80]);
    }
  }

  /** Decodes binary16 from its definition, in double, independently of the code under test. */
  private static double binary16(int bits) {
    int s = bits >> 15;
    int e = (bits >> 10) & 31;
    int m = bits & 1023;
    double sign = s == 1 ? -1 : 1;
    if (e == 31) {
      return m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
    }
    if (e == 0) {
      return sign * m * Math.pow(2, -24);
    }
    return sign * (1 + m / 1024.0) * Math.pow(2, e - 15);
  }

  private static double bfloat16(int bits) {
    int s = bits >> 15;
    int e = (bits >> 7) & 255;
    int m = bits & 127;
    double sign = s == 1 ? -1 : 1;
    if (e == 255) {
      return m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
    }
    if (e == 0) {
      return sign * m * Math.pow(2, -133);
    }
    return sign * (1 + m / 128.0) * Math.pow(2, e - 127);
  }

  private static void assertSame(double expected, double actual, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
    } else {
      assertEquals(
          Double.doubleToRawLongBits(expected),
          Double.doubleToRawLongBits(actual),
          what + ": expected " + expected + ", got " + actual);
    }
  }

  private static String header(String dtype, long n, long bytes) {
    return "{\"t\":{\"dtype\":\""
        + dtype
        + "\",\"shape\":["
        + n
        + "],\"data_offsets\":[0,"
        + bytes
        + "]}}";
  }

  @Test
  void integerDtypesReadAsLongs() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + 4 + 2 + 2 + 2 + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(-7)
        .putInt(0xfffffff0) // I32 -7, U32 4294967280
        .putShort((short) -2) // I16
        .putShort((short) 0xffff) // U16
        .put((byte) -3)
        .put((byte) 0xfe) // I8, U8
        .putInt(5); // I32 5
    String h =
        "{\"i32\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"u32\":{\"dtype\":\"U32\",\"shape\":[1],\"data_offsets\":[4,8]},"
            + "\"i16\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[8,10]},"
            + "\"u16\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[10,12]},"
            + "\"i8\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[12,13]},"
            + "\"u8\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[13,14]},"
            + "\"i32b\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[14,18]}}";
    Path p = Files2.craft(dir, "ints.safetensors", h, java.util.Arrays.copyOf(b.array(), 18));
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertArrayEquals(new long[] {-7}, f.readLongs("i32"));
      assertArrayEquals(new long[] {4294967280L}, f.readLongs("u32"));
      assertArrayEquals(new long[] {-2}, f.readLongs("i16"));
      assertArrayEquals(new long[] {65535}, f.readLongs("u16"));
      assertArrayEquals(new long[] {-3}, f.readLongs("i8"));
      assertArrayEquals(new long[] {254}, f.readLongs("u8"));
      assertArrayEquals(new long[] {5}, f.readLongs("i32b"));
      assertArrayEquals(new float[] {-7f}, f.readFloatsAllowingIntegers("i32"));
    }
  }

  @Test
  void wrongDtypeForTheReadNamesTensorAndDtype() throws IOException {
    Path p = dir.resolve("w.safetensors");
    new SafetensorsWriter()
        .putI64("idx", new long[] {1, 2}, 2)
        .putF32("w", new float[] {1}, 1)
        .write(p);
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> f.readFloats("idx"));
      assertEquals(
          p + ": tensor 'idx' has dtype I64; readFloats reads F16, BF16, F32, F64", e.getMessage());
      assertArrayEquals(new float[] {1f, 2f}, f.readFloatsAllowingIntegers("idx"));
      e = assertThrows(IllegalArgumentException.class, () -> f.readLongs("w"));
      assertEquals(
          p + ": tensor 'w' has dtype F32; readLongs reads U8, I8, I16, U16, I32, U32, I64",
          e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> f.info("nope"));
      assertEquals(p + ": no tensor named 'nope' (the file has 2 tensors)", e.getMessage());
    }
  }

  @Test
  void bytesAreDeterministicSortedAndPadded() {
    byte[] a =
        new SafetensorsWriter()
            .putF32("z", new float[] {1f}, 1)
            .putI64("a", new long[] {2}, 1)
            .metadata("k", "v")
            .toBytes();
    byte[] b =
        new SafetensorsWriter()
            .metadata("k", "v")
            .putI64("a", new long[] {2}, 1)
            .putF32("z", new float[] {1f}, 1)
            .toBytes();
    assertArrayEquals(a, b);
    long n = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    assertEquals(0, n % 8, "header length " + n + " is a multiple of 8");
    String header = new String(a, 8, (int) n, StandardCharsets.UTF_8);
    assertEquals(
        "{\"__metadata__\":{\"k\":\"v\"},"
            + "\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
            + "\"z\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
        header.stripTrailing());
    assertEquals(8 + n + 12, a.length);
  }

  @Test
  void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
    Path p = dir.resolve("out.safetensors");
    Files.writeString(p, "old contents");
    new SafetensorsWriter().putF32("x", new float[] {1, 2}, 2).write(p);
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertArrayEquals(new float[] {1, 2}, f.readFloats("x"));
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList());
    }
  }

  @Test
  void failedWriteLeavesNothingBehind() {
    Path p = dir.resolve("missing-folder").resolve("out.safetensors");
    assertThrows(
        IOException.class, () -> new SafetensorsWriter().putF32("x", new float[] {1}, 1).write(p));
    assertTrue(Files.notExists(p.getParent()));
  }

  @Test
  void writerRejectsBadArguments() {
    SafetensorsWriter w = new SafetensorsWriter().putF32("x", new float[] {1}, 1);
    assertEquals(
        "tensor 'x' was already added",
        assertThrows(IllegalArgumentException.class, () -> w.putF32("x", new float[] {1}, 1))
            .getMessage());
    assertEquals(
        "tensor 'y': shape (2, 3) needs 6 values, got 5",
        assertThrows(IllegalArgumentException.class, () -> w.putF32("y", new float[5], 2, 3))
            .getMessage());
    assertEquals(
        "'__metadata__' is reserved for metadata",
        assertThrows(
                IllegalArgumentException.class, () -> w.putF32("__metadata__", new float[1], 1))
            .getMessage());
    assertEquals(
        "tensor 'h': 3 bytes is not a whole number of F16 elements",
        assertThrows(IllegalArgumentException.class, () -> w.putRaw("h", DType.F16, new byte[3], 1))
            .getMessage());
  }

  @Test
  void perTensorMappingReadsTheSameValues() throws IOException {
    Path p = dir.resolve("big.safetensors");
    float[] w = {1, 2, 3, 4, 5, 6};
    new SafetensorsWriter()
        .putF32("w", w, 3, 2)
        .putI64("i", new long[] {9, 8}, 2)
        .putF32("empty", new float[0], 0, 4)
        .write(p);
    try (SafetensorsFile f = SafetensorsFile.open(p, 0)) { // forces one mapping per tensor
      assertArrayEquals(w, f.readFloats("w"));
      assertArrayEquals(new long[] {9, 8}, f.readLongs("i"));
      assertArrayEquals(new float[0], f.readFloats("empty"));
    }
  }

  @Test
  void readingAfterCloseFails() throws IOException {
    Path p = dir.resolve("c.safetensors");
    new SafetensorsWriter().putF32("w", new float[] {1}, 1).write(p);
    SafetensorsFile f = SafetensorsFile.open(p);
    f.close();
    assertEquals(
        p + " is closed",
        assertThrows(IllegalStateException.class, () -> f.readFloats("w")).getMessage());
  }
}
