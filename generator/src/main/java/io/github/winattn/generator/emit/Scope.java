package io.github.winattn.generator.emit;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import io.github.winattn.generator.plan.Constant;
import io.github.winattn.generator.plan.IntExpr;
import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.generator.plan.Layout;
import java.util.HashMap;
import java.util.Map;

/**
 * The members of one generated class as JavaPoet specs: emitters refer to a constant, a weight
 * field, a workspace buffer or a helper through its spec ({@code $N}), and a member the plan did
 * not define fails the generation instead of being spelled into the source.
 */
final class Scope {

  final KernelPlan plan;
  final Layout layout;
  final ClassName self;
  final ClassName workspace;
  private final Map<String, FieldSpec> fields = new HashMap<>();
  private final Map<String, FieldSpec> buffers = new HashMap<>();
  private final Map<String, MethodSpec> helpers = new HashMap<>();

  private Scope(KernelPlan plan, Layout layout, ClassName self) {
    this.plan = plan;
    this.layout = layout;
    this.self = self;
    this.workspace = self.nestedClass("Workspace");
  }

  static Scope vector(KernelPlan plan, ClassName self) {
    return new Scope(plan, plan.vectorLayout(), self);
  }

  static Scope plain(KernelPlan plan, ClassName self) {
    return new Scope(plan, plan.plainLayout(), self);
  }

  /** Registers a field of the class (constant or weight) and returns it. */
  FieldSpec addField(FieldSpec f) {
    if (fields.putIfAbsent(f.name, f) != null) {
      throw new IllegalStateException(self.simpleName() + " declares field " + f.name + " twice");
    }
    return f;
  }

  /** Registers a field of the nested Workspace class and returns it. */
  FieldSpec addBuffer(FieldSpec f) {
    if (buffers.putIfAbsent(f.name, f) != null) {
      throw new IllegalStateException(self.simpleName() + " declares buffer " + f.name + " twice");
    }
    return f;
  }

  /** Registers a static helper other emitters call (e.g. {@code roundUp}). */
  MethodSpec addHelper(MethodSpec m) {
    helpers.put(m.name, m);
    return m;
  }

  /** The field {@code name}: a constant of the plan's layout or a field an emitter declared. */
  FieldSpec field(String name) {
    FieldSpec f = fields.get(name);
    if (f == null) {
      throw new IllegalStateException(
          self.simpleName()
              + " has no field "
              + name
              + (layout.hasConstant(name) ? " yet (declare constants first)" : " in its plan"));
    }
    return f;
  }

  /** The field declared for {@code c}. */
  FieldSpec field(Constant c) {
    return field(c.name());
  }

  /** The workspace buffer {@code name}. */
  FieldSpec buffer(String name) {
    FieldSpec f = buffers.get(name);
    if (f == null) {
      throw new IllegalStateException(self.simpleName() + " has no workspace buffer " + name);
    }
    return f;
  }

  /** {@code ws.name}: the buffer through a workspace variable. */
  CodeBlock ws(String name) {
    return CodeBlock.of("ws.$N", buffer(name));
  }

  MethodSpec helper(String name) {
    MethodSpec m = helpers.get(name);
    if (m == null) {
      throw new IllegalStateException(self.simpleName() + " has no helper " + name);
    }
    return m;
  }

  /** {@code e} as Java, constants by name, parenthesised where Java's precedence needs it. */
  CodeBlock expr(IntExpr e) {
    if (e instanceof IntExpr.Literal l) {
      return CodeBlock.of("$L", l.value());
    }
    if (e instanceof IntExpr.Ref r) {
      return CodeBlock.of("$N", field(r.constant()));
    }
    if (e instanceof IntExpr.Lanes) {
      return CodeBlock.of("$N.length()", field("SPECIES"));
    }
    if (e instanceof IntExpr.LinePad) {
      return CodeBlock.of("$T.FLOAT_PAD", Types.CACHE_LINES);
    }
    if (e instanceof IntExpr.Binary b) {
      boolean leftParens =
          b.left() instanceof IntExpr.Binary l && l.op().precedence < b.op().precedence;
      boolean rightParens =
          b.right() instanceof IntExpr.Binary r && r.op().precedence <= b.op().precedence;
      return CodeBlock.of(leftParens ? "($L) $L " : "$L $L ", expr(b.left()), b.op().symbol)
          .toBuilder()
          .add(rightParens ? "($L)" : "$L", expr(b.right()))
          .build();
    }
    IntExpr.Call c = (IntExpr.Call) e;
    return switch (c.function()) {
      case ROUND_UP ->
          CodeBlock.of("$N($L, $L)", helper("roundUp"), expr(c.first()), expr(c.second()));
      case MAX -> CodeBlock.of("$T.max($L, $L)", Math.class, expr(c.first()), expr(c.second()));
    };
  }
}
