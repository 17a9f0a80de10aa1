package io.tributary.spark.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.tributary.api.Columns;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.api.TributaryException;
import io.tributary.spark.ReadTally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Ingests one table. Incremental tables stream {@code read=changes} with {@code
 * Trigger.AvailableNow} into {@code foreachBatch}: Spark saves a batch's offset only after the
 * batch function returns, that is after the Delta commit, and a batch replayed after a crash
 * carries the same batch id, which Delta's transaction id turns into a no-op. Snapshot tables are
 * read in one batch and merged, which is idempotent by itself.
 */
final class TableRun {
  /** The longest a failed table waits for its sibling tasks to stop, so their spend is counted. */
  private static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(10);
  /** How long no task of the executor may run before a failed table's spend is taken as final. */
  private static final java.time.Duration QUIET = java.time.Duration.ofMillis(500);

  private final SparkSession spark;
  private final String runId;
  private final String connectionName;
  private final String sourceName;
  private final Map<String, String> connectionOptions;
  private final OptionValues redaction;
  private final PlannedTable table;
  private final DeltaWriter writer;
  private final List<DeltaWriter> children;
  private final Lakehouse lakehouse;
  private final IngestionOptions options;
  private final FaultHook hook;

  /** Volatile, as the listener's live view reads it from its own thread; one thread writes it. */
  private volatile long records;
  private long rescued;
  private WriteCounts counts = WriteCounts.ZERO;
  /** The batch this run's stream replays first, if an earlier run planned it and did not finish it. */
  private Optional<Long> replay = Optional.empty();
  /** Counts the requests of this table's reads, wherever they run. */
  private volatile ReadTally tally;
  private ReadMetrics spent = ReadMetrics.ZERO;

  TableRun(SparkSession spark, String runId, SpecValidator.Plan plan, PlannedTable table, DeltaWriter writer,
      List<DeltaWriter> children, Lakehouse lakehouse, IngestionOptions options, FaultHook hook) {
    this.spark = spark;
    this.runId = runId;
    this.connectionName = plan.connection().name();
    this.sourceName = plan.connection().source();
    this.connectionOptions = plan.connection().options();
    this.redaction = plan.connectionOptions();
    this.table = table;
    this.writer = writer;
    this.children = children;
    this.lakehouse = lakehouse;
    this.options = options;
    this.hook = hook;
  }

  TableReport run() {
    Instant started = Instant.now();
    String destination = writer.target.displayName();
    options.listener().tableStarted(new ProgressListener.LiveTable(table.sourceTable(), destination,
        requestBudget(redaction), OptionalLong.empty(), this::spentSoFar, () -> records));
    Optional<String> startOffset = Optional.empty();
    Optional<String> endOffset = Optional.empty();
    TableStatus status = TableStatus.OK;
    Optional<String> error = Optional.empty();
    Location checkpoint = lakehouse.checkpoint(table.spec());
    try (ReadTally opened = ReadTally.open(spark)) {
      tally = opened;
      StructType changes = table.schema().add(Columns.RESCUED_DATA, DataTypes.StringType)
          .add(DeltaWriter.CHANGE_TYPE, DataTypes.StringType);
      writer.ensureTable(spark, changes);
      try {
        if (table.metadata().ingestionType().incremental()) {
          startOffset = committedOffset(checkpoint);
          try {
            stream(checkpoint);
          } finally {
            endOffset = committedOffset(checkpoint);
          }
        } else {
          snapshot();
        }
      } catch (Exception e) {
        awaitRunningTasks();
        throw e;
      }
    } catch (Exception e) {
      // A provider quota pause (Salesforce's max_api_usage_percent) stops the table at its last
      // committed offset on purpose: it is not a failure, and the next run resumes from there.
      status = quotaPause(e) ? TableStatus.PAUSED : TableStatus.FAILED;
      error = Optional.of(describe(e));
    } finally {
      spent = tally == null ? ReadMetrics.ZERO : tally.total();
    }
    return new TableReport(runId, connectionName, table.sourceTable(), destination, status, records,
        counts.inserted(), counts.updated(), counts.deleted(), spent.requests(), spent.retries(), spent.throttledMillis(),
        rescued, startOffset, endOffset, error, started, Instant.now());
  }

  private ReadMetrics spentSoFar() {
    ReadTally open = tally;
    return open == null ? ReadMetrics.ZERO : open.total();
  }

