package io.tributary.spark.cli;

import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.TableStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code tributary ingest --spec FILE [--connections FILE] [--warehouse DIR]}: validates the spec
 * against its connector (every problem at once, exit 2, nothing runs), then ingests each table,
 * printing progress and a summary to stderr. Exit 1 when a table failed; the other tables'
 * progress is committed all the same.
 */
final class IngestCommand {
  static final String USAGE = """
      Usage: tributary ingest --spec FILE [--connections FILE] [--warehouse DIR] [--reconcile on|off]

      Ingests the tables of a Lakeflow pipeline_spec into Delta tables under the warehouse
      directory (default ./lakehouse): <warehouse>/<destination_schema>/<destination_table>.
      Connections come from the connections file and from Spark configuration
      spark.tributary.connection.<name>.<option>. Runs are incremental: a rerun continues
      from the offsets the last run committed.
      After each table, where its connector can count it, the source's count and the table's
      are compared over the table's committed window and shown in the summary and the
      ingestion log (--reconcile off skips this; a difference never fails the run).
      Progress and the summary go to stderr. Exit codes: 0 ok, 1 a table failed, 2 bad spec
      or options (nothing ran).
      """;

  private IngestCommand() {}

  static int run(List<String> args, PrintStream err) {
    CommandLine line = CommandLine.parse("ingest", args, Set.of("spec", "connections", "warehouse", "reconcile"), Set.of());
    TablesCommand.rejectPositionals(line);
    Path spec = Path.of(line.required("spec", "the pipeline_spec JSON file to ingest"));
    Optional<Path> connections = line.optional("connections").map(Path::of);
    Path warehouse = LocalSpark.warehouse(line);
    boolean reconcile = switch (line.optional("reconcile").orElse("on")) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new UsageException("ingest", "Invalid value '" + line.optional("reconcile").get()
          + "' for --reconcile: must be on or off");
    };
    IngestRun run = IngestRun.prepare(spec, connections, warehouse);
    if (!reconcile) {
      run = run.withoutReconciliation();
    }
    IngestionReport report = run.execute(LocalSpark.session(warehouse), err);
    return switch (report.status()) {
      case FAILED, INTERRUPTED -> TributaryCli.TABLE_FAILED;
      case PAUSED -> TributaryCli.PAUSED;
      case OK -> TributaryCli.OK;
    };
  }
}
