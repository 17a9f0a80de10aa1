package io.tributary.spark.pipeline;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The source's count of a table's records against the Delta table's, over the same window; or why
 * the table could not be counted. It only reports: a difference never fails a run.
 *
 * @param sourceRecords what the source holds in the window; empty when counting failed
 * @param tableRows the destination's current rows in the window; empty when counting failed
 * @param upTo the window: records whose cursor is at or before this instant, or the whole table
 * @param detail how the source counted, or why counting failed
 */
public record Reconciliation(Optional<Long> sourceRecords, Optional<Long> tableRows, Optional<Instant> upTo, String detail) {
  public Reconciliation {
    Objects.requireNonNull(sourceRecords, "sourceRecords");
    Objects.requireNonNull(tableRows, "tableRows");
    Objects.requireNonNull(upTo, "upTo");
    Objects.requireNonNull(detail, "detail");
  }

  static Reconciliation counted(long sourceRecords, long tableRows, Optional<Instant> upTo, String method) {
    return new Reconciliation(Optional.of(sourceRecords), Optional.of(tableRows), upTo, method);
  }

  static Reconciliation failed(String why) {
    return new Reconciliation(Optional.empty(), Optional.empty(), Optional.empty(), why);
  }

  /** True when both sides were counted. */
  public boolean counted() {
    return sourceRecords.isPresent() && tableRows.isPresent();
  }

  /**
   * Source records minus table rows: positive when the table lacks records the source holds,
   * negative when it holds more (records changed past the window since the run, say). Zero when
   * not counted.
   */
  public long difference() {
    return counted() ? sourceRecords.get() - tableRows.get() : 0;
  }

  /** True when counted and the two sides differ. */
  public boolean differs() {
    return difference() != 0;
  }

  /** One line for the run summary, such as {@code source 1,234, table 1,228: 6 missing up to ...}. */
  public String describe() {
    if (!counted()) {
      return "not counted: " + detail;
    }
    String window = upTo.map(t -> " up to " + t).orElse("");
    long diff = difference();
    String verdict = diff == 0 ? "equal" : diff > 0 ? diff + " missing from the table" : -diff + " more in the table";
    return String.format("source %,d, table %,d%s: %s (%s)", sourceRecords.get(), tableRows.get(), window, verdict, detail);
  }
}