  /**
   * The connection's {@code requests_per_minute}. Every source that makes requests declares it with
   * a default, so it has a value exactly where the source has a budget.
   */
  private static OptionalInt requestBudget(OptionValues connection) {
    return connection.has(CommonOptions.REQUESTS_PER_MINUTE)
        ? OptionalInt.of(connection.integer(CommonOptions.REQUESTS_PER_MINUTE)) : OptionalInt.empty();
  }

  /**
   * After a failure, waits (at most {@link #SETTLE}) for tasks still running: when one partition
   * fails, Spark aborts the stage, but its sibling tasks may go on reading, and their requests are
   * this table's spend, which the tally can only count while it is open.
   */
  private void awaitRunningTasks() {
    // Quiet for a while, not for one look: a sibling task may still be launching when the first
    // look finds none running, or finish its last requests just after.
    long deadline = System.nanoTime() + SETTLE.toNanos();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline && System.nanoTime() - quietSince < QUIET.toNanos()) {
      if (runningTasks() > 0 || spark.sparkContext().statusTracker().getActiveJobIds().length > 0) {
        quietSince = System.nanoTime();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private int runningTasks() {
    int running = 0;
    for (org.apache.spark.SparkExecutorInfo executor : spark.sparkContext().statusTracker().getExecutorInfos()) {
      running += executor.numRunningTasks();
    }
    return running;
  }

  private Map<String, String> sourceOptions(String read) {
    Map<String, String> source = new HashMap<>(connectionOptions);
    source.putAll(table.spec().tableOptions());
    source.put("source", sourceName);
    source.put("tableName", table.sourceTable());
    source.put("read", read);
    source.put("strict", Boolean.toString(options.strict()));
    return source;
  }

  private void stream(Location checkpoint) throws Exception {
    String appId = Lakehouse.appId(checkpoint);
    replay = pendingBatch(checkpoint);
    Dataset<Row> changes = spark.readStream().format("tributary").options(sourceOptions("changes")).load();
    StreamingQuery query = changes.writeStream()
        .option("checkpointLocation", checkpoint.uri())
        .trigger(Trigger.AvailableNow())
        .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, batchId) -> apply(batch, batchId, Optional.of(appId)))
        .start();
    query.awaitTermination();
  }

  private void snapshot() {
    Dataset<Row> rows = spark.read().format("tributary").options(sourceOptions("records")).load()
        .withColumn(DeltaWriter.CHANGE_TYPE, lit(DeltaWriter.UPSERT));
    apply(rows, 0, Optional.empty());
  }

  private void apply(Dataset<Row> batch, long batchId, Optional<String> appId) {
    Dataset<Row> cached = batch.persist(StorageLevel.DISK_ONLY());
    try {
      Column isRescued = List.of(cached.columns()).contains(Columns.RESCUED_DATA)
          ? col(Columns.RESCUED_DATA).isNotNull() : lit(false);
      Dataset<Row> totals = cached.agg(
          sum(when(col(DeltaWriter.CHANGE_TYPE).isin(DeltaWriter.UPSERT, DeltaWriter.DELETE), 1).otherwise(0)),
          sum(when(col(DeltaWriter.CHANGE_TYPE).equalTo(DeltaWriter.DELETE), 1).otherwise(0)),
          sum(when(isRescued, 1).otherwise(0)),
          sum(lit(1)));
      Row stats = totals.first();
      long batchRecords = stats.isNullAt(0) ? 0 : stats.getLong(0);
      long batchDeletes = stats.isNullAt(1) ? 0 : stats.getLong(1);
      long batchRows = stats.isNullAt(3) ? 0 : stats.getLong(3);
      hook.at(FaultHook.Point.AFTER_READ, table.sourceTable(), batchId);
      // An empty stream batch changes nothing; nor does an empty snapshot of a table that holds
      // no row (one that holds rows is emptied by it).
      if (batchRows == 0 && (appId.isPresent() || writer.target.knownEmpty(cached.sparkSession()))) {
        return;
      }
      if (appId.isPresent() && replay.equals(Optional.of(batchId))
          && writer.target.holdsCommit(cached.sparkSession(), appId.get(), batchId)) {
        // An earlier run committed this batch and died before its checkpoint said so. Its records
        // count with that run (InterruptedRuns reads them from its commit tags), so this run neither
        // writes nor counts them again; only the children's deletes, which may not have happened, are redone.
        if (batchDeletes > 0) {
          deleteChildren(cached, Instant.now());
        }
        return;
      }
      Instant now = Instant.now();
      long batchRescued = stats.isNullAt(2) ? 0 : stats.getLong(2);
      // Tagged, so that a run killed before its ingestion-log row still has its commits counted.
      CommitTag tag = new CommitTag(runId, table.sourceTable(), appId.isPresent() ? batchId : -1,
          batchRecords, batchRescued);
      WriteCounts written = tag.around(cached.sparkSession(), () -> writer.write(cached, appId, batchId, now));
      // Counted as soon as committed: a replay of this batch by a later run is not counted again.
      records += batchRecords;
      rescued += batchRescued;
      counts = counts.plus(written);
      if (batchDeletes > 0) {
        deleteChildren(cached, now);
      }
      hook.at(FaultHook.Point.AFTER_COMMIT, table.sourceTable(), batchId);
      ReadMetrics soFar = tally.total();
      options.listener().batchApplied(new TableProgress(table.sourceTable(), writer.target.displayName(), batchId,
          batchRecords, records, written.inserted(), written.updated(), written.deleted(),
          soFar.requests(), soFar.retries(), soFar.throttledMillis()));
    } finally {
      cached.unpersist();
    }
  }

