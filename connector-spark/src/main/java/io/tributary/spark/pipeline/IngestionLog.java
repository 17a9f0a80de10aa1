package io.tributary.spark.pipeline;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

  /** The rows on their way into each log, by its location. */
  private static final Map<String, Group> GROUPS = new ConcurrentHashMap<>();

  /**
   * Appends one row, and returns once it is committed. Appends to one log take turns: ingestions
   * run tables side by side on one session (and the demo runs its sources so), and two first
   * appends racing to create the log would make one of them fail with a concurrent-creation
   * conflict. Rows that arrive while another append is being committed wait for it and go in
   * together, in one commit ({@link Group}): a log commit costs as much for one row as for ten, and
   * tables finishing together would otherwise queue behind each other's commits.
   */
  static void append(SparkSession spark, Location path, TableReport r, Optional<Long> tableVersion) {
    GROUPS.computeIfAbsent(path.uri(), uri -> new Group()).append(spark, path, row(r, tableVersion));
  }

  /**
   * The appends to one log: the thread that finds no commit under way writes every row waiting,
   * its own included, in one commit; the others wait for the commit that holds their row, and fail
   * with it.
   */
  private static final class Group {
    private final List<Pending> waiting = new ArrayList<>();
    private boolean writing;

    void append(SparkSession spark, Location path, Row row) {
      Pending mine = new Pending(row);
      List<Pending> batch;
      synchronized (this) {
        waiting.add(mine);
        boolean interrupted = false;
        // A row queued is written whatever its thread does meanwhile: the wait finishes, and an
        // interrupt is passed on after it.
        while (writing && !mine.done) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        if (mine.done) {
          mine.rethrow();
          return;
        }
        writing = true;
        batch = new ArrayList<>(waiting);
        waiting.clear();
      }
      Throwable failure = null;
      try {
        write(spark, path, batch.stream().map(p -> p.row).toList());
      } catch (Throwable e) {
        // Anything: Spark and Delta throw checked exceptions undeclared (an AnalysisException on a
        // log whose schema does not take the row), and a waiter must not take one for success.
        failure = e;
        throw e;
      } finally {
        synchronized (this) {
          for (Pending pending : batch) {
            pending.done = true;
            pending.failure = failure;
          }
          writing = false;
          notifyAll();
        }
      }
    }
  }

  /** A row and, once its commit is over, how that went. Guarded by its {@link Group}. */
  private static final class Pending {
    final Row row;
    boolean done;
    Throwable failure;

    Pending(Row row) {
      this.row = row;
    }

    /** Fails a row that another thread's commit held, with that commit's failure as the cause. */
    void rethrow() {
      if (failure != null) {
        throw new IllegalStateException("Cannot append to the ingestion log: the commit that held this table's row "
            + "failed: " + failure.getMessage(), failure);
      }
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
