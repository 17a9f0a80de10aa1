package io.tributary.spark.cli;

import io.tributary.api.ReadMetrics;
import io.tributary.spark.pipeline.ProgressListener.LiveTable;
import io.tributary.spark.pipeline.TableReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One running table as {@link ProgressBoard} shows it: its figures read from the pipeline's live
 * view, and the request rate over the last minute, from samples taken at each refresh. Not
 * thread-safe; the board serialises its calls.
 */
final class ProgressTable {
  /** The request rate is measured over this window, the unit a provider's budget is stated in. */
  static final Duration RATE_WINDOW = Duration.ofMinutes(1);
  /** Below this much history, a few requests sent at once would read as an absurd rate. */
  private static final Duration SHORTEST_SPAN = Duration.ofSeconds(1);

  private final LiveTable live;
  private final Instant started;
  private final List<Sample> samples = new ArrayList<>();
  private Instant lastLine;
  /** The counters as last read, and as last printed; the rate alone drifts and is no news. */
  private List<Long> counters = List.of();
  private List<Long> printedCounters = List.of();

  private record Sample(Instant at, long requests) {}

  ProgressTable(LiveTable live, Instant started) {
    this.live = live;
    this.started = started;
    this.lastLine = started;
    samples.add(new Sample(started, 0));
  }

  String sourceTable() {
    return live.sourceTable();
  }

  /** Reads the live figures now and returns the table's progress line, without the table's name. */
  String sample(Instant now) {
    ReadMetrics spent = live.spent().get();
    samples.add(new Sample(now, spent.requests()));
    // One sample at or before the window's start stays, so that the rate spans the whole window.
    Instant windowStart = now.minus(RATE_WINDOW);
    while (samples.size() > 1 && !samples.get(1).at().isAfter(windowStart)) {
      samples.remove(0);
    }
    Sample oldest = samples.get(0);
    long perMinute = perMinute(spent.requests() - oldest.requests(), Duration.between(oldest.at(), now));
    long records = live.committedRecords().getAsLong();
    counters = List.of(records, spent.requests(), spent.retries(), spent.throttledMillis());
    StringBuilder line = new StringBuilder(figures(records, spent, perMinute, live.requestsPerMinute()));
    live.expectedRecords().ifPresent(total -> line.append(completion(records, total, Duration.between(started, now))));
    return line.toString();
  }

  /**
   * Whether a plain progress line is due after the last {@link #sample}: {@code interval} has
   * passed since the last one (or the start), and a counter moved since.
   */
  boolean due(Instant now, Duration interval) {
    return !Duration.between(lastLine, now).minus(interval).isNegative() && !counters.equals(printedCounters);
  }

  void printed(Instant now) {
    lastLine = now;
    printedCounters = counters;
  }

  /** The line a table collapses to when it ends, from its report, without the table's name. */
  static String finalLine(TableReport r, OptionalInt budget) {
    Duration took = Duration.between(r.startedAt(), r.finishedAt());
    String figures = figures(r.records(), new ReadMetrics(r.requests(), r.retries(), r.throttledMs(), 0, Map.of()),
        perMinute(r.requests(), took), budget);
    String word = switch (r.status()) {
      case OK -> "done";
      case PAUSED -> "PAUSED";
      case FAILED -> "FAILED";
      case INTERRUPTED -> "INTERRUPTED";
    };
    String why = switch (r.status()) {
      case PAUSED -> "; the next run continues from here: " + r.error().orElse("paused");
      case FAILED -> "; " + r.error().orElse("unknown error");
      default -> "";
    };
    return word + ": " + r.inserted() + " inserted, " + r.updated() + " updated, " + r.deleted() + " deleted; "
        + figures + " in " + ProgressPrinter.seconds(took.toMillis()) + why;
  }

  static String figures(long records, ReadMetrics spent, long perMinute, OptionalInt budget) {
    return records + " records, " + spent.requests() + " requests, " + perMinute + " calls/min"
        + (budget.isPresent() ? " of " + budget.getAsInt() : "")
        + ", " + spent.retries() + " retries, " + ProgressPrinter.seconds(spent.throttledMillis()) + " throttled";
  }

  /** Percent done of a known total, and the time left at the pace so far once records have landed. */
  static String completion(long records, long total, Duration elapsed) {
    long percent = total <= 0 ? 100 : Math.min(100, records * 100 / total);
    String line = ", " + percent + "% of " + total;
    if (records <= 0 || records >= total) {
      return line;
    }
    long leftMillis = (long) ((double) elapsed.toMillis() * (total - records) / records);
    return line + ", " + clock(Duration.ofMillis(leftMillis)) + " left";
  }

  static long perMinute(long requests, Duration span) {
    long millis = Math.max(span.toMillis(), SHORTEST_SPAN.toMillis());
    return Math.round(requests * 60_000.0 / millis);
  }

  /** {@code 45s}, {@code 3m05s}, {@code 2h07m}: short enough for a line redrawn in place. */
  static String clock(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }
}
