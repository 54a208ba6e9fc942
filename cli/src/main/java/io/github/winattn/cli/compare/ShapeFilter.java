package io.github.winattn.cli.compare;

import io.github.winattn.kernel.CatalogEntry;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code compare --shape} filter: whitespace-separated words, each of which must be a whole word
 * of the kernel's description ({@code swin_v1 window=7x7 dim=96 heads=3 qkv_bias=true}, plus {@code
 * masked} for a kernel with mask support), so that {@code window=6x6} does not match {@code
 * window=16x16} or {@code pretrained=6x6}.
 */
public record ShapeFilter(String text, List<String> words) {

  public ShapeFilter {
    words = List.copyOf(words);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("empty --shape filter '" + text + "'");
    }
  }

  /** Parses one {@code --shape} value. */
  public static ShapeFilter parse(String text) {
    String trimmed = text.trim();
    return new ShapeFilter(
        text, trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+")));
  }

  /** Whether every word of the filter is a word of the entry's description. */
  public boolean matches(CatalogEntry entry) {
    String description = entry.shape().describe() + (entry.masked() ? " masked" : "");
    Set<String> have = new HashSet<>(Arrays.asList(description.split(" ")));
    return have.containsAll(words);
  }
}
