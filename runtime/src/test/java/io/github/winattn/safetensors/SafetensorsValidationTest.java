package io.github.winattn.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One hand-crafted bad file per defect; each message must name the file and the tensor. */
class SafetensorsValidationTest {

  @TempDir Path dir;

  private static final String W8 = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

  private static String entry(String dtype, String shape, String offsets) {
    return "{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
  }

  static Stream<Arguments> badHeaders() {
    String dupEntry = entry("F32", "[0]", "[0,0]");
    String dup = "{\"a\":" + dupEntry + ",\"a\":" + dupEntry + "}";
    return Stream.of(
        Arguments.of(
            "truncated JSON",
            "{\"a\":",
            0,
            "invalid JSON header: at character 5: unexpected end of input, expected a value"),
        Arguments.of(
            "trailing garbage",
            "{} x",
            0,
            "invalid JSON header: at character 3: unexpected 'x' after the JSON value"),
        Arguments.of(
            "duplicate key",
            dup,
            0,
            "invalid JSON header: at character "
                + dup.lastIndexOf("\"a\"")
                + ": duplicate key 'a' in the object starting at character 0"),
        Arguments.of(
            "unknown dtype",
            "{\"w\":" + entry("F13", "[2]", "[0,8]") + "}",
            8,
            "tensor 'w': unknown dtype 'F13' (expected one of BOOL, U8, I8, F8_E5M2, F8_E4M3, I16,"
                + " U16, F16, BF16, I32, U32, F32, I64, U64, F64)"),
        Arguments.of(
            "negative dimension",
            "{\"w\":" + entry("F32", "[-1,2]", "[0,8]") + "}",
            8,
            "tensor 'w': negative dimension -1 in shape (-1, 2)"),
        Arguments.of(
            "overflowing shape",
            "{\"w\":" + entry("F32", "[4611686018427387904,4]", "[0,8]") + "}",
            8,
            "tensor 'w': shape (4611686018427387904, 4) overflows a 64-bit byte count"),
        Arguments.of(
            "shape beyond 64 bits",
            "{\"w\":" + entry("F32", "[99999999999999999999]", "[0,8]") + "}",
            8,
            "invalid JSON header: at character 29: integer 99999999999999999999 is outside the"
                + " 64-bit range"),
        Arguments.of(
            "fractional dimension",
            "{\"w\":" + entry("F32", "[2.0]", "[0,8]") + "}",
            8,
            "tensor 'w': shape must be an array of integers, found a number 2.0"),
        Arguments.of(
            "offsets beyond data",
            "{\"w\":" + entry("F32", "[4]", "[0,16]") + "}",
            8,
            "tensor 'w': data_offsets [0, 16] end beyond the data region of 8 bytes"),
        Arguments.of(
            "begin > end",
            "{\"w\":" + entry("F32", "[2]", "[8,0]") + "}",
            8,
            "tensor 'w': data_offsets [8, 0] have begin > end"),
        Arguments.of(
            "negative begin",
            "{\"w\":" + entry("F32", "[2]", "[-8,0]") + "}",
            8,
            "tensor 'w': data_offsets [-8, 0] start before the data region"),
        Arguments.of(
            "three offsets",
            "{\"w\":" + entry("F32", "[2]", "[0,4,8]") + "}",
            8,
            "tensor 'w': data_offsets must be [begin, end], got 3 numbers"),
        Arguments.of(
            "byte length mismatch",
            "{\"w\":" + entry("F32", "[3]", "[0,8]") + "}",
            8,
            "tensor 'w': data_offsets [0, 8] hold 8 bytes but F32 (3) needs 12"),
        Arguments.of(
            "overlapping tensors",
            "{\"a\":"
                + entry("F32", "[2]", "[0,8]")
                + ",\"b\":"
                + entry("F32", "[2]", "[4,12]")
                + "}",
            12,
            "tensors 'a' [0, 8] and 'b' [4, 12] overlap"),
        Arguments.of(
            "gap between tensors",
            "{\"a\":"
                + entry("F32", "[1]", "[0,4]")
                + ",\"b\":"
                + entry("F32", "[1]", "[8,12]")
                + "}",
            12,
            "data bytes [4, 8) before tensor 'b' belong to no tensor"),
        Arguments.of(
            "data after the last tensor",
            "{\"a\":" + entry("F32", "[1]", "[0,4]") + "}",
            8,
            "4 bytes after the last tensor's data (tensors end at 4, the data region has 8 bytes)"),
        Arguments.of(
            "unknown field",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":" + "[0,8],\"extra\":1}}",
            8,
            "tensor 'w': unknown field 'extra' (expected dtype, shape, data_offsets)"),
        Arguments.of(
            "missing field",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}",
            8,
            "tensor 'w': missing field 'data_offsets'"),
        Arguments.of(
            "entry not an object",
            "{\"w\":[1]}",
            0,
            "tensor 'w': entry must be an object, got an array"),
        Arguments.of(
            "header not an object", "[]", 0, "the JSON header must be an object, got an array"),
        Arguments.of(
            "metadata value not a string",
            "{\"__metadata__\":{\"k\":1}," + W8 + "}",
            8,
            "__metadata__ value of 'k' must be a string, got a number"),
        Arguments.of(
            "control character in a key",
            "{\"a\tb\":1}",
            0,
            "invalid JSON header: at character 3: unescaped control character U+0009 in a string"),
        Arguments.of(
            "unpaired surrogate",
            "{\"\\ud800x\":1}",
            0,
            "invalid JSON header: at character 2: unpaired high surrogate \\uD800"),
        Arguments.of(
            "nesting too deep",
            "[".repeat(65) + "]".repeat(65),
            0,
            "invalid JSON header: at character 64: nesting deeper than 64"),
        Arguments.of(
            "empty header",
            "",
            0,
            "invalid JSON header: at character 0: unexpected end of input, expected a value"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badHeaders")
  void badHeaderIsRejectedWithItsMessage(String what, String header, int dataBytes, String message)
      throws IOException {
    Path p = Files2.craft(dir, "bad.safetensors", header, new byte[dataBytes]);
    SafetensorsFormatException e =
        assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(p));
    assertEquals(p + ": " + message, e.getMessage());
  }

  @Test
  void paddingSpacesAfterTheHeaderAreAccepted() throws IOException {
    Path p = Files2.craft(dir, "ok.safetensors", "{" + W8 + "}   \n ", new byte[8]);
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertEquals(2, f.readFloats("w").length);
    }
  }

