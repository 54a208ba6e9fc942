package io.github.winattn.safetensors;

import io.github.winattn.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects tensors and metadata, then writes one safetensors file. The bytes are deterministic:
 * keys sorted (metadata first, as {@code __metadata__}), data laid out in name order, the header
 * padded with spaces to a multiple of 8 bytes. {@link #write} goes through a temporary file in the
 * target folder and an atomic move, so readers never see a half-written file.
 *
 * <p>Arrays are copied when added; a writer is not thread-safe.
 */
public final class SafetensorsWriter {

  private static final int CHUNK = 1 << 16;

  private final TreeMap<String, Entry> tensors = new TreeMap<>();
  private final TreeMap<String, String> metadata = new TreeMap<>();

  /** One tensor: its dtype, shape and values (a private copy of a primitive array). */
  private record Entry(DType dtype, List<Long> shape, Object values, int length) {}

  /** Adds a {@code __metadata__} entry; a later value for the same key replaces the earlier one. */
  public SafetensorsWriter metadata(String key, String value) {
    if (key == null || value == null) {
      throw new IllegalArgumentException("metadata key and value must not be null");
    }
    metadata.put(key, value);
    return this;
  }

  /** Adds all entries of {@code entries} as metadata. */
  public SafetensorsWriter metadata(Map<String, String> entries) {
    entries.forEach(this::metadata);
    return this;
  }

  /** Adds an F32 tensor of the given shape (row-major values). */
  public SafetensorsWriter putF32(String name, float[] values, long... shape) {
    return put(name, DType.F32, shape, values.clone(), values.length);
  }

  /** Adds an F64 tensor of the given shape (row-major values). */
  public SafetensorsWriter putF64(String name, double[] values, long... shape) {
    return put(name, DType.F64, shape, values.clone(), values.length);
  }

  /** Adds an I64 tensor of the given shape (row-major values). */
  public SafetensorsWriter putI64(String name, long[] values, long... shape) {
    return put(name, DType.I64, shape, values.clone(), values.length);
  }

  /**
   * Adds a tensor of any dtype from its raw little-endian bytes, e.g. F16 or BF16 bit patterns.
   *
   * @throws IllegalArgumentException if {@code bytes.length != product(shape) * dtype.size()}
   */
  public SafetensorsWriter putRaw(String name, DType dtype, byte[] bytes, long... shape) {
    if (dtype == null) {
      throw new IllegalArgumentException("dtype == null");
    }
    if (bytes.length % dtype.size() != 0) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "': "
              + bytes.length
              + " bytes is not a whole number of "
              + dtype
              + " elements");
    }
    return put(name, dtype, shape, bytes.clone(), bytes.length / dtype.size());
  }

  private SafetensorsWriter put(String name, DType dtype, long[] shape, Object values, int length) {
    if (name == null || shape == null) {
      throw new IllegalArgumentException("name and shape must not be null");
    }
    if (name.equals(HeaderParser.METADATA_KEY)) {
      throw new IllegalArgumentException("'" + name + "' is reserved for metadata");
    }
    if (tensors.containsKey(name)) {
      throw new IllegalArgumentException("tensor '" + name + "' was already added");
    }
    List<Long> dims = new ArrayList<>();
    long elements = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("tensor '" + name + "': negative dimension " + d);
      }
      dims.add(d);
      elements = Math.multiplyExact(elements, d);
    }
    if (elements != length) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "': shape "
              + TensorInfo.format(dims)
              + " needs "
              + elements
              + " values, got "
              + length);
    }
    tensors.put(name, new Entry(dtype, dims, values, length));
    return this;
  }

  /** The header bytes, padded with spaces to a multiple of 8. */
  byte[] header() {
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      quote(json, HeaderParser.METADATA_KEY).append(":{");
      boolean first = true;
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (!first) {
          json.append(',');
        }
        first = false;
        quote(json, e.getKey()).append(':');
        quote(json, e.getValue());
      }
      json.append('}');
    }
    long offset = 0;
    for (Map.Entry<String, Entry> e : tensors.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      Entry t = e.getValue();
      long bytes = (long) t.length() * t.dtype().size();
      quote(json, e.getKey()).append(":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":[");
      for (int i = 0; i < t.shape().size(); i++) {
        json.append(i > 0 ? "," : "").append(t.shape().get(i));
      }
      json.append("],\"data_offsets\":[")
          .append(offset)
          .append(',')
          .append(offset + bytes)
          .append("]}");
      offset += bytes;
    }
    json.append('}');
    byte[] utf8 = json.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (utf8.length + 7) / 8 * 8;
    byte[] out = new byte[padded];
    System.arraycopy(utf8, 0, out, 0, utf8.length);
    for (int i = utf8.length; i < padded; i++) {
      out[i] = ' ';
    }
    return out;
  }

  private static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"');
  }

  /** Writes the whole file to {@code out}. */
  public void writeTo(WritableByteChannel out) throws IOException {
    byte[] header = header();
    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(header.length);
    flush(out, buf);
    writeAll(out, ByteBuffer.wrap(header));
    for (Entry t : tensors.values()) {
      writeValues(out, buf, t);
    }
  }

  private static void writeValues(WritableByteChannel out, ByteBuffer buf, Entry t)
      throws IOException {
    int size = t.dtype().size();
    Object values = t.values();
    for (int i = 0; i < t.length(); i++) {
      if (buf.remaining() < size) {
        flush(out, buf);
      }
      if (values instanceof float[] f) {
        buf.putFloat(f[i]);
      } else if (values instanceof double[] d) {
        buf.putDouble(d[i]);
      } else if (values instanceof long[] l) {
        buf.putLong(l[i]);
      } else {
        buf.put((byte[]) values, i * size, size);
      }
    }
    flush(out, buf);
  }

  private static void flush(WritableByteChannel out, ByteBuffer buf) throws IOException {
    buf.flip();
    writeAll(out, buf);
    buf.clear();
  }

  private static void writeAll(WritableByteChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  /** The whole file as bytes (for small files and tests). */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      writeTo(Channels.newChannel(bytes));
    } catch (IOException e) {
      throw new AssertionError("in-memory write failed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Writes the file to {@code path} atomically with {@link AtomicFiles}: to an exclusively created
   * temporary file in the same folder, forced to disk, then moved over {@code path}. Anything at
   * {@code path} but a regular file (a symbolic link, a device) is refused; a new file gets the
   * umask's mode, a replaced one keeps its permissions. On failure {@code path} is left as it was.
   */
  public void write(Path path) throws IOException {
    AtomicFiles.write(path, this::writeTo);
  }
}
