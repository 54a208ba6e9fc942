package io.github.winattn.diagnostics;

import java.util.List;

/**
 * Capped listings: a message names at most {@link #MAX_ITEMS} problems or names, then says how many
 * more there are, so that a hostile file with a million bad entries gives a short message.
 */
public final class Listing {

  /** Items listed before {@code and N more}. */
  public static final int MAX_ITEMS = 20;

  private Listing() {}

  /** The first {@link #MAX_ITEMS} items. */
  public static <T> List<T> head(List<T> items) {
    return items.size() <= MAX_ITEMS ? items : items.subList(0, MAX_ITEMS);
  }

  /** {@code ", and N more"} after the listed head, or empty when everything was listed. */
  public static String more(List<?> items) {
    int rest = items.size() - MAX_ITEMS;
    return rest > 0 ? ", and " + rest + " more" : "";
  }

  /** E.g. {@code a, b, c} or {@code a, b, ..., t, and 5 more}; items are used as given. */
  public static String join(List<String> items) {
    return String.join(", ", head(items)) + more(items);
  }
}
