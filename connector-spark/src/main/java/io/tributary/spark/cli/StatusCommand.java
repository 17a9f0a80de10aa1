package io.tributary.spark.cli;

import io.tributary.api.UserException;
import io.tributary.spark.pipeline.Lakehouse;
import io.tributary.spark.pipeline.Location;
import org.apache.spark.sql.SparkSession;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary status --warehouse DIR [--table T]}: what the ingestion log says. Without
 * {@code --table}, the last run of each table: when, how it ended, its records, and where its
 * offset stands, in words. With it, that table's runs, newest first.
 */
@Command(name = "status", sortOptions = false,
    description = {"Show each table's last run and where its offset stands, from the warehouse's ingestion log.",
        "With --table, that table's run history, newest first."})
final class StatusCommand implements Callable<Integer> {
  @Mixin CliOptions.Warehouse warehouse;

  @Option(names = "--table", paramLabel = "TABLE",
      description = "Show this table's runs: its source table or destination (<schema>.<table>) name.")
  String table;

  @Mixin CliOptions.Help help;

  private final CliStreams io;

  StatusCommand(CliStreams io) {
    this.io = io;
  }

  /** One row of the ingestion log. */
  record LoggedRun(String runId, String sourceTable, String destination, String status, Optional<String> endOffset,
      long records, long inserted, long updated, long deleted, Optional<Long> requests, Optional<String> error,
      Instant startedAt, Instant finishedAt) {

    static LoggedRun of(Row row) {
      return new LoggedRun(row.getAs("run_id"), row.getAs("source_table"), row.getAs("destination"),
          row.getAs("status"), Optional.ofNullable(row.getAs("end_offset")), count(row, "records"),
          count(row, "inserted"), count(row, "updated"), count(row, "deleted"),
          Optional.ofNullable(row.<Long>getAs("requests")), Optional.ofNullable(row.getAs("error")),
          row.<Timestamp>getAs("started_at").toInstant(), row.<Timestamp>getAs("finished_at").toInstant());
    }

    private static long count(Row row, String field) {
      Long value = row.getAs(field);
      return value == null ? 0 : value;
    }

    String time() {
      return CliFormat.duration(Duration.between(startedAt, finishedAt));
    }
  }

  @Override
  public Integer call() {
    SparkSession spark = warehouse.session();
    Lakehouse dir = warehouse.lakehouse(spark);
    Location log = dir.ingestionLogPath();
    if (!log.resolve("_delta_log").isDirectory()) {
      throw new UserException("Cannot show the status of --warehouse " + dir.warehouse() + ": it holds no ingestion log ("
          + log + "); pass the --warehouse (and --state-location) an ingest wrote to");
    }
    List<LoggedRun> runs = spark.read().format("delta").load(log.uri())
        .collectAsList().stream()
        .map(LoggedRun::of)
        .sorted(Comparator.comparing(LoggedRun::finishedAt).thenComparing(LoggedRun::startedAt).reversed())
        .toList();
    io.out().print(table == null ? lastRuns(dir, runs) : history(dir, runs));
    io.out().flush();
    return TributaryCli.OK;
  }

  /** The newest run of each destination, sorted by destination. */
  private static String lastRuns(Lakehouse dir, List<LoggedRun> newestFirst) {
    Map<String, LoggedRun> last = new LinkedHashMap<>();
    newestFirst.stream().sorted(Comparator.comparing(LoggedRun::destination))
        .forEach(run -> last.putIfAbsent(run.destination(), run));
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("TABLE", "DESTINATION", "LAST RUN", "TIME", "STATUS", "RECORDS", "OFFSET"));
    StringBuilder errors = new StringBuilder();
    for (LoggedRun run : last.values()) {
      rows.add(List.of(run.sourceTable(), run.destination(), CliFormat.instant(run.startedAt()), run.time(),
          run.status(), String.valueOf(run.records()), offset(dir, run)));
      run.error().ifPresent(e -> errors.append(run.sourceTable()).append(": ").append(run.status()).append(": ")
          .append(TributaryCli.firstLine(e)).append('\n'));
    }
    return TextTable.render(rows) + errors;
  }

  /** Every run of {@code --table}, newest first. */
  private String history(Lakehouse dir, List<LoggedRun> newestFirst) {
    List<LoggedRun> runs = newestFirst.stream()
        .filter(r -> r.sourceTable().equals(table) || r.destination().equals(table))
        .toList();
    if (runs.isEmpty()) {
      TreeSet<String> known = new TreeSet<>();
      newestFirst.forEach(r -> known.add(r.sourceTable()));
      throw new UserException("Cannot show the runs of table '" + table + "' for --table: the ingestion log has none;"
          + " tables in it: " + String.join(", ", known));
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("RUN", "STARTED", "TIME", "STATUS", "RECORDS", "INSERTED", "UPDATED", "DELETED", "REQUESTS",
        "OFFSET AFTER"));
    StringBuilder errors = new StringBuilder();
    for (LoggedRun run : runs) {
      String id = run.runId().length() > 8 ? run.runId().substring(0, 8) : run.runId();
      rows.add(List.of(id, CliFormat.instant(run.startedAt()), run.time(), run.status(),
          String.valueOf(run.records()), String.valueOf(run.inserted()), String.valueOf(run.updated()),
          String.valueOf(run.deleted()), run.requests().map(String::valueOf).orElse("?"), offset(dir, run)));
      run.error().ifPresent(e -> errors.append(id).append(": ").append(run.status()).append(": ")
          .append(TributaryCli.firstLine(e)).append('\n'));
    }
    return TextTable.render(rows) + errors;
  }

  private static String offset(Lakehouse dir, LoggedRun run) {
    return OffsetWords.describe(run.endOffset(), checkpoint(dir, run.destination()).isDirectory());
  }

  /**
   * Where a destination's streaming checkpoint lives ({@link Lakehouse#checkpoint}): only an
   * incremental table has one, so it tells "nothing committed yet" from "read in full each run".
   */
  private static Location checkpoint(Lakehouse dir, String destination) {
    Location path = dir.checkpoints();
    for (String part : destination.split("\\.")) {
      path = path.resolve(part);
    }
    return path;
  }
}
