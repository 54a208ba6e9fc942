package io.github.winattn.safetensors;

import io.github.winattn.diagnostics.UntrustedText;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the header bytes of a safetensors file into a validated {@link Header}, checking every
 * entry against the size of the data region that follows the header. Every message starts with the
 * file's label.
 */
final class HeaderParser {

  static final String METADATA_KEY = "__metadata__";
  private static final Set<String> TENSOR_FIELDS = Set.of("dtype", "shape", "data_offsets");

  private final String file;
  private final long dataLength;

  private HeaderParser(String file, long dataLength) {
    this.file = file;
    this.dataLength = dataLength;
  }

  /**
   * Parses and validates a header.
   *
   * @param file the label used in messages, usually the file name
   * @param json the header text, from {@link #decodeUtf8}
   * @param dataLength bytes after the header: the data region that offsets refer to
   */
  static Header parse(String file, String json, long dataLength) throws SafetensorsFormatException {
    return new HeaderParser(file, dataLength).parse(json);
  }

  /** As {@link #parse(String, String, long)} on the UTF-8 bytes of a header. */
  static Header parse(String file, byte[] headerBytes, long dataLength)
      throws SafetensorsFormatException {
    return parse(file, decodeUtf8(file, headerBytes), dataLength);
  }

  private Header parse(String json) throws SafetensorsFormatException {
    Object root;
    try {
      root = JsonReader.parse(json);
    } catch (IllegalArgumentException e) {
      throw fail("invalid JSON header: " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> entries)) {
      throw fail("the JSON header must be an object, got " + kind(root));
    }
    int declared = entries.size() - (entries.containsKey(METADATA_KEY) ? 1 : 0);
    if (declared > JsonReader.MAX_TENSORS) {
      throw fail(
          "the header declares "
              + declared
              + " tensors, more than the limit of "
              + JsonReader.MAX_TENSORS);
    }
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = Map.of();
    for (Map.Entry<?, ?> e : entries.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals(METADATA_KEY)) {
        metadata = metadata(e.getValue());
      } else {
        tensors.put(name, tensor(name, e.getValue()));
      }
    }
    checkLayout(tensors.values());
    return Header.of(tensors, metadata);
  }

  /**
   * Strictly decodes a header's UTF-8 bytes. The bytes are checked through a small buffer and then
   * decoded once, so that the peak is the bytes plus the text (not a third copy); a caller that
   * passes the array straight in lets it be collected before parsing.
   */
  static String decodeUtf8(String file, byte[] bytes) throws SafetensorsFormatException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(8192);
    CoderResult result;
    do {
      out.clear();
      result = decoder.decode(in, out, true);
    } while (result.isOverflow());
    if (!result.isError()) {
      do {
        out.clear();
        result = decoder.flush(out);
      } while (result.isOverflow());
    }
    if (result.isError()) {
      throw new SafetensorsFormatException(
          file
              + ": the header is not valid UTF-8 (bad byte"
              + " sequence at header byte "
              + in.position()
              + ")");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private Map<String, String> metadata(Object value) throws SafetensorsFormatException {
    if (!(value instanceof Map<?, ?> map)) {
      throw fail("__metadata__ must be an object of strings, got " + kind(value));
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw fail(
            "__metadata__ value of '"
                + UntrustedText.quote((String) e.getKey())
                + "' must be a string, got "
                + kind(e.getValue()));
      }
      result.put((String) e.getKey(), s);
    }
    return result;
  }

  private TensorInfo tensor(String name, Object value) throws SafetensorsFormatException {
    if (!(value instanceof Map<?, ?> fields)) {
      throw failTensor(name, "entry must be an object, got " + kind(value));
    }
    for (Object key : fields.keySet()) {
      if (!TENSOR_FIELDS.contains(key)) {
        throw failTensor(
            name,
            "unknown field '"
                + UntrustedText.quote((String) key)
                + "' (expected dtype, shape, data_offsets)");
      }
    }
    for (String field : List.of("dtype", "shape", "data_offsets")) {
      if (!fields.containsKey(field)) {
        throw failTensor(name, "missing field '" + field + "'");
      }
    }
    if (!(fields.get("dtype") instanceof String dtypeText)) {
      throw failTensor(name, "dtype must be a string, got " + kind(fields.get("dtype")));
    }
    DType dtype;
    try {
      dtype = DType.parse(dtypeText);
    } catch (IllegalArgumentException e) {
      throw failTensor(name, e.getMessage());
    }
    List<Long> shape = integers(name, "shape", fields.get("shape"));
    for (long d : shape) {
      if (d < 0) {
        throw failTensor(name, "negative dimension " + d + " in shape " + TensorInfo.format(shape));
      }
    }
    List<Long> offsets = integers(name, "data_offsets", fields.get("data_offsets"));
    if (offsets.size() != 2) {
      throw failTensor(
          name, "data_offsets must be [begin, end], got " + offsets.size() + " numbers");
    }
    long begin = offsets.get(0);
    long end = offsets.get(1);
    if (begin < 0) {
      throw failTensor(name, "data_offsets " + offsets + " start before the data region");
    }
    if (begin > end) {
      throw failTensor(name, "data_offsets " + offsets + " have begin > end");
    }
    if (end > dataLength) {
      throw failTensor(
          name,
          "data_offsets " + offsets + " end beyond the data region of " + dataLength + " bytes");
    }
    try {
      return new TensorInfo(name, dtype, shape, begin, end);
    } catch (IllegalArgumentException e) {
      throw fail(e.getMessage());
    }
  }

  private List<Long> integers(String name, String field, Object value)
      throws SafetensorsFormatException {
    if (!(value instanceof List<?> list)) {
      throw failTensor(name, field + " must be an array of integers, got " + kind(value));
    }
    List<Long> result = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof Long l)) {
        throw failTensor(name, field + " must be an array of integers, found " + kind(o) + " " + o);
      }
      result.add(l);
    }
    return result;
  }

  /** Tensors must tile the data region exactly: no overlap, no gap, nothing after the last. */
  private void checkLayout(Iterable<TensorInfo> tensors) throws SafetensorsFormatException {
    List<TensorInfo> sorted = new ArrayList<>();
    tensors.forEach(sorted::add);
    sorted.sort(
        Comparator.comparingLong(TensorInfo::begin)
            .thenComparingLong(TensorInfo::end)
            .thenComparing(TensorInfo::name));
    long covered = 0;
    TensorInfo previous = null;
    for (TensorInfo t : sorted) {
      if (t.begin() < covered) {
        throw fail(
            "tensors '"
                + UntrustedText.quote(previous.name())
                + "' ["
                + previous.begin()
                + ", "
                + previous.end()
                + "] and '"
                + UntrustedText.quote(t.name())
                + "' ["
                + t.begin()
                + ", "
                + t.end()
                + "] overlap");
      }
      if (t.begin() > covered) {
        throw fail(
            "data bytes ["
                + covered
                + ", "
                + t.begin()
                + ") before tensor '"
                + UntrustedText.quote(t.name())
                + "' belong to no tensor");
      }
      if (t.end() > covered || previous == null) {
        previous = t;
      }
      covered = Math.max(covered, t.end());
    }
    if (covered != dataLength) {
      throw fail(
          (dataLength - covered)
              + " bytes after the last tensor's data (tensors end at "
              + covered
              + ", the data region has "
              + dataLength
              + " bytes)");
    }
  }

  private static String kind(Object o) {
    if (o instanceof Map) {
      return "an object";
    }
    if (o instanceof List) {
      return "an array";
    }
    if (o instanceof String) {
      return "a string";
    }
    if (o instanceof Boolean) {
      return "a boolean";
    }
    if (o instanceof Number) {
      return "a number";
    }
    return "null";
  }

  private SafetensorsFormatException failTensor(String tensor, String what) {
    return fail("tensor '" + UntrustedText.quote(tensor) + "': " + what);
  }

  private SafetensorsFormatException fail(String what) {
    return new SafetensorsFormatException(file + ": " + what);
  }
}
