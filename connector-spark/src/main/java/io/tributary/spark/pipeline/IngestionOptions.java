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
 * @param maxConcurrentTables how many tables ingest at once on the session; a child table starts
 *     once its parent has finished. Defaults to {@link #defaultConcurrency()}
 */
public record IngestionOptions(
    Path warehouse, ProgressListener listener, boolean strict, Optional<Duration> timeBudget, boolean reconcile,
    int maxConcurrentTables) {
  public IngestionOptions {
    Objects.requireNonNull(warehouse, "warehouse");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(timeBudget, "timeBudget");
    if (maxConcurrentTables < 1) {
      throw new io.tributary.api.UserException("Cannot run " + maxConcurrentTables
          + " tables at once: max_concurrent_tables must be at least 1");
    }
  }

  public IngestionOptions(
      Path warehouse, ProgressListener listener, boolean strict, Optional<Duration> timeBudget, boolean reconcile) {
    this(warehouse, listener, strict, timeBudget, reconcile, defaultConcurrency());
  }

  public static IngestionOptions at(Path warehouse) {
    return new IngestionOptions(warehouse, ProgressListener.NONE, false, Optional.empty(), true);
  }

  /**
   * Tables at once when nothing says otherwise: half the machine's cores, at least 1 and at most
   * 4. A table's run already keeps about two cores busy with small Spark jobs and Delta commits
   * (measured: 1.9 cores on a 2-core machine), so a small machine gains nothing from a second table
   * at once; a larger driver overlaps them.
   */
  public static int defaultConcurrency() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
  }

  public IngestionOptions withListener(ProgressListener value) {
    return new IngestionOptions(warehouse, value, strict, timeBudget, reconcile, maxConcurrentTables);
  }

  public IngestionOptions withStrictRows() {
    return new IngestionOptions(warehouse, listener, true, timeBudget, reconcile, maxConcurrentTables);
  }

  public IngestionOptions withTimeBudget(Duration value) {
    return new IngestionOptions(warehouse, listener, strict, Optional.of(value), reconcile, maxConcurrentTables);
  }

  /** Skips counting tables after the run. */
  public IngestionOptions withoutReconciliation() {
    return new IngestionOptions(warehouse, listener, strict, timeBudget, false, maxConcurrentTables);
  }

  /** Ingests at most {@code tables} tables at once; 1 runs them one after another. */
  public IngestionOptions withMaxConcurrentTables(int tables) {
    return new IngestionOptions(warehouse, listener, strict, timeBudget, reconcile, tables);
  }
}
