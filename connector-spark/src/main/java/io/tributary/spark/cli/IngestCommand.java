package io.tributary.spark.cli;

import io.tributary.spark.pipeline.IngestionReport;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary ingest --spec FILE [--connections FILE] [--warehouse DIR]}: validates the spec
 * against its connector (every problem at once, exit 2, nothing runs), then ingests each table,
 * printing progress and a summary to stderr. Exit 1 when a table failed; the other tables'
 * progress is committed all the same.
 */
@Command(name = "ingest", sortOptions = false,
    description = {"Ingest the tables of a pipeline_spec into Delta tables.",
        "Tables land under the warehouse directory at <warehouse>/<destination_schema>/<destination_table>."
            + " Runs are incremental: a rerun continues from the offsets the last run committed.",
        "After each table, where its connector can count it, the source's count and the table's are compared"
            + " over the table's committed window and shown in the summary and the ingestion log; a difference"
            + " never fails the run.",
        "Progress and the summary go to stderr."})
final class IngestCommand implements Callable<Integer> {
  @Mixin CliOptions.Spec spec;
  @Mixin CliOptions.Warehouse warehouse;

  @Option(names = "--reconcile", paramLabel = "on|off", defaultValue = "on", completionCandidates = OnOff.class,
      description = "Count each table at its source and in Delta after ingesting it (default: ${DEFAULT-VALUE}).")
  String reconcile;

  @Option(names = "--max-concurrent-tables", paramLabel = "N",
      description = "Ingest at most N tables at once (default: half the machine's cores, 1 to 4). The runs of one source"
          + " table and its child tables still go one after another; 1 runs every table in turn.")
  Integer maxConcurrentTables;

  @Option(names = "--json",
      description = "Also write the run's report as one JSON document to stdout: run id, connection, times,"
          + " status, and per table its counts, wall time, records a second, offsets, reconciliation and error.")
  boolean json;

  @Mixin CliOptions.Help help;

  private final CliStreams io;

  IngestCommand(CliStreams io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    boolean reconciled = switch (reconcile) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new UsageException("ingest", "Invalid value '" + reconcile + "' for '--reconcile': must be on or off");
    };
    if (maxConcurrentTables != null && maxConcurrentTables < 1) {
      throw new UsageException("ingest", "Invalid value '" + maxConcurrentTables
          + "' for '--max-concurrent-tables': must be at least 1");
    }
    IngestRun run = IngestRun.prepare(spec.specFile(), spec.connectionsFile(), warehouse.options());
    if (!reconciled) {
      run = run.withoutReconciliation();
    }
    if (maxConcurrentTables != null) {
      run = run.withMaxConcurrentTables(maxConcurrentTables);
    }
    IngestionReport report = run.execute(warehouse.session(), io.err());
    if (json) {
      io.out().println(IngestReportJson.render(report));
      io.out().flush();
    }
    return switch (report.status()) {
      case FAILED, INTERRUPTED -> TributaryCli.TABLE_FAILED;
      case PAUSED -> TributaryCli.PAUSED;
      case OK -> TributaryCli.OK;
    };
  }

  /** The values of {@code --reconcile}, for shell completion. */
  static final class OnOff implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("on", "off").iterator();
    }
  }
}
