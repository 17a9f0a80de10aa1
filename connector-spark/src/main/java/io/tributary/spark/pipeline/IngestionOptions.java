package io.tributary.spark.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Ingestion#run} runs.
 *
 * @param warehouse the lakehouse: a directory or any Hadoop URI ({@code hdfs://}, {@code s3a://},
 *     {@code abfss://}, {@code dbfs:/}, {@code /Volumes/...}) where destinations are written by
 *     path, unless written by catalog name
 * @param stateLocation where Tributary keeps its own state (streaming checkpoints and the {@code
 *     ingestion_log} table), also a directory or a Hadoop URI; by default {@code
 *     <warehouse>/_tributary}
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
    String warehouse, Optional<String> stateLocation, ProgressListener listener, boolean strict, Optional<Duration> timeBudget, boolean reconcile,
    int maxConcurrentTables) {
  public IngestionOptions {
    Objects.requireNonNull(warehouse, "warehouse");
    Objects.requireNonNull(stateLocation, "stateLocation");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(timeBudget, "timeBudget");
    if (maxConcurrentTables < 1) {
      throw new io.tributary.api.UserException("Cannot run " + maxConcurrentTables
          + " tables at once: max_concurrent_tables must be at least 1");
    }
  }

  /** The defaults, with the lakehouse at {@code warehouse}: a directory or a Hadoop URI. */
  public static IngestionOptions at(String warehouse) {
    return new IngestionOptions(warehouse, Optional.empty(), ProgressListener.NONE, false, Optional.empty(), true,
        defaultConcurrency());
  }

  /** The defaults, with the lakehouse at a local directory. */
  public static IngestionOptions at(Path warehouse) {
    return at(Location.uriOf(warehouse));
  }

  /** Keeps checkpoints and the ingestion log at {@code location} instead of under the warehouse. */
  public IngestionOptions withStateLocation(String location) {
    return new IngestionOptions(warehouse, Optional.of(location), listener, strict, timeBudget, reconcile,
        maxConcurrentTables);
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
    return new IngestionOptions(warehouse, stateLocation, value, strict, timeBudget, reconcile, maxConcurrentTables);
  }

  public IngestionOptions withStrictRows() {
    return new IngestionOptions(warehouse, stateLocation, listener, true, timeBudget, reconcile, maxConcurrentTables);
  }

  public IngestionOptions withTimeBudget(Duration value) {
    return new IngestionOptions(warehouse, stateLocation, listener, strict, Optional.of(value), reconcile, maxConcurrentTables);
  }

  /** Skips counting tables after the run. */
  public IngestionOptions withoutReconciliation() {
    return new IngestionOptions(warehouse, stateLocation, listener, strict, timeBudget, false, maxConcurrentTables);
  }

  /** Ingests at most {@code tables} tables at once; 1 runs them one after another. */
  public IngestionOptions withMaxConcurrentTables(int tables) {
    return new IngestionOptions(warehouse, stateLocation, listener, strict, timeBudget, reconcile, tables);
  }
}
