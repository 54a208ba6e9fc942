package io.github.winattn.generator.plan;

/**
 * An int expression over the named constants of a generated class: the one definition of a size
 * that the emitters print as Java and the planner evaluates at a given vector width, so the two
 * cannot disagree.
 */
public sealed interface IntExpr
    permits IntExpr.Literal,
        IntExpr.Ref,
        IntExpr.Lanes,
        IntExpr.LinePad,
        IntExpr.Binary,
        IntExpr.Call {

  /** The value when a vector holds {@code lanes} floats. */
  long eval(int lanes);

  /** A literal int. */
  record Literal(int value) implements IntExpr {
    @Override
    public long eval(int lanes) {
      return value;
    }
  }

  /** The value of a named constant, printed as its name. */
  record Ref(Constant constant) implements IntExpr {
    public Ref {
      if (constant == null) {
        throw new IllegalArgumentException("constant == null");
      }
    }

    @Override
    public long eval(int lanes) {
      return constant.value().eval(lanes);
    }
  }

  /** Floats per vector, known only when the kernel class loads ({@code SPECIES.length()}). */
  record Lanes() implements IntExpr {
    @Override
    public long eval(int lanes) {
      return lanes;
    }
  }

  /**
   * Floats before the first packed weight of an array ({@code CacheLines.FLOAT_PAD}, known when the
   * kernel class loads); evaluates to its largest value, 15.
   */
  record LinePad() implements IntExpr {
    @Override
    public long eval(int lanes) {
      return 15;
    }
  }

  /** {@code left op right} with Java's int arithmetic. */
  record Binary(Op op, IntExpr left, IntExpr right) implements IntExpr {
    public Binary {
      if (op == null || left == null || right == null) {
        throw new IllegalArgumentException("binary expression needs an operator and two operands");
      }
    }

    @Override
    public long eval(int lanes) {
      long a = left.eval(lanes);
      long b = right.eval(lanes);
      return switch (op) {
        case ADD -> a + b;
        case SUB -> a - b;
        case MUL -> a * b;
        case DIV -> a / b;
      };
    }
  }

  /** A call of a helper the generated class has ({@code roundUp}) or {@code Math.max}. */
  record Call(Function function, IntExpr first, IntExpr second) implements IntExpr {
    public Call {
      if (function == null || first == null || second == null) {
        throw new IllegalArgumentException("call needs a function and two arguments");
      }
    }

    @Override
    public long eval(int lanes) {
      long a = first.eval(lanes);
      long b = second.eval(lanes);
      return switch (function) {
        case ROUND_UP -> (a + b - 1) / b * b;
        case MAX -> Math.max(a, b);
      };
    }
  }

  /** Binary operators with their Java spelling and precedence. */
  enum Op {
    ADD("+", 1),
    SUB("-", 1),
    MUL("*", 2),
    DIV("/", 2);

    public final String symbol;
    public final int precedence;

    Op(String symbol, int precedence) {
      this.symbol = symbol;
      this.precedence = precedence;
    }
  }

  /** Two-argument functions. */
  enum Function {
    /** {@code roundUp(value, multiple)}, a static helper of the generated class. */
    ROUND_UP,
    /** {@code Math.max(a, b)}. */
    MAX
  }

  static IntExpr of(int value) {
    return new Literal(value);
  }

  static IntExpr of(Constant c) {
    return new Ref(c);
  }

  default IntExpr plus(IntExpr other) {
    return new Binary(Op.ADD, this, other);
  }

  default IntExpr plus(Constant other) {
    return plus(of(other));
  }

  default IntExpr minus(int other) {
    return new Binary(Op.SUB, this, of(other));
  }

  default IntExpr times(IntExpr other) {
    return new Binary(Op.MUL, this, other);
  }

  default IntExpr times(Constant other) {
    return times(of(other));
  }

  default IntExpr over(Constant other) {
    return new Binary(Op.DIV, this, of(other));
  }
}
