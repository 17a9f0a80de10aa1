package io.tributary.spark.pipeline;

import java.time.Instant;
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
    Instant finishedAt) {

  public TableReport {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(sourceTable, "sourceTable");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startOffset, "startOffset");
    Objects.requireNonNull(endOffset, "endOffset");
    Objects.requireNonNull(error, "error");
  }
}
