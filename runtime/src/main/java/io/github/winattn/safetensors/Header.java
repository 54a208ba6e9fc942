package io.github.winattn.safetensors;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A validated safetensors header: its tensors by name (sorted) and its {@code __metadata__}
 * (sorted).
 */
record Header(SortedMap<String, TensorInfo> tensors, SortedMap<String, String> metadata) {

  Header {
    tensors = Collections.unmodifiableSortedMap(new TreeMap<>(tensors));
    metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
  }

  static Header of(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
    return new Header(new TreeMap<>(tensors), new TreeMap<>(metadata));
  }
}
