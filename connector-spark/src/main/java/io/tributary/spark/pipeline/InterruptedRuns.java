package io.tributary.spark.pipeline;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Logs the runs that died without their ingestion-log row. A table's row is appended when the
 * table finishes, so a process killed with SIGKILL leaves Delta commits that no row counts, and
 * the sums over the log would no longer equal the table. Before a run ingests anything, this finds
 * each destination's commits after the highest {@code table_version} in the log, keeps those that
 * carry a {@link CommitTag} of a run with no row for that destination, and appends one {@code
 * interrupted} row per such run: its records and rescued values from the tags, its inserted,
 * updated and deleted rows from Delta's operation metrics, its offsets from the streaming
 * checkpoint, its times from the commits. Its requests are unknown, and logged as null. A batch
 * that changed no row made no commit, so its records are not among an interrupted run's.
 *
 * <p>It assumes one run per destination at a time, as exactly-once streaming already does: the
 * commits of a run still going would look interrupted to another run starting beside it.
 */
final class InterruptedRuns {
  private final SparkSession spark;
  private final Lakehouse lakehouse;
  private final String connection;

  InterruptedRuns(SparkSession spark, Lakehouse lakehouse, String connection) {
    this.spark = spark;
    this.lakehouse = lakehouse;
    this.connection = connection;
  }

  /** Appends an {@code interrupted} row for each run that left commits in these destinations uncounted. */
  List<TableReport> account(Map<PlannedTable, DeltaWriter> writers) {
    Location log = lakehouse.ingestionLogPath();
    Map<String, Long> logged = loggedVersions(log);
    List<TableReport> found = new ArrayList<>();
    for (Map.Entry<PlannedTable, DeltaWriter> entry : writers.entrySet()) {
      DeltaTarget target = entry.getValue().target;
      if (!target.exists(spark)) {
        continue;
      }
      Optional<Long> after = Optional.ofNullable(logged.get(target.displayName()));
      for (Uncounted run : uncounted(entry.getKey(), target, after)) {
        IngestionLog.append(spark, log, run.report(), Optional.of(run.lastVersion()));
        found.add(run.report());
      }
    }
    return found;
  }

  /** Per destination, the highest table version a row of the log counted up to. */
  private Map<String, Long> loggedVersions(Location log) {
    Map<String, Long> versions = new HashMap<>();
    if (!IngestionLog.exists(log)) {
      return versions;
    }
    Dataset<Row> rows = spark.read().format("delta").load(log.uri());
    if (!List.of(rows.columns()).contains("table_version")) {
      return versions;
    }
    for (Row row : rows.groupBy("destination").max("table_version").collectAsList()) {
      if (!row.isNullAt(0) && !row.isNullAt(1)) {
        versions.put(row.getString(0), row.getLong(1));
      }
    }
    return versions;
  }

  private List<Uncounted> uncounted(PlannedTable table, DeltaTarget target, Optional<Long> after) {
    long current = target.version(spark);
    if (after.isPresent() && after.get() >= current) {
      return List.of();
    }
    Dataset<Row> history = after.isPresent() ? target.table(spark).history((int) Math.min(Integer.MAX_VALUE, current - after.get()))
        : target.table(spark).history();
    Map<String, List<TaggedCommit>> byRun = new LinkedHashMap<>();
    for (Row row : history.filter("userMetadata IS NOT NULL")
        .select("version", "timestamp", "operation", "operationMetrics", "userMetadata")
        .orderBy("version").collectAsList()) {
      long version = row.getLong(0);
      if (after.isPresent() && version <= after.get()) {
        continue;
      }
      Optional<CommitTag> tag = CommitTag.parse(row.getString(4));
      if (tag.isPresent()) {
        Map<String, String> metrics = row.isNullAt(3) ? Map.of() : new HashMap<>(row.getJavaMap(3));
        byRun.computeIfAbsent(tag.get().runId(), r -> new ArrayList<>()).add(new TaggedCommit(tag.get(),
            new DeltaTarget.Commit(version, row.getString(2), metrics), row.getTimestamp(1).toInstant()));
      }
    }
    byRun.keySet().removeAll(runsWithRows(target, byRun.keySet()));
    List<Uncounted> runs = new ArrayList<>();
    byRun.forEach((runId, commits) -> runs.add(new Uncounted(report(table, target, runId, commits),
        commits.get(commits.size() - 1).commit().version())));
    return runs;
  }

  /** Of {@code runIds}, those the log already holds a row of for this destination. */
  private Set<String> runsWithRows(DeltaTarget target, Set<String> runIds) {
    Location log = lakehouse.ingestionLogPath();
    if (runIds.isEmpty() || !IngestionLog.exists(log)) {
      return Set.of();
    }
    Set<String> found = new HashSet<>();
    spark.read().format("delta").load(log.uri())
        .filter(col("destination").equalTo(target.displayName())
            .and(col("run_id").isin(runIds.toArray())))
        .select("run_id").distinct().collectAsList().forEach(r -> found.add(r.getString(0)));
    return found;
  }

  private TableReport report(PlannedTable table, DeltaTarget target, String runId, List<TaggedCommit> commits) {
    long records = 0;
    long rescued = 0;
    WriteCounts counts = WriteCounts.ZERO;
    for (TaggedCommit commit : commits) {
      records += commit.tag().records();
      rescued += commit.tag().rescued();
      counts = counts.plus(WriteCounts.of(commit.commit()));
    }
    List<Long> batches = commits.stream().map(c -> c.tag().batchId()).filter(b -> b >= 0).sorted().toList();
    Location checkpoint = lakehouse.checkpoint(table.spec());
    Optional<String> start = batches.isEmpty() ? Optional.empty() : TableRun.batchOffset(checkpoint, batches.get(0) - 1);
    Optional<String> end = batches.isEmpty() ? Optional.empty()
        : TableRun.batchOffset(checkpoint, batches.get(batches.size() - 1));
    String versions = commits.stream().map(c -> Long.toString(c.commit().version())).collect(Collectors.joining(", "));
    String why = "Run " + runId + " ended before it finished table '" + table.sourceTable()
        + "' (its process was killed or died) and left no row; counted from its " + commits.size()
        + (commits.size() == 1 ? " commit" : " commits") + " to " + target.displayName() + " (version"
        + (commits.size() == 1 ? " " : "s ") + versions + ")";
    return new TableReport(runId, connection, table.sourceTable(), target.displayName(), TableStatus.INTERRUPTED,
        records, counts.inserted(), counts.updated(), counts.deleted(), 0, 0, 0, rescued, start, end,
        Optional.of(why), commits.get(0).at(), commits.get(commits.size() - 1).at());
  }

  /** An interrupted run's row, and the last destination version it counts. */
  private record Uncounted(TableReport report, long lastVersion) {}

  private record TaggedCommit(CommitTag tag, DeltaTarget.Commit commit, Instant at) {}
}
