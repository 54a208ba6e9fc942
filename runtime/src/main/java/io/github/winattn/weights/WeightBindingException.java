package io.github.winattn.weights;

import io.github.winattn.diagnostics.Listing;
import io.github.winattn.diagnostics.UntrustedText;
import java.util.List;

/**
 * A state dict that does not fit the module it is bound to. The message lists every problem found
 * (the first {@link Listing#MAX_ITEMS}, then how many more), each naming the tensor with its full
 * name and the expected and actual shapes or values; {@link #problems()} has all of them.
 */
public final class WeightBindingException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  public WeightBindingException(String context, List<String> problems) {
    super(message(context, problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * One line per problem, at most {@link Listing#MAX_ITEMS}, then how many more; control characters
   * escaped (the problems quote names from the file).
   */
  private static String message(String context, List<String> problems) {
    if (problems.size() == 1) {
      return UntrustedText.escape(context + ": " + problems.get(0));
    }
    StringBuilder sb =
        new StringBuilder(UntrustedText.escape(context))
            .append(": ")
            .append(problems.size())
            .append(" problems");
    for (String p : Listing.head(problems)) {
      sb.append("\n  - ").append(UntrustedText.escape(p));
    }
    if (problems.size() > Listing.MAX_ITEMS) {
      sb.append("\n  - and ").append(problems.size() - Listing.MAX_ITEMS).append(" more");
    }
    return sb.toString();
  }

  /** Each problem, in a deterministic order (the module layout's, then unknown names sorted). */
  public List<String> problems() {
    return problems;
  }
}
