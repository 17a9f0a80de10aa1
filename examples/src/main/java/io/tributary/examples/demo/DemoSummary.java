package io.tributary.examples.demo;

import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.TableReport;
import io.tributary.spark.pipeline.TableStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The demo's closing output, short enough to read at a glance: one line per source and run, the
 * slowest tables, and the result of the sample query.
 */
final class DemoSummary {
  static final int SLOWEST = 5;
  private static final Comparator<TableReport> SLOWEST_FIRST =
      Comparator.comparing(DemoSummary::elapsed, Comparator.reverseOrder()).thenComparing(TableReport::destination);

  private DemoSummary() {}

  /** Per source and run: tables ingested, rows inserted, updated and deleted, and wall time; then any error. */
  static String changes(DemoRun run) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("SOURCE", "RUN", "TABLES", "INSERTED", "UPDATED", "DELETED", "TIME"));
    for (DemoRun.SourceRun source : run.sources()) {
      rows.add(sourceRow(source.source(), 1, source.first()));
      rows.add(sourceRow(source.source(), 2, source.second()));
    }
    StringBuilder text = new StringBuilder(render(rows));
    for (DemoRun.SourceRun source : run.sources()) {
      appendFailures(text, 1, source.first());
      appendFailures(text, 2, source.second());
    }
    return text.toString();
  }

  /** The {@value SLOWEST} tables that took longest in either run, slowest first. */
  static String slowestTables(DemoRun run) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("TABLE", "RUN", "RECORDS", "REQUESTS", "TIME"));
    record Timed(int run, TableReport table) {}
    List<Timed> all = new ArrayList<>();
    for (DemoRun.SourceRun source : run.sources()) {
      source.first().tables().forEach(t -> all.add(new Timed(1, t)));
      source.second().tables().forEach(t -> all.add(new Timed(2, t)));
    }
    all.stream()
        .sorted(Comparator.comparing(Timed::table, SLOWEST_FIRST))
        .limit(SLOWEST)
        .forEach(t -> rows.add(List.of(t.table().destination(), String.valueOf(t.run()),
            String.valueOf(t.table().records()), String.valueOf(t.table().requests()), seconds(elapsed(t.table())))));
    return render(rows);
  }

  /** The destination tables that ingested in both runs, in the order they were listed. */
  static List<String> ingested(DemoRun run) {
    List<String> tables = new ArrayList<>();
    for (DemoRun.SourceRun source : run.sources()) {
      for (TableReport first : source.first().tables()) {
        TableReport second = source.second().table(first.sourceTable());
        if (first.status() == TableStatus.OK && second.status() == TableStatus.OK) {
          tables.add(first.destination());
        }
      }
    }
    return tables;
  }

  /** The query, indented one clause a line. */
  static String indented(SampleQuery query) {
    return query.sql().lines().map(line -> "  " + line).collect(Collectors.joining("\n", "", "\n"));
  }

  static String queryResult(Dataset<Row> result) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of(result.columns()));
    for (Row row : result.collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        cells.add(String.valueOf(row.get(i)));
      }
      rows.add(cells);
    }
    return render(rows);
  }

  private static List<String> sourceRow(String source, int runNumber, IngestionReport report) {
    long ok = report.tables().stream().filter(t -> t.status() == TableStatus.OK).count();
    int all = report.tables().size();
    return List.of(source, String.valueOf(runNumber),
        ok == all ? String.valueOf(all) : ok + " of " + all,
        String.valueOf(report.tables().stream().mapToLong(TableReport::inserted).sum()),
        String.valueOf(report.tables().stream().mapToLong(TableReport::updated).sum()),
        String.valueOf(report.tables().stream().mapToLong(TableReport::deleted).sum()),
        seconds(between(report.startedAt(), report.finishedAt())));
  }

  private static void appendFailures(StringBuilder text, int runNumber, IngestionReport report) {
    for (TableReport failed : report.failures()) {
      text.append("error: run ").append(runNumber).append(", ").append(failed.destination()).append(": ")
          .append(failed.error().orElse("")).append('\n');
    }
  }

  private static Duration elapsed(TableReport table) {
    return between(table.startedAt(), table.finishedAt());
  }

  /** Zero when either end is unknown, as for a table that failed before it started. */
  private static Duration between(Instant start, Instant end) {
    return start == null || end == null || end.isBefore(start) ? Duration.ZERO : Duration.between(start, end);
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  /** Plain columns; numbers, and times in seconds, right-aligned. */
  static String render(List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    return rows.stream().map(row -> {
      StringBuilder line = new StringBuilder("  ");
      for (int c = 0; c < columns; c++) {
        String cell = row.get(c);
        String pad = " ".repeat(widths[c] - cell.length());
        line.append(cell.matches("-?\\d+(\\.\\d+)?( s)?") ? pad + cell : cell + pad).append(c < columns - 1 ? "  " : "");
      }
      return line.toString().stripTrailing();
    }).collect(Collectors.joining("\n", "", "\n"));
  }
}
