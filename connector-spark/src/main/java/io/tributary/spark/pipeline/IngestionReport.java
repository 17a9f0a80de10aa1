package io.tributary.spark.pipeline;

import java.time.Instant;
import java.util.List;

/** What one {@link Ingestion#run} did: one report per table, in the order the tables ran. */
public record IngestionReport(String runId, String connection, Instant startedAt, Instant finishedAt, List<TableReport> tables) {
  public IngestionReport {
    tables = List.copyOf(tables);
  }

  /** FAILED when any table failed, else PAUSED when any table was paused, else OK. */
  public TableStatus status() {
    if (tables.stream().anyMatch(t -> t.status() == TableStatus.FAILED)) {
      return TableStatus.FAILED;
    }
    if (tables.stream().anyMatch(t -> t.status() == TableStatus.PAUSED)) {
      return TableStatus.PAUSED;
    }
    return TableStatus.OK;
  }

  public List<TableReport> failures() {
    return tables.stream().filter(t -> t.status() == TableStatus.FAILED).toList();
  }

  public TableReport table(String sourceTable) {
    return tables.stream().filter(t -> t.sourceTable().equals(sourceTable)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no table '" + sourceTable + "' in this run"));
  }
}
