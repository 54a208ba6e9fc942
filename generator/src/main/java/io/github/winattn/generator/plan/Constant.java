package io.github.winattn.generator.plan;

/**
 * A {@code static final int} of a generated class.
 *
 * @param name its Java name, e.g. {@code KEYS}
 * @param value its definition
 * @param doc one line for the reader, or empty when the name says it all
 */
public record Constant(String name, IntExpr value, String doc) {

  public Constant {
    if (name == null || !name.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalArgumentException("constant name must be UPPER_SNAKE (got " + name + ")");
    }
    if (value == null || doc == null) {
      throw new IllegalArgumentException(
          "constant " + name + " needs a value and a doc (may be empty)");
    }
  }

  /** This constant in an expression. */
  public IntExpr ref() {
    return new IntExpr.Ref(this);
  }

  /** Its value when a vector holds {@code lanes} floats. */
  public long eval(int lanes) {
    return value.eval(lanes);
  }
}
