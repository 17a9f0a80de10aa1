package io.tributary.examples.demo;

import io.tributary.spark.pipeline.TableReport;
import io.tributary.spark.pipeline.TableStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The demo's closing output: both runs side by side per table, and the sample query. */
final class DemoSummary {
  private DemoSummary() {}

  static String changes(DemoRun run) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("TABLE", "RUN 1", "INSERTED", "UPDATED", "DELETED", "RUN 2", "INSERTED", "UPDATED", "DELETED"));
    for (DemoRun.SourceRun source : run.sources()) {
      for (TableReport first : source.first().tables()) {
        TableReport second = source.second().table(first.sourceTable());
        rows.add(List.of(first.destination(),
            first.status().wireName(), count(first.inserted()), count(first.updated()), count(first.deleted()),
            second.status().wireName(), count(second.inserted()), count(second.updated()), count(second.deleted())));
      }
    }
    StringBuilder text = new StringBuilder(render(rows));
    for (DemoRun.SourceRun source : run.sources()) {
      for (TableReport failed : source.first().failures()) {
        text.append("error: run 1, ").append(failed.destination()).append(": ").append(failed.error().orElse("")).append('\n');
      }
      for (TableReport failed : source.second().failures()) {
        text.append("error: run 2, ").append(failed.destination()).append(": ").append(failed.error().orElse("")).append('\n');
      }
    }
    return text.toString();
  }

  /** Row counts of every table that ingested, in one query. */
  static String sampleQuery(DemoRun run) {
    List<String> parts = new ArrayList<>();
    for (DemoRun.SourceRun source : run.sources()) {
      for (TableReport table : source.second().tables()) {
        if (table.status() == TableStatus.OK) {
          parts.add("SELECT '" + table.destination() + "' AS table_name, COUNT(*) AS row_count FROM " + table.destination());
        }
      }
    }
    return parts.isEmpty() ? "SELECT 'no table ingested' AS table_name, 0 AS row_count"
        : String.join(" UNION ALL ", parts) + " ORDER BY table_name";
  }

  /** A query to try next: the first rows of the first table. */
  static String exampleQuery(DemoRun run) {
    return run.sources().stream()
        .flatMap(s -> s.second().tables().stream())
        .findFirst()
        .map(t -> "SELECT * FROM " + t.destination() + " LIMIT 5")
        .orElse("SHOW TABLES");
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

  private static String count(long n) {
    return String.valueOf(n);
  }

  /** Plain columns, numbers right-aligned. */
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
        line.append(cell.matches("-?\\d+") ? pad + cell : cell + pad).append(c < columns - 1 ? "  " : "");
      }
      return line.toString().stripTrailing();
    }).collect(Collectors.joining("\n", "", "\n"));
  }
}
