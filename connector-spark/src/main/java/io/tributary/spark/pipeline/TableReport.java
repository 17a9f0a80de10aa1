package io.tributary.spark.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run did to one table; also the row it appends to {@code _tributary.ingestion_log}.
 *
 * @param destination {@code <schema>.<table>}, or {@code <catalog>.<schema>.<table>} when written
 *     by name
 * @param records change records read (upserts and deletes)
 * @param inserted rows inserted, from Delta's operation metrics
 * @param updated rows updated (with SCD2: versions closed or replaced)
 * @param deleted rows deleted
 * @param rescued records whose {@code _rescued_data} holds values that did not fit the schema
 * @param startOffset the source offset the run started from, as JSON; empty on a first run and
 *     for snapshot tables
 * @param endOffset the offset committed at the end, as JSON
 * @param error why the table failed, without secrets
 * @param notices what the connector said the user should know about this table's read, such as
 *     columns the provider hides, each once per run
 * @param reconciliation the source's count against the table's, when the connector can count it
 */
public record TableReport(
    String runId,
    String connection,
    String sourceTable,
    String destination,
    TableStatus status,
    long records,
    long inserted,
    long updated,
    long deleted,
    long requests,
    long retries,
    long throttledMs,
    long rescued,
    Optional<String> startOffset,
    Optional<String> endOffset,
    Optional<String> error,
    Instant startedAt,
    Instant finishedAt,
    List<String> notices,
    Optional<Reconciliation> reconciliation) {

  public TableReport {
    notices = List.copyOf(notices);
    Objects.requireNonNull(reconciliation, "reconciliation");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(sourceTable, "sourceTable");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startOffset, "startOffset");
    Objects.requireNonNull(endOffset, "endOffset");
    Objects.requireNonNull(error, "error");
  }

  /** A report without notices or reconciliation, which {@link #withChecks} adds after the run. */
  public TableReport(String runId, String connection, String sourceTable, String destination, TableStatus status,
      long records, long inserted, long updated, long deleted, long requests, long retries, long throttledMs,
      long rescued, Optional<String> startOffset, Optional<String> endOffset, Optional<String> error,
      Instant startedAt, Instant finishedAt) {
    this(runId, connection, sourceTable, destination, status, records, inserted, updated, deleted, requests,
        retries, throttledMs, rescued, startOffset, endOffset, error, startedAt, finishedAt, List.of(), Optional.empty());
  }

  /** This report with the connector's notices and the reconciliation made after the run. */
  public TableReport withChecks(List<String> values, Optional<Reconciliation> counted) {
    return new TableReport(runId, connection, sourceTable, destination, status, records, inserted, updated, deleted,
        requests, retries, throttledMs, rescued, startOffset, endOffset, error, startedAt, finishedAt, values, counted);
  }
}
