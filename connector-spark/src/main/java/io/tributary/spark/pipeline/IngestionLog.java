package io.tributary.spark.pipeline;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta table {@code _tributary.ingestion_log}: one row per table per run, queued as each
 * table finishes and committed within {@link #LINGER}, so the rows of finished tables survive a
 * crash later in the run. A run killed before a table's row is committed gets its row from the
 * next run ({@link InterruptedRuns}), so every committed batch is counted exactly once. {@code table_version} is the destination's Delta
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

  /** The rows on their way into each log, by its location. */
  private static final Map<String, Group> GROUPS = new ConcurrentHashMap<>();

  /**
   * How long a queued row waits for others before its commit. A log commit costs as much for one
   * row as for ten (a write job, a Delta commit, a checkpoint every tenth), and a run's tables,
   * or the tables of ingestions side by side on one session (as in the demo), finish a second or
   * two apart: measured on the demo, 118 commits for 128 rows when each row was committed as its
   * table finished.
   */
  static final Duration LINGER = Duration.ofSeconds(2);

  /**
   * Every log's commits, one at a time: two first appends racing to create a log would make one
   * of them fail with a concurrent-creation conflict. A daemon, so it never holds the JVM.
   */
  private static final ScheduledExecutorService WRITER = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "tributary-ingestion-log");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * Queues one row: it is committed within {@link #LINGER}, with the rows queued meanwhile, or
   * sooner by {@link #flush}. The future completes when its commit is done, and fails with it. A
   * run queues each table's row as the table finishes, so the rows of finished tables survive a
   * crash later in the run (but for the last {@link #LINGER}, whose tables {@link InterruptedRuns}
   * accounts for), and flushes before it returns.
   */
  static CompletableFuture<Void> queue(SparkSession spark, Location path, TableReport r, Optional<Long> tableVersion) {
    return group(path).queue(spark, row(r, tableVersion));
  }

  /** Commits the rows queued for {@code path} now, and returns once they are committed or failed. */
  static void flush(Location path) {
    group(path).flush();
  }

  /** Appends one row and returns once it is committed. */
  static void append(SparkSession spark, Location path, TableReport r, Optional<Long> tableVersion) {
    CompletableFuture<Void> committed = queue(spark, path, r, tableVersion);
    flush(path);
    committed.join();
  }

  /**
   * Waits for {@code rows}, queued by {@link #queue}: throws the first failure, as an unchecked
   * exception saying which log could not take them.
   */
  static void await(List<CompletableFuture<Void>> rows) {
    for (CompletableFuture<Void> row : rows) {
      try {
        row.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
      }
    }
  }

  private static Group group(Location path) {
    return GROUPS.computeIfAbsent(path.uri(), uri -> new Group(path));
  }

  /** The rows queued for one log, written by {@link #WRITER}, all that are waiting in one commit. */
  private static final class Group {
    private final Location path;
    /** Guarded by this. */
    private final List<Pending> waiting = new ArrayList<>();
    /** Whether a write of the waiting rows is scheduled. Guarded by this. */
    private boolean scheduled;

    Group(Location path) {
      this.path = path;
    }

    CompletableFuture<Void> queue(SparkSession spark, Row row) {
      Pending pending = new Pending(spark, row);
      synchronized (this) {
        waiting.add(pending);
        if (!scheduled) {
          scheduled = true;
          WRITER.schedule(this::write, LINGER.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
      return pending.committed;
    }

    /** Writes what is waiting now, on the writer, and waits for it (and for any write before it). */
    void flush() {
      try {
        WRITER.submit(this::write).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while committing the ingestion log " + path, e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("Cannot commit the ingestion log " + path + ": " + e.getCause(), e.getCause());
      }
    }

    /** On the writer only: one commit of every row waiting; each row's future completes with it. */
    private void write() {
      List<Pending> batch;
      synchronized (this) {
        batch = new ArrayList<>(waiting);
        waiting.clear();
        scheduled = false;
      }
      if (batch.isEmpty()) {
        return;
      }
      SparkSession spark = batch.get(batch.size() - 1).spark;
      try {
        SparkSession.setActiveSession(spark);
        IngestionLog.write(spark, path, batch.stream().map(p -> p.row).toList());
        batch.forEach(p -> p.committed.complete(null));
      } catch (Throwable e) {
        // Anything: Spark and Delta throw checked exceptions undeclared (an AnalysisException on a
        // log whose schema does not take the row), and no table may take a failure for success.
        IllegalStateException failed = new IllegalStateException("Cannot append to the ingestion log " + path
            + ": the commit that held this table's row failed: " + e.getMessage(), e);
        batch.forEach(p -> p.committed.completeExceptionally(failed));
      }
    }
  }

  /** A row, the session that queued it, and its commit's outcome. */
  private record Pending(SparkSession spark, Row row, CompletableFuture<Void> committed) {
    Pending(SparkSession spark, Row row) {
      this(spark, row, new CompletableFuture<>());
    }
  }

  static boolean exists(Location path) {
    return path.resolve("_delta_log").isDirectory();
  }

  private static Row row(TableReport r, Optional<Long> tableVersion) {
    // The requests of an interrupted run died with its process: unknown, not zero.
    boolean spentKnown = r.status() != TableStatus.INTERRUPTED;
    return RowFactory.create(
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
  }

  private static void write(SparkSession spark, Location path, List<Row> rows) {
    // mergeSchema: a log written by an earlier version lacks the notices, count and version columns.
    spark.createDataFrame(rows, SCHEMA).coalesce(1)
        .write().format("delta").mode("append").option("mergeSchema", "true").save(path.uri());
  }
}
