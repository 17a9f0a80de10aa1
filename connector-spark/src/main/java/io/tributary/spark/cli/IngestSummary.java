package io.tributary.spark.cli;

import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.TableReport;
import io.tributary.spark.pipeline.TableStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The table printed at the end of an ingest: one line per table, with its wall time and the records
 * it read a second, then the failures spelled out.
 */
final class IngestSummary {
  private IngestSummary() {}

  static String render(IngestionReport report) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("TABLE", "DESTINATION", "STATUS", "INSERTED", "UPDATED", "DELETED", "RECORDS",
        "TIME", "RECORDS/S", "REQUESTS", "RETRIES", "THROTTLED", "SOURCE COUNT"));
    for (TableReport t : report.tables()) {
      long wallMs = Duration.between(t.startedAt(), t.finishedAt()).toMillis();
      rows.add(List.of(t.sourceTable(), t.destination(), t.status().wireName(),
          String.valueOf(t.inserted()), String.valueOf(t.updated()), String.valueOf(t.deleted()),
          String.valueOf(t.records()), CliFormat.duration(Duration.ofMillis(wallMs)),
          CliFormat.rate(t.records(), wallMs), String.valueOf(t.requests()), String.valueOf(t.retries()),
          CliFormat.seconds(t.throttledMs()), countColumn(t)));
    }
    StringBuilder text = new StringBuilder();
    text.append("Run ").append(report.runId()).append(" (connection ").append(report.connection()).append("), ")
        .append(CliFormat.duration(Duration.between(report.startedAt(), report.finishedAt()))).append('\n');
    text.append(TextTable.render(rows));
    for (TableReport failed : report.failures()) {
      text.append("error: table '").append(failed.sourceTable()).append("' failed: ")
          .append(failed.error().orElse("unknown error")).append('\n');
    }
    for (TableReport t : report.tables()) {
      for (String notice : t.notices()) {
        text.append("note: table '").append(t.sourceTable()).append("': ").append(notice).append('\n');
      }
      t.reconciliation().filter(r -> r.differs() || !r.counted()).ifPresent(r -> text
          .append(r.counted() ? "warning" : "note").append(": table '").append(t.sourceTable()).append("': ")
          .append(r.describe()).append('\n'));
    }
    if (report.status() == TableStatus.FAILED) {
      text.append("The other tables' progress is kept; rerun to retry the failed tables.\n");
    }
    return text.toString();
  }

  /** "equal", "6 missing", "2 more", "?" when counting failed, "-" when not counted. */
  private static String countColumn(TableReport t) {
    return t.reconciliation().map(r -> {
      if (!r.counted()) {
        return "?";
      }
      long diff = r.difference();
      return diff == 0 ? "equal" : diff > 0 ? diff + " missing" : -diff + " more";
    }).orElse("-");
  }
}