  /**
   * A deleted parent takes its children with it, in every child destination of this run. Each
   * such commit is tagged with this run and no records, so an interrupted run's account adds
   * nothing for it.
   */
  private void deleteChildren(Dataset<Row> batch, Instant now) {
    new CommitTag(runId, table.sourceTable(), -1, 0, 0).around(batch.sparkSession(), () -> {
      deleteChildrenUntagged(batch, now);
      return null;
    });
  }

  private void deleteChildrenUntagged(Dataset<Row> batch, Instant now) {
    List<String> parentKeys = table.metadata().primaryKeys();
    for (DeltaWriter child : children) {
      List<String> childColumns = child.table.metadata().childOf().orElseThrow().parentKeyColumns();
      List<Column> renamed = new ArrayList<>();
      for (int i = 0; i < childColumns.size(); i++) {
        renamed.add(col(parentKeys.get(i)).as(childColumns.get(i)));
      }
      Dataset<Row> deleted = batch.filter(col(DeltaWriter.CHANGE_TYPE).equalTo(DeltaWriter.DELETE))
          .select(renamed.toArray(Column[]::new)).distinct();
      child.deleteChildrenOf(deleted, now);
    }
  }

  /**
   * The source offset of the last committed batch: the third line of the checkpoint's offset log
   * entry whose batch id has a commit-log entry.
   */
  static Optional<String> committedOffset(Location checkpoint) {
    return lastBatch(checkpoint, "commits").flatMap(batchId -> batchOffset(checkpoint, batchId));
  }

  /** The highest batch id in the checkpoint's {@code offsets} or {@code commits} log. */
  private static Optional<Long> lastBatch(Location checkpoint, String log) {
    return checkpoint.resolve(log).children().stream()
        .map(Location::name).filter(n -> n.matches("\\d+")).map(Long::parseLong).max(Long::compare);
  }

  /**
   * The batch Spark will replay first: the last one of the offset log when the commit log does not
   * have it (its run died after planning it, perhaps after committing it to Delta).
   */
  static Optional<Long> pendingBatch(Location checkpoint) {
    Optional<Long> planned = lastBatch(checkpoint, "offsets");
    Optional<Long> committed = lastBatch(checkpoint, "commits");
    return planned.filter(p -> committed.isEmpty() || p > committed.get());
  }

  /** The source offset that batch {@code batchId} of the checkpoint ends at, if its offset log entry is there. */
  static Optional<String> batchOffset(Location checkpoint, long batchId) {
    if (batchId < 0) {
      return Optional.empty();
    }
    try {
      List<String> lines = checkpoint.resolve("offsets").resolve(Long.toString(batchId)).readString().lines().toList();
      return lines.size() > 2 ? Optional.of(lines.get(2)) : Optional.empty();
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    }
  }

  static boolean quotaPause(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof ExternalException external) {
        return external.quotaPause();
      }
    }
    return false;
  }

  private String describe(Throwable error) {
    Throwable cause = error;
    Throwable chosen = error;
    while (cause != null) {
      if (cause instanceof TributaryException) {
        chosen = cause;
        break;
      }
      chosen = cause;
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
    String message = chosen.getMessage() == null ? chosen.getClass().getSimpleName() : chosen.getMessage();
    if (!(chosen instanceof TributaryException)) {
      message = chosen.getClass().getSimpleName() + ": " + message;
    }
    return redaction.redact("Cannot ingest table '" + table.sourceTable() + "' into "
        + writer.target.displayName() + ": " + firstLines(message));
  }

  private static String firstLines(String message) {
    String[] lines = message.split("\n");
    return lines.length <= 3 ? message : String.join("\n", List.of(lines).subList(0, 3));
  }
}
