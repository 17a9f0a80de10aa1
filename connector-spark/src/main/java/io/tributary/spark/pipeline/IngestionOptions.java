package io.tributary.spark.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Ingestion#run} runs.
 *
 * @param warehouse the lakehouse directory: destinations (unless written by catalog name),
 *     checkpoints and the ingestion log
 * @param listener per-table progress
 * @param strict fail a batch on a value that does not fit the schema instead of rescuing it
 * @param timeBudget when set, tables not yet started once it is spent are reported {@code paused}
 *     and left for the next run
 * @param reconcile after each table, count it at the source and in Delta where the connector can
 *     count (on by default)
 */
public record IngestionOptions(
    Path warehouse, ProgressListener listener, boolean strict, Optional<Duration> timeBudget, boolean reconcile) {
  public IngestionOptions {
    Objects.requireNonNull(warehouse, "warehouse");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(timeBudget, "timeBudget");
  }

  public static IngestionOptions at(Path warehouse) {
    return new IngestionOptions(warehouse, ProgressListener.NONE, false, Optional.empty(), true);
  }

  public IngestionOptions withListener(ProgressListener value) {
    return new IngestionOptions(warehouse, value, strict, timeBudget, reconcile);
  }

  public IngestionOptions withStrictRows() {
    return new IngestionOptions(warehouse, listener, true, timeBudget, reconcile);
  }

  public IngestionOptions withTimeBudget(Duration value) {
    return new IngestionOptions(warehouse, listener, strict, Optional.of(value), reconcile);
  }

  /** Skips counting tables after the run. */
  public IngestionOptions withoutReconciliation() {
    return new IngestionOptions(warehouse, listener, strict, timeBudget, false);
  }
}
