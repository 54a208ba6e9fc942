package io.github.winattn.weights;

import java.util.List;

/**
 * A state dict that does not fit the module it is bound to. The message lists every problem found
 * (not only the first), each naming the tensor with its full name and the expected and actual
 * shapes or values.
 */
public final class WeightBindingException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  public WeightBindingException(String context, List<String> problems) {
    super(message(context, problems));
    this.problems = List.copyOf(problems);
  }

  private static String message(String context, List<String> problems) {
    if (problems.size() == 1) {
      return context + ": " + problems.get(0);
    }
    StringBuilder sb = new StringBuilder(context).append(": ").append(problems.size())
        .append(" problems");
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }

  /** Each problem, in a deterministic order (the module layout's, then unknown names sorted). */
  public List<String> problems() {
    return problems;
  }
}
