package io.tributary.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocsPageTest {
  private static final Report REPORT = new Report("full",
      List.of(Figure.ratio("P4", "converter ÷ Spark", 2.5, ">= 2.0", v -> v >= 2.0, "median of 5")), null);

  @Test
  void replacesOnlyTheFiguresSectionKeepingTheProseAroundIt() {
    String page = "# Benchmarks\n\nProse before.\n\n" + DocsPage.BEGIN + "\nold figures\n" + DocsPage.END
        + "\n\nProse after.\n";

    String written = DocsPage.replaced(page, REPORT, "Bench --write-docs", LocalDate.parse("2026-12-06"));

    assertThat(written).startsWith("# Benchmarks\n\nProse before.\n\n" + DocsPage.BEGIN)
        .endsWith(DocsPage.END + "\n\nProse after.\n")
        .doesNotContain("old figures")
        .contains("Measured 2026-12-06 with `Bench --write-docs` (full sizes).")
        .contains("| P4 | converter ÷ Spark | 2.50 | >= 2.0 | yes | median of 5 |");
  }

  @Test
  void appendsTheSectionToAPageWithoutOne() {
    String written = DocsPage.replaced("# Benchmarks\n\nProse.\n", REPORT, "Bench", LocalDate.parse("2026-12-06"));

    assertThat(written).startsWith("# Benchmarks\n\nProse.\n\n" + DocsPage.BEGIN).endsWith(DocsPage.END + "\n");
  }
}
