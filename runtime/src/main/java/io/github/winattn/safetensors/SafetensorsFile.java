package io.github.winattn.safetensors;

import io.github.winattn.diagnostics.UntrustedText;
import io.github.winattn.io.RegularFiles;
import io.github.winattn.weights.TensorSource;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A safetensors file opened for reading. {@link #open} validates the whole header against the file
 * size before allocating anything from it, then memory-maps the file read-only: in one piece when
 * it is smaller than 2 GiB, otherwise one mapping per tensor read (each tensor must then be under 2
 * GiB). Reads convert the stored little-endian values to fresh Java arrays and are safe from
 * several threads.
 *
 * <p>Closing releases the file handle; the JDK unmaps the memory when it is garbage collected. The
 * file must not be truncated while open.
 */
public final class SafetensorsFile implements TensorSource, AutoCloseable {

  /** Largest header accepted, in bytes (the reference implementation uses the same bound). */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  /** Largest number of elements read into one array. */
  static final long MAX_ARRAY_ELEMENTS = Integer.MAX_VALUE - 8;

  private final Path path;
  private final String label;
  private final Header header;
  private final long dataStart;
  private final FileChannel channel; // open only when the file is mapped per tensor
  private final ByteBuffer whole; // the whole file, or null when mapped per tensor
  private volatile boolean closed;

  private SafetensorsFile(
      Path path, Header header, long dataStart, FileChannel channel, ByteBuffer whole) {
    this.path = path;
    this.label = path.toString();
    this.header = header;
    this.dataStart = dataStart;
    this.channel = channel;
    this.whole = whole;
  }

  /**
   * Opens and validates a safetensors file.
   *
   * @throws SafetensorsFormatException naming the file (and tensor) if it is not valid
   * @throws IOException if it cannot be read, or is not a regular file (a FIFO, a device or a
   *     directory is refused before it is opened, naming what it is)
   */
  public static SafetensorsFile open(Path path) throws IOException {
    return open(path, Integer.MAX_VALUE);
  }

  /**
   * As {@link #open(Path)}; files larger than {@code wholeMapLimit} bytes are mapped per tensor.
   */
  static SafetensorsFile open(Path path, long wholeMapLimit) throws IOException {
    String label = path.toString();
    RegularFiles.require(path); // a FIFO would block the open below forever
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      long size = channel.size();
      if (size < 8) {
        throw new SafetensorsFormatException(
            label + ": file has " + size + " bytes, too short for the 8-byte header length");
      }
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, lengthBytes, 0, label);
      long headerLength = lengthBytes.getLong(0); // u64: negative here means >= 2^63
      if (headerLength < 0 || headerLength > size - 8) {
        throw new SafetensorsFormatException(
            label
                + ": header length "
                + Long.toUnsignedString(headerLength)
                + " exceeds the file size ("
                + (size - 8)
                + " bytes follow the length)");
      }
      if (headerLength > MAX_HEADER_BYTES) {
        throw new SafetensorsFormatException(
            label
                + ": header length "
                + headerLength
                + " exceeds the limit of "
                + MAX_HEADER_BYTES
                + " bytes");
      }
      // The bytes are referenced only while they are decoded, so they can be collected before
      // the text is parsed: a 100 MB header costs the text plus the parsed entries.
      String json = HeaderParser.decodeUtf8(label, readHeader(channel, (int) headerLength, label));
      long dataStart = 8 + headerLength;
      Header header = HeaderParser.parse(label, json, size - dataStart);
      if (size <= wholeMapLimit) {
        MappedByteBuffer whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        channel.close();
        return new SafetensorsFile(path, header, dataStart, null, whole);
      }
      return new SafetensorsFile(path, header, dataStart, channel, null);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static byte[] readHeader(FileChannel channel, int length, String label)
      throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(length);
    readFully(channel, bytes, 8, label);
    return bytes.array();
  }

  private static void readFully(FileChannel channel, ByteBuffer dst, long position, String label)
      throws IOException {
    long p = position;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, p);
      if (n < 0) {
        throw new EOFException(label + ": file ended while reading its header");
      }
      p += n;
    }
  }

  /** The path this file was opened from. */
  public Path path() {
    return path;
  }

  @Override
  public String describe() {
    return label;
  }

  /** The tensor names, sorted. */
  @Override
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(header.tensors().keySet()));
  }

  @Override
  public boolean contains(String name) {
    return header.tensors().containsKey(name);
  }

  /** The {@code __metadata__} of the header, sorted by key; empty when there is none. */
  public SortedMap<String, String> metadata() {
    return header.metadata();
  }

  /**
   * The header entry of tensor {@code name}.
   *
   * @throws IllegalArgumentException naming the file and tensor if there is none
   */
  public TensorInfo info(String name) {
    TensorInfo t = header.tensors().get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          label
              + ": no tensor named '"
              + UntrustedText.quote(name)
              + "' (the file has "
              + header.tensors().size()
              + " tensors)");
    }
    return t;
  }

  @Override
  public List<Long> shape(String name) {
    return info(name).shape();
  }

  @Override
  public float[] floats(String name) {
    return readFloats(name);
  }

  @Override
  public long[] longs(String name) {
    return readLongs(name);
  }

  /** Reads an F32, F16, BF16 (exact) or F64 (rounded) tensor as floats. */
  public float[] readFloats(String name) {
    TensorInfo t = info(name);
    if (!t.dtype().isFloating()) {
      throw wrongDtype(t, "readFloats", "F16, BF16, F32, F64");
    }
    return toFloats(t);
  }

  /** As {@link #readFloats}, and also integer tensors converted (rounded) to float. */
  public float[] readFloatsAllowingIntegers(String name) {
    TensorInfo t = info(name);
    if (t.dtype().isFloating()) {
      return toFloats(t);
    }
    if (!t.dtype().isInteger()) {
      throw wrongDtype(
          t, "readFloatsAllowingIntegers", "F16, BF16, F32, F64, U8, I8, I16, U16, I32, U32, I64");
    }
    long[] longs = readLongs(name);
    float[] out = new float[longs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = longs[i];
    }
    return out;
  }

  /** Reads an F64, F32, F16 or BF16 tensor as doubles (exact). */
  public double[] readDoubles(String name) {
    TensorInfo t = info(name);
    ByteBuffer b = data(t);
    double[] out = new double[elements(t)];
    switch (t.dtype()) {
      case F64 -> b.asDoubleBuffer().get(out);
      case F32 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = b.getFloat(4 * i);
        }
      }
      case F16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = HalfFloats.f16ToFloat(b.getShort(2 * i));
        }
      }
      case BF16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = HalfFloats.bf16ToFloat(b.getShort(2 * i));
        }
      }
      default -> throw wrongDtype(t, "readDoubles", "F16, BF16, F32, F64");
    }
    return out;
  }

  /** Reads an integer tensor (I64, I32, I16, I8, U32, U16, U8) as longs. */
  public long[] readLongs(String name) {
    TensorInfo t = info(name);
    if (!t.dtype().isInteger()) {
      throw wrongDtype(t, "readLongs", "U8, I8, I16, U16, I32, U32, I64");
    }
    ByteBuffer b = data(t);
    long[] out = new long[elements(t)];
    switch (t.dtype()) {
      case I64 -> b.asLongBuffer().get(out);
      case I32 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = b.getInt(4 * i);
        }
      }
      case U32 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = Integer.toUnsignedLong(b.getInt(4 * i));
        }
      }
      case I16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = b.getShort(2 * i);
        }
      }
      case U16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = Short.toUnsignedInt(b.getShort(2 * i));
        }
      }
      case I8 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = b.get(i);
        }
      }
      default -> { // U8
        for (int i = 0; i < out.length; i++) {
          out[i] = Byte.toUnsignedInt(b.get(i));
        }
      }
    }
    return out;
  }

  private float[] toFloats(TensorInfo t) {
    ByteBuffer b = data(t);
    float[] out = new float[elements(t)];
    switch (t.dtype()) {
      case F32 -> b.asFloatBuffer().get(out);
      case F64 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) b.getDouble(8 * i);
        }
      }
      case F16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = HalfFloats.f16ToFloat(b.getShort(2 * i));
        }
      }
      default -> { // BF16
        for (int i = 0; i < out.length; i++) {
          out[i] = HalfFloats.bf16ToFloat(b.getShort(2 * i));
        }
      }
    }
    return out;
  }

  private int elements(TensorInfo t) {
    long n = t.elements();
    if (n > MAX_ARRAY_ELEMENTS) {
      throw new IllegalArgumentException(
          label
              + ": tensor '"
              + UntrustedText.quote(t.name())
              + "' "
              + t.shapeText()
              + " has "
              + n
              + " elements, more than a Java array holds");
    }
    return (int) n;
  }

  /** The tensor's bytes as a little-endian buffer of its own. */
  private ByteBuffer data(TensorInfo t) {
    if (closed) {
      throw new IllegalStateException(label + " is closed");
    }
    long length = t.byteLength();
    ByteBuffer b;
    if (whole != null) {
      b = whole.slice((int) (dataStart + t.begin()), (int) length);
    } else {
      if (length > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            label
                + ": tensor '"
                + UntrustedText.quote(t.name())
                + "' has "
                + length
                + " bytes, more than one mapping of 2 GiB holds");
      }
      try {
        b = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin(), length);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(
            label
                + ": cannot map tensor '"
                + UntrustedText.quote(t.name())
                + "': "
                + e.getMessage(),
            e);
      }
    }
    return b.order(ByteOrder.LITTLE_ENDIAN);
  }

  private IllegalArgumentException wrongDtype(TensorInfo t, String method, String accepted) {
    return new IllegalArgumentException(
        label
            + ": tensor '"
            + UntrustedText.quote(t.name())
            + "' has dtype "
            + t.dtype()
            + "; "
            + method
            + " reads "
            + accepted);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    if (channel != null) {
      channel.close();
    }
  }
}
