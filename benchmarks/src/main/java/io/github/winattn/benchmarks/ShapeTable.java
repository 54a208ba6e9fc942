package io.github.winattn.benchmarks;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Window;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Prints the benchmark shapes as JSON, the one description of the workloads that the Python side
 * reads ({@code tools/reference/export_onnx.py}, {@code tools/bench/pytorch_bench.py}, {@code
 * tools/bench/render.py}): per shape id its module arguments, mask geometry, windows per call and
 * FLOPs, so no script re-derives them.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.github.winattn.benchmarks.ShapeTable}
 */
public final class ShapeTable {

  private ShapeTable() {}

  public static void main(String[] args) {
    print(System.out);
  }

  /** Writes the JSON object to {@code out}. */
  public static void print(PrintStream out) {
    out.print(json());
  }

  /** The JSON object, one member per {@link BenchShape}, in declaration order. */
  public static String json() {
    StringBuilder sb = new StringBuilder("{\n");
    BenchShape[] all = BenchShape.values();
    for (int i = 0; i < all.length; i++) {
      BenchShape s = all[i];
      AttentionShape shape = s.shape();
      sb.append("  \"")
          .append(s.id())
          .append("\": {")
          .append("\"model\": \"")
          .append(s.model())
          .append("\", ")
          .append("\"description\": \"")
          .append(shape.describe())
          .append("\", ")
          .append("\"family\": \"")
          .append(shape.family())
          .append("\", ")
          .append("\"window\": ")
          .append(sizes(shape.window()))
          .append(", ")
          .append("\"effectiveWindow\": ")
          .append(Arrays.toString(s.windowSizes()))
          .append(", ")
          .append("\"pretrainedWindow\": ")
          .append(sizes(shape.pretrainedWindow()))
          .append(", ")
          .append("\"dim\": ")
          .append(shape.dim())
          .append(", ")
          .append("\"heads\": ")
          .append(shape.heads())
          .append(", ")
          .append("\"tokens\": ")
          .append(shape.tokens())
          .append(", ")
          .append("\"qkvBias\": ")
          .append(shape.qkvBias())
          .append(", ")
          .append("\"batch\": ")
          .append(s.batch())
          .append(", ")
          .append("\"windowsPerItem\": ")
          .append(s.windowsPerItem())
          .append(", ")
          .append("\"windows\": ")
          .append(s.windows())
          .append(", ")
          .append("\"resolution\": ")
          .append(Arrays.toString(s.resolution()))
          .append(", ")
          .append("\"shift\": ")
          .append(Arrays.toString(s.shift()))
          .append(", ")
          .append("\"masked\": ")
          .append(s.masked())
          .append(", ")
          .append("\"flopsPerWindow\": ")
          .append(shape.flopsPerWindow())
          .append(", ")
          .append("\"flopsPerCall\": ")
          .append(s.flopsPerCall())
          .append('}')
          .append(i + 1 < all.length ? ",\n" : "\n");
    }
    return sb.append("}\n").toString();
  }

  private static String sizes(Window w) {
    int[] v = new int[w.rank()];
    for (int a = 0; a < v.length; a++) {
      v[a] = w.size(a);
    }
    return Arrays.toString(v);
  }
}
