package io.tributary.spark.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Connector;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.RecordCount;
import io.tributary.api.RecordCounts;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Counts a table at its source, with the connector's cheapest count ({@link RecordCounts}), and in
 * its Delta destination over the same window: the records whose cursor is at or before the
 * table's committed watermark, or the whole table. Counting costs the connector at most a few
 * requests and never fails a run: whatever goes wrong is reported as not counted.
 */
final class Reconciler {
  private final SparkSession spark;
  private final Connector connector;
  private final OptionValues redaction;

  Reconciler(SparkSession spark, Connector connector, OptionValues redaction) {
    this.spark = spark;
    this.connector = connector;
    this.redaction = redaction;
  }

  /**
   * The reconciliation of {@code table} after a run that committed {@code endOffset}; empty when
   * the connector cannot count this table, or the table appends events, which no count matches.
   */
  Optional<Reconciliation> reconcile(PlannedTable table, DeltaTarget target, Optional<String> endOffset) {
    if (!(connector instanceof RecordCounts counts) || table.appends()) {
      return Optional.empty();
    }
    try {
      Optional<Instant> upTo = table.metadata().ingestionType().incremental()
          ? endOffset.flatMap(Reconciler::recordsWatermark) : Optional.empty();
      Optional<RecordCount> source = counts.count(table.sourceTable(), upTo, table.tableOptions());
      if (source.isEmpty()) {
        return Optional.empty();
      }
      RecordCount count = source.get();
      long rows = target.exists(spark) ? rows(table, target, count.upTo()) : 0;
      return Optional.of(Reconciliation.counted(count.records(), rows, count.upTo(), count.method()));
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Optional.of(Reconciliation.failed(redaction.redact(message.lines().findFirst().orElse(message))));
    }
  }

  /** The table's current rows in the window: with SCD2, the open versions only. */
  private long rows(PlannedTable table, DeltaTarget target, Optional<Instant> upTo) {
    Dataset<Row> rows = target.table(spark).toDF();
    if (table.history()) {
      rows = rows.filter(col(DeltaWriter.END_AT).isNull());
    }
    Optional<String> cursor = table.metadata().cursorField();
    if (upTo.isPresent() && cursor.isPresent()) {
      rows = rows.filter(col(DeltaTarget.quote(cursor.get())).leq(lit(Timestamp.from(upTo.get()))));
    }
    return rows.count();
  }

  /** The records feed's watermark in a {@code tributary} stream offset, as the checkpoint holds it. */
  static Optional<Instant> recordsWatermark(String streamOffset) {
    try {
      JsonNode records = Json.MAPPER.readTree(streamOffset).path("records");
      if (!records.isObject()) {
        return Optional.empty();
      }
      return Optional.ofNullable(Offset.fromJson(records.toString()).watermark());
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
