package io.tributary.spark.cli;

import java.util.List;

/**
 * Plain-text columns for people reading a terminal. A column whose cells (below the header) are
 * all numbers is right-aligned, so counts line up by digit.
 */
final class TextTable {
  private TextTable() {}

  /** Renders {@code rows} (the first is the header), one line each, columns padded to fit. */
  static String render(List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    boolean[] numeric = new boolean[columns];
    for (int c = 0; c < columns; c++) {
      numeric[c] = rows.size() > 1;
      for (int r = 0; r < rows.size(); r++) {
        String cell = rows.get(r).get(c);
        widths[c] = Math.max(widths[c], cell.length());
        if (r > 0 && !cell.matches("-?[0-9][0-9,.]*")) {
          numeric[c] = false;
        }
      }
    }
    StringBuilder text = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        String cell = row.get(c);
        String pad = " ".repeat(widths[c] - cell.length());
        line.append(numeric[c] ? pad + cell : cell + pad);
        if (c < columns - 1) {
          line.append("  ");
        }
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }
}
