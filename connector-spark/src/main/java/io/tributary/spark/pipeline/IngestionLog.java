package io.tributary.spark.pipeline;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta table {@code _tributary.ingestion_log}: one row per table per run, appended as each
 * table finishes, so the rows of finished tables survive a crash later in the run. A run killed
 * before a table's row gets its row from the next run ({@link InterruptedRuns}), so every
 * committed batch is counted exactly once. {@code table_version} is the destination's Delta
 * version when the row was written: the commits after the highest one are those no row counts yet.
 */
final class IngestionLog {
  static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("connection", DataTypes.StringType)
      .add("source_table", DataTypes.StringType, false)
      .add("destination", DataTypes.StringType)
      .add("status", DataTypes.StringType, false)
      .add("start_offset", DataTypes.StringType)
      .add("end_offset", DataTypes.StringType)
      .add("records", DataTypes.LongType)
      .add("inserted", DataTypes.LongType)
      .add("updated", DataTypes.LongType)
      .add("deleted", DataTypes.LongType)
      .add("requests", DataTypes.LongType)
      .add("retries", DataTypes.LongType)
      .add("throttled_ms", DataTypes.LongType)
      .add("rescued", DataTypes.LongType)
      .add("error", DataTypes.StringType)
      .add("started_at", DataTypes.TimestampType)
      .add("finished_at", DataTypes.TimestampType)
      .add("notices", DataTypes.createArrayType(DataTypes.StringType))
      .add("source_count", DataTypes.LongType)
      .add("table_count", DataTypes.LongType)
      .add("count_up_to", DataTypes.TimestampType)
      .add("reconciliation", DataTypes.StringType)
      .add("table_version", DataTypes.LongType);

  private IngestionLog() {}

  /**
   * Appends one row. Appends of this JVM take turns: ingestions may run side by side on one
   * session (the demo runs its sources so), and two first appends racing to create the log would
   * make one of them fail with a concurrent-creation conflict.
   */
  static void append(SparkSession spark, Location path, TableReport r, Optional<Long> tableVersion) {
    synchronized (IngestionLog.class) {
      write(spark, path, r, tableVersion);
    }
  }

  static boolean exists(Location path) {
    return path.resolve("_delta_log").isDirectory();
  }

  private static void write(SparkSession spark, Location path, TableReport r, Optional<Long> tableVersion) {
    // The requests of an interrupted run died with its process: unknown, not zero.
    boolean spentKnown = r.status() != TableStatus.INTERRUPTED;
    Row row = RowFactory.create(
        r.runId(), r.connection(), r.sourceTable(), r.destination(), r.status().wireName(),
        r.startOffset().orElse(null), r.endOffset().orElse(null),
        r.records(), r.inserted(), r.updated(), r.deleted(),
        spentKnown ? r.requests() : null, spentKnown ? r.retries() : null, spentKnown ? r.throttledMs() : null,
        r.rescued(),
        r.error().orElse(null), Timestamp.from(r.startedAt()), Timestamp.from(r.finishedAt()),
        r.notices().isEmpty() ? null : r.notices().toArray(String[]::new),
        r.reconciliation().flatMap(Reconciliation::sourceRecords).orElse(null),
        r.reconciliation().flatMap(Reconciliation::tableRows).orElse(null),
        r.reconciliation().flatMap(Reconciliation::upTo).map(Timestamp::from).orElse(null),
        r.reconciliation().map(Reconciliation::describe).orElse(null),
        tableVersion.orElse(null));
    // mergeSchema: a log written by an earlier version lacks the notices, count and version columns.
    spark.createDataFrame(List.of(row), SCHEMA).coalesce(1)
        .write().format("delta").mode("append").option("mergeSchema", "true").save(path.uri());
  }
}
