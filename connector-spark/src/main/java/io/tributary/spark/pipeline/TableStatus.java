package io.tributary.spark.pipeline;

import java.util.Locale;

/** How one table's ingestion ended. */
public enum TableStatus {
  /** Every available change was applied. */
  OK,
  /** The table failed; changes applied before the failure are kept, and the next run resumes. */
  FAILED,
  /** The table was not run because the run stopped first (its time budget ran out); nothing is lost. */
  PAUSED,
  /**
   * The run's process ended before the table finished (killed, or its JVM died), so it wrote no
   * row; the next run writes one that counts the batches it committed, from their Delta commits.
   * Never the status of a table in a run's own report.
   */
  INTERRUPTED;

  /** {@code ok}, {@code failed}, {@code paused} or {@code interrupted}, as written in the ingestion log. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
