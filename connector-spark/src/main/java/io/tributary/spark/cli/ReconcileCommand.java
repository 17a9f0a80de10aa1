package io.tributary.spark.cli;

import io.tributary.api.Json;
import io.tributary.spark.pipeline.Reconciliation;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tributary reconcile --spec FILE [--connections FILE] [--warehouse DIR]}: counts every
 * table of the spec at its source and in its Delta destination, over the window the table's last
 * run committed, without ingesting. One JSON object per counted table on stdout; a line per table
 * on stderr. Exit 1 when a table differs from its source.
 */
@Command(name = "reconcile", sortOptions = false,
    description = {"Count each table of a pipeline_spec at its source and in Delta, without ingesting.",
        "Uses the connector's cheapest count (a few requests per table) over the same window: the records"
            + " whose cursor is at or before the table's committed watermark, or the whole table. Tables whose"
            + " connector cannot count them are left out.",
        "Prints one JSON object per table to stdout and a line per table to stderr; exits 1 when a table"
            + " differs from its source."})
final class ReconcileCommand implements Callable<Integer> {
  @Mixin CliOptions.Spec spec;
  @Mixin CliOptions.Warehouse warehouse;
  @Mixin CliOptions.Help help;

  private final CliStreams io;

  ReconcileCommand(CliStreams io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    IngestRun run = IngestRun.prepare(spec.specFile(), spec.connectionsFile(), warehouse.options());
    Map<String, Reconciliation> counted = run.reconcile(warehouse.session());
    boolean differs = false;
    for (Map.Entry<String, Reconciliation> entry : counted.entrySet()) {
      Reconciliation r = entry.getValue();
      io.out().println(Json.object().put("table", entry.getKey()).setAll(IngestReportJson.reconciliation(r)));
      io.err().println(entry.getKey() + ": " + r.describe());
      differs |= r.differs();
    }
    if (counted.isEmpty()) {
      io.err().println("No table of this spec can be counted by its connector.");
    }
    io.out().flush();
    return differs ? TributaryCli.TABLE_FAILED : TributaryCli.OK;
  }
}
