package io.tributary.spark.cli;

import io.tributary.api.Json;
import io.tributary.spark.pipeline.Reconciliation;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code tributary reconcile --spec FILE [--connections FILE] [--warehouse DIR]}: counts every
 * table of the spec at its source and in its Delta destination, over the window the table's last
 * run committed, without ingesting. One JSON object per counted table on stdout; a line per table
 * on stderr. Exit 1 when a table differs from its source.
 */
final class ReconcileCommand {
  static final String USAGE = """
      Usage: tributary reconcile --spec FILE [--connections FILE] [--warehouse DIR]

      Counts each table of the pipeline_spec at its source, with the connector's cheapest
      count, and in its Delta destination, over the same window: the records whose cursor is
      at or before the table's committed watermark, or the whole table. Costs a few requests
      per table. Tables whose connector cannot count them are left out.
      Prints one JSON object per table to stdout and a line per table to stderr.
      Exit codes: 0 every counted table equals its source, 1 a table differs, 2 bad spec or
      options.
      """;

  private ReconcileCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    CommandLine line = CommandLine.parse("reconcile", args, Set.of("spec", "connections", "warehouse"), Set.of());
    TablesCommand.rejectPositionals(line);
    Path spec = Path.of(line.required("spec", "the pipeline_spec JSON file whose tables to count"));
    Optional<Path> connections = line.optional("connections").map(Path::of);
    Path warehouse = LocalSpark.warehouse(line);
    IngestRun run = IngestRun.prepare(spec, connections, warehouse);
    Map<String, Reconciliation> counted = run.reconcile(LocalSpark.session(warehouse));
    boolean differs = false;
    for (Map.Entry<String, Reconciliation> entry : counted.entrySet()) {
      Reconciliation r = entry.getValue();
      var json = Json.object().put("table", entry.getKey()).put("counted", r.counted());
      r.sourceRecords().ifPresent(n -> json.put("source_count", n));
      r.tableRows().ifPresent(n -> json.put("table_count", n));
      r.upTo().ifPresent(t -> json.put("up_to", t.toString()));
      json.put("difference", r.difference()).put("detail", r.detail());
      out.println(json);
      err.println(entry.getKey() + ": " + r.describe());
      differs |= r.differs();
    }
    if (counted.isEmpty()) {
      err.println("No table of this spec can be counted by its connector.");
    }
    out.flush();
    return differs ? TributaryCli.TABLE_FAILED : TributaryCli.OK;
  }
}
