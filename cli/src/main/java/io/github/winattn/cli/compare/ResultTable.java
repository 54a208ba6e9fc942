package io.github.winattn.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders comparison rows as an aligned Markdown table (readable in a terminal, pasteable). */
public final class ResultTable {

  private static final String[] HEADER = {
    "shape",
    "kernel",
    "windows",
    "max abs error",
    "verdict",
    "reference ms",
    "generated ms",
    "speedup",
    "GFLOP/s"
  };
  private static final boolean[] RIGHT = {false, false, true, true, false, true, true, true, true};

  private ResultTable() {}

  /** The table, one line per row after the header and separator lines. */
  public static String render(List<CompareRow> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    for (CompareRow r : rows) {
      cells.add(
          new String[] {
            r.shape(),
            r.kernel(),
            Integer.toString(r.windows()),
            String.format(Locale.ROOT, "%.2e", r.accuracy().maxAbsError()),
            r.accuracy().withinTolerance() ? "ok" : "FAIL",
            String.format(Locale.ROOT, "%.3f", r.referenceMillis()),
            String.format(Locale.ROOT, "%.3f", r.generatedMillis()),
            String.format(Locale.ROOT, "%.2fx", r.speedup()),
            String.format(Locale.ROOT, "%.2f", r.generatedGflops())
          });
    }
    int[] width = new int[HEADER.length];
    for (String[] line : cells) {
      for (int c = 0; c < line.length; c++) {
        width[c] = Math.max(width[c], line[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      appendLine(sb, cells.get(i), width);
      if (i == 0) {
        String[] sep = new String[HEADER.length];
        for (int c = 0; c < sep.length; c++) {
          String dashes = "-".repeat(Math.max(1, width[c] - 1));
          sep[c] = RIGHT[c] ? dashes + ":" : dashes + "-";
        }
        appendLine(sb, sep, width);
      }
    }
    return sb.toString();
  }

  private static void appendLine(StringBuilder sb, String[] line, int[] width) {
    sb.append('|');
    for (int c = 0; c < line.length; c++) {
      String pad = " ".repeat(width[c] - line[c].length());
      sb.append(' ').append(RIGHT[c] ? pad + line[c] : line[c] + pad).append(" |");
    }
    sb.append(System.lineSeparator());
  }
}
