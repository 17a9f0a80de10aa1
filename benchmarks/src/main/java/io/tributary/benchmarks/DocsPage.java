package io.tributary.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Writes a run's table into docs/benchmarks.md between {@link #BEGIN} and {@link #END}, leaving
 * the page's prose alone. A page without the markers gets them appended.
 */
final class DocsPage {
  static final String BEGIN = "<!-- figures: written by io.tributary.benchmarks.Bench --write-docs -->";
  static final String END = "<!-- end of figures -->";

  private DocsPage() {}

  static void write(Path page, Report report, String command, LocalDate day) {
    try {
      String text = Files.exists(page) ? Files.readString(page) : "# Benchmarks\n";
      Files.writeString(page, replaced(text, report, command, day));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the figures into " + page, e);
    }
  }

  static String replaced(String page, Report report, String command, LocalDate day) {
    String section = BEGIN + "\n\nMeasured " + day + " with `" + command + "` (" + report.sizes() + " sizes).\n\n"
        + report.table() + "\n" + END;
    int begin = page.indexOf(BEGIN);
    int end = page.indexOf(END);
    if (begin < 0 || end < begin) {
      return page.stripTrailing() + "\n\n" + section + "\n";
    }
    return page.substring(0, begin) + section + page.substring(end + END.length());
  }
}
