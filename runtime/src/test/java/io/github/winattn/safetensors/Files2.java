package io.github.winattn.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-crafted safetensors bytes for tests: a length, a header as given, then data. */
final class Files2 {

  private Files2() {}

  /** {@code u64le(len(header)) + header + data}, header taken verbatim (no padding). */
  static Path craft(Path dir, String name, String header, byte[] data) throws IOException {
    return craft(dir, name, header.getBytes(StandardCharsets.UTF_8), data);
  }

  static Path craft(Path dir, String name, byte[] header, byte[] data) throws IOException {
    ByteBuffer b =
        ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header).put(data);
    Path p = dir.resolve(name);
    Files.write(p, b.array());
    return p;
  }

  static byte[] littleEndianFloats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  static byte[] littleEndianShorts(int... values) {
    ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putShort((short) v);
    }
    return b.array();
  }
}
