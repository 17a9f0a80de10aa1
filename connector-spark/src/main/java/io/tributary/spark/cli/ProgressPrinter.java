package io.tributary.spark.cli;

import io.tributary.spark.pipeline.ProgressListener;
import io.tributary.spark.pipeline.TableProgress;
import io.tributary.spark.pipeline.TableReport;
import io.tributary.spark.pipeline.TableStatus;
import java.io.PrintStream;

/**
 * Prints each table's progress to stderr as batches land: records so far, requests (one per page,
 * plus retries), and time spent waiting on rate limits, so a long backfill shows it is moving and
 * why it may be slow.
 */
final class ProgressPrinter implements ProgressListener {
  private final PrintStream err;

  ProgressPrinter(PrintStream err) {
    this.err = err;
  }

  @Override
  public void tableStarted(String sourceTable, String destination) {
    err.println("[" + sourceTable + "] ingesting into " + destination);
    err.flush();
  }

  @Override
  public void batchApplied(TableProgress p) {
    err.println("[" + p.sourceTable() + "] batch " + p.batch() + ": " + p.records() + " records ("
        + p.totalRecords() + " so far), " + p.requests() + " requests"
        + (p.retries() > 0 ? ", " + p.retries() + " retries" : "")
        + (p.throttledMs() > 0 ? ", waited " + seconds(p.throttledMs()) + " on rate limits" : ""));
    err.flush();
  }

  @Override
  public void tableFinished(TableReport r) {
    String outcome = switch (r.status()) {
      case OK -> "done";
      case PAUSED -> "PAUSED, the next run continues from here: " + r.error().orElse("paused");
      case FAILED -> "FAILED: " + r.error().orElse("unknown error");
      case INTERRUPTED -> "INTERRUPTED";
    };
    err.println("[" + r.sourceTable() + "] " + outcome + (r.status() == TableStatus.FAILED ? ""
        : ": " + r.inserted() + " inserted, " + r.updated() + " updated, " + r.deleted() + " deleted"));
    err.flush();
  }

  @Override
  public void interruptedRunCounted(TableReport r) {
    err.println("[" + r.sourceTable() + "] run " + r.runId() + " was interrupted; logged what it committed: "
        + r.inserted() + " inserted, " + r.updated() + " updated, " + r.deleted() + " deleted");
    err.flush();
  }

  static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