  @Test
  void jsonEscapesInNamesAreDecoded() throws IOException {
    String header =
        "{\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\/\\t\":"
            + entry("F32", "[2]", "[0,8]")
            + ",\"__metadata__\":{\"k\":\"a\\nb\"}}";
    Path p = Files2.craft(dir, "esc.safetensors", header, new byte[8]);
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertEquals("caf\u00e9 \ud83d\ude00 \"q\" /\t", f.names().first());
      assertEquals("a\nb", f.metadata().get("k"));
    }
  }

  @Test
  void invalidUtf8IsRejectedWithItsPosition() throws IOException {
    byte[] header = {'{', '"', (byte) 0xc3, '(', '"', ':', '1', '}'};
    Path p = Files2.craft(dir, "utf.safetensors", header, new byte[0]);
    SafetensorsFormatException e =
        assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(p));
    assertEquals(
        p + ": the header is not valid UTF-8 (bad byte sequence at header byte 2)", e.getMessage());
  }

  @Test
  void fileTooShortForTheLength() throws IOException {
    Path p = dir.resolve("short.safetensors");
    Files.write(p, new byte[] {1, 0, 0, 0});
    assertEquals(
        p + ": file has 4 bytes, too short for the 8-byte header length",
        assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(p)).getMessage());
  }

  @Test
  void headerLengthBeyondTheFile() throws IOException {
    Path p = dir.resolve("long.safetensors");
    Files.write(p, lengthThen(1000, 10));
    assertEquals(
        p + ": header length 1000 exceeds the file size (10 bytes follow the length)",
        assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(p)).getMessage());
    Files.write(p, lengthThen(-1, 10)); // u64 max
    assertEquals(
        p
            + ": header length 18446744073709551615 exceeds the file size (10 bytes follow"
            + " the length)",
        assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(p)).getMessage());
  }

  @Test
  void headerLengthBeyondTheCapIsRejectedBeforeReading() throws IOException {
    Path p = dir.resolve("huge.safetensors");
    long cap = SafetensorsFile.MAX_HEADER_BYTES;
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.write(lengthThen(cap + 1, 0));
      f.setLength(cap + 64); // sparse: the header bytes are never read
    }
    assertEquals(
        p + ": header length " + (cap + 1) + " exceeds the limit of " + cap + " bytes",
        assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(p)).getMessage());
  }

  @Test
  void emptyHeaderObjectIsAnEmptyFile() throws IOException {
    Path p = Files2.craft(dir, "empty.safetensors", "{}      ", new byte[0]);
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertTrue(f.names().isEmpty());
      assertTrue(f.metadata().isEmpty());
    }
  }

  private static byte[] lengthThen(long length, int bytes) {
    return ByteBuffer.allocate(8 + bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array();
  }

  @Test
  void headerBytesAreUtf8NotLatin1() throws IOException {
    String name = "gr\u00fc\u00df";
    Path p = dir.resolve("u.safetensors");
    new SafetensorsWriter().putF32(name, new float[] {1}, 1).write(p);
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertEquals(name, f.names().first());
    }
    byte[] all = Files.readAllBytes(p);
    assertTrue(new String(all, StandardCharsets.UTF_8).contains(name));
  }
}
