package io.github.winattn.benchmarks;

import java.io.PrintStream;

/**
 * Prints the benchmark shapes as JSON for {@code tools/bench/summarize.py}: per shape id its
 * description, batch, windows, mask flag and FLOPs per call, so the script never re-derives them.
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
      sb.append("  \"")
          .append(s.id())
          .append("\": {")
          .append("\"description\": \"")
          .append(s.shape().describe())
          .append("\", ")
          .append("\"batch\": ")
          .append(s.batch())
          .append(", ")
          .append("\"windows\": ")
          .append(s.windows())
          .append(", ")
          .append("\"masked\": ")
          .append(s.masked())
          .append(", ")
          .append("\"flopsPerWindow\": ")
          .append(s.shape().flopsPerWindow())
          .append(", ")
          .append("\"flopsPerCall\": ")
          .append(s.flopsPerCall())
          .append('}')
          .append(i + 1 < all.length ? ",\n" : "\n");
    }
    return sb.append("}\n").toString();
  }
}
