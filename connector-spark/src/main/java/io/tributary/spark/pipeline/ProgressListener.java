package io.tributary.spark.pipeline;

import io.tributary.api.ReadMetrics;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Hears about each table's progress during {@link Ingestion#run}; the CLI prints it to stderr.
 * Called from the thread running the table or applying the batch; implementations should be
 * quick and must not throw.
 */
public interface ProgressListener {
  ProgressListener NONE = new ProgressListener() {};

  /**
   * A table starts. {@code table} stays readable, from any thread, until and after {@link
   * #tableFinished}, so a listener may poll it between batches.
   */
  default void tableStarted(LiveTable table) {}

  default void batchApplied(TableProgress progress) {}

  default void tableFinished(TableReport report) {}

  /**
   * An earlier run of this table ended without its ingestion-log row (its process was killed);
   * {@code report}, status {@code interrupted}, counts what it committed and is now in the log.
   */
  default void interruptedRunCounted(TableReport report) {}

  /**
   * A running table's figures as they move: requests are counted as they are sent, also in the
   * middle of a long batch; records as their batch commits.
   *
   * @param requestsPerMinute the connection's request budget ({@code requests_per_minute}), which
   *     every table of the connection shares; empty when the source declares none
   * @param expectedRecords the records this run will read, when that is known before reading;
   *     no table knows it today
   * @param spent requests, retries and throttled time of this table's reads so far
   * @param committedRecords change records committed so far in this run
   */
  record LiveTable(String sourceTable, String destination, OptionalInt requestsPerMinute,
      OptionalLong expectedRecords, Supplier<ReadMetrics> spent, LongSupplier committedRecords) {
    public LiveTable {
      Objects.requireNonNull(sourceTable, "sourceTable");
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(requestsPerMinute, "requestsPerMinute");
      Objects.requireNonNull(expectedRecords, "expectedRecords");
      Objects.requireNonNull(spent, "spent");
      Objects.requireNonNull(committedRecords, "committedRecords");
    }
  }
}
