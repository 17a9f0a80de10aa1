package io.tributary.benchmarks;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A run's figures, and P1's and P2's lines per table when they ran: the table the harness prints
 * and writes into docs/benchmarks.md.
 */
record Report(String sizes, List<Figure> figures, RequestCounts.Result counts) {
  Report {
    figures = List.copyOf(figures);
  }

  Optional<RequestCounts.Result> requestCounts() {
    return Optional.ofNullable(counts);
  }

  /** P1: the worst table's requests ÷ minimum. */
  static Figure p1(RequestCounts.Result counts) {
    RequestCounts.Backfill worst = counts.backfills().stream()
        .filter(b -> b.minimum() > 0)
        .max(Comparator.comparingDouble(RequestCounts.Backfill::ratio))
        .orElseThrow(() -> new IllegalStateException("Cannot compute P1: no table read any list"));
    long over = counts.backfills().stream().filter(b -> b.ratio() > 1.05).count();
    int other = counts.backfills().stream().mapToInt(RequestCounts.Backfill::other).sum();
    return Figure.ratio("P1", "full backfill list requests ÷ minimum, worst table", worst.ratio(),
        "<= 1.05 every table", v -> v <= 1.05, String.format(Locale.ROOT,
            "worst %s.%s: %d list requests, minimum %d; %d of %d tables above 1.05; %d requests besides lists "
                + "(tokens, describes, counts)", worst.source(), worst.table(), worst.requests(), worst.minimum(), over,
            counts.backfills().size(), other));
  }

  /** P2: the worst incremental table's requests per list on a no-change run. */
  static Figure p2(RequestCounts.Result counts) {
    RequestCounts.NoChange worst = counts.noChanges().stream()
        .max(Comparator.comparingDouble(RequestCounts.NoChange::perList))
        .orElseThrow(() -> new IllegalStateException("Cannot compute P2: no incremental table"));
    long over = counts.noChanges().stream().filter(n -> n.perList() > 1.0).count();
    return Figure.ratio("P2", "no-change run requests per list, worst cdc table", worst.perList(),
        "<= 1 per list", v -> v <= 1.0, String.format(Locale.ROOT,
            "worst %s.%s: %d requests for %d list(s); %d of %d incremental tables above 1", worst.source(),
            worst.table(), worst.requests(), worst.lists(), over, counts.noChanges().size()));
  }

  /** The figures as a Markdown table, then P1's and P2's lines per table. */
  String table() {
    StringBuilder text = new StringBuilder();
    text.append("| figure | what | measured | target | met | how |\n|---|---|---|---|---|---|\n");
    for (Figure f : figures) {
      text.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", f.id(), f.what(), f.shown(),
          f.target(), f.met() ? "yes" : "no", f.detail()));
    }
    requestCounts().ifPresent(c -> {
      text.append("\nP1, full backfill at the largest page size, per table:\n\n");
      text.append("| source | table | type | list requests | minimum | ratio | records | lists | other requests |\n");
      text.append("|---|---|---|---|---|---|---|---|---|\n");
      for (RequestCounts.Backfill b : c.backfills()) {
        text.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %.2f | %d | %d | %d |%n", b.source(),
            b.table(), b.type().name().toLowerCase(Locale.ROOT), b.requests(), b.minimum(), b.ratio(), b.records(),
            b.lists(), b.other()));
      }
      text.append("\nP2, no-change incremental run, per incremental table:\n\n");
      text.append("| source | table | requests | lists | per list |\n|---|---|---|---|---|\n");
      for (RequestCounts.NoChange n : c.noChanges()) {
        text.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f |%n", n.source(), n.table(), n.requests(),
            n.lists(), n.perList()));
      }
    });
    return text.toString();
  }
}
