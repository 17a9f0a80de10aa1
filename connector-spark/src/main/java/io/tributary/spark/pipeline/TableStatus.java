package io.tributary.spark.pipeline;

import java.util.Locale;

/** How one table's ingestion ended. */
public enum TableStatus {
  /** Every available change was applied. */
  OK,
  /** The table failed; changes applied before the failure are kept, and the next run resumes. */
  FAILED,
  /** The table was not run because the run stopped first (its time budget ran out); nothing is lost. */
  PAUSED;

  /** {@code ok}, {@code failed} or {@code paused}, as written in the ingestion log. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
