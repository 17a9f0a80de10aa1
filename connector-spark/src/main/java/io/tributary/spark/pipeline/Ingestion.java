package io.tributary.spark.pipeline;

import io.tributary.api.UserException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a pipeline spec: every table of the spec is read from its connector and applied to its
 * Delta destination, exactly once, and one row per table is appended to {@code
 * _tributary.ingestion_log}. A run starts by logging earlier runs that were killed before their
 * rows, as {@code interrupted} ({@link InterruptedRuns}).
 *
 * <pre>
 * PipelineSpec spec = PipelineSpec.load(Path.of("pipeline.json"));
 * IngestionReport report = Ingestion.run(spark, spec, Connections.load(Path.of("connections.json")),
 *     IngestionOptions.at(Path.of("lakehouse")));
 * </pre>
 *
 * <p>A bad spec fails before anything runs, with a {@link UserException} listing every problem.
 * A table that fails does not stop the others, and keeps what it committed: its report says
 * {@code failed} and why, and {@link IngestionReport#status()} is FAILED.
 */
public final class Ingestion {
  private Ingestion() {}

  /**
   * Ingests every table of {@code spec}.
   *
   * @throws UserException when the spec or the connection is invalid; nothing has run then
   */
  public static IngestionReport run(SparkSession spark, PipelineSpec spec, Connections connections, IngestionOptions options) {
    return run(spark, spec, connections, options, FaultHook.NONE);
  }

  /**
   * Checks {@code spec} against its connection's connector without reading any data.
   *
   * @throws UserException listing every problem with its JSON path
   */
  public static void validate(PipelineSpec spec, Connections connections) {
    SpecValidator.planOrThrow(spec, connections);
  }

  static IngestionReport run(
      SparkSession spark, PipelineSpec spec, Connections connections, IngestionOptions options, FaultHook hook) {
    SpecValidator.Plan plan = SpecValidator.planOrThrow(spec, connections);
    Lakehouse lakehouse = new Lakehouse(options.warehouse());
    String runId = UUID.randomUUID().toString();
    Instant started = Instant.now();
    Map<PlannedTable, DeltaWriter> writers = new LinkedHashMap<>();
    for (PlannedTable table : parentsFirst(plan.tables())) {
      writers.put(table, DeltaWriter.forTable(table, target(spark, lakehouse, table.spec())));
    }
    // Before anything is written: a row per earlier run that was killed before it logged its
    // commits, so that the log counts every committed batch once.
    new InterruptedRuns(spark, lakehouse, plan.connection().name()).account(writers)
        .forEach(options.listener()::interruptedRunCounted);
    List<TableReport> reports = new ArrayList<>();
    try (AfterRun checks = new AfterRun(spark, plan, options.reconcile())) {
      runTables(spark, plan, options, hook, lakehouse, runId, started, writers, reports, checks);
    }
    lakehouse.registerAll(spark);
    return new IngestionReport(runId, plan.connection().name(), started, Instant.now(), reports);
  }

  /**
   * Counts every table of {@code spec} at its source and in its destination, without ingesting:
   * the same reconciliation a run makes after each table, on demand. Tables the connector cannot
   * count are left out.
   *
   * @throws UserException when the spec or the connection is invalid
   */
  public static Map<String, Reconciliation> reconcile(
      SparkSession spark, PipelineSpec spec, Connections connections, IngestionOptions options) {
    SpecValidator.Plan plan = SpecValidator.planOrThrow(spec, connections);
    Lakehouse lakehouse = new Lakehouse(options.warehouse());
    Map<String, Reconciliation> counted = new LinkedHashMap<>();
    try (AfterRun checks = new AfterRun(spark, plan, true)) {
      for (PlannedTable table : plan.tables()) {
        Optional<String> end = TableRun.committedOffset(lakehouse.checkpoint(table.spec()));
        checks.reconcile(table, target(spark, lakehouse, table.spec()), end)
            .ifPresent(r -> counted.put(table.sourceTable(), r));
      }
    }
    return counted;
  }

  private static void runTables(SparkSession spark, SpecValidator.Plan plan, IngestionOptions options, FaultHook hook,
      Lakehouse lakehouse, String runId, Instant started, Map<PlannedTable, DeltaWriter> writers,
      List<TableReport> reports, AfterRun checks) {
    for (Map.Entry<PlannedTable, DeltaWriter> entry : writers.entrySet()) {
      PlannedTable table = entry.getKey();
      TableReport report;
      if (budgetSpent(options, started)) {
        Instant now = Instant.now();
        report = new TableReport(runId, plan.connection().name(), table.sourceTable(), entry.getValue().target.displayName(),
            TableStatus.PAUSED, 0, 0, 0, 0, 0, 0, 0, 0, Optional.empty(), Optional.empty(),
            Optional.of("Paused table '" + table.sourceTable() + "': the run's time budget was spent; the next run continues"),
            now, now);
      } else {
        List<DeltaWriter> children = writers.entrySet().stream()
            .filter(w -> w.getKey().metadata().childOf()
                .map(c -> c.parentTable().equals(table.sourceTable())).orElse(false))
            .map(Map.Entry::getValue).toList();
        report = new TableRun(spark, runId, plan, table, entry.getValue(), children, lakehouse, options, hook).run();
        report = checks.after(table, entry.getValue().target, report);
      }
      IngestionLog.append(spark, lakehouse.ingestionLogPath(), report, tableVersion(spark, entry.getValue().target));
      reports.add(report);
      options.listener().tableFinished(report);
    }
  }

  /**
   * The destination's version as its row is written: the commits up to it are counted by this row
   * or earlier ones. Empty when the table does not exist, as for a table that failed at once.
   */
  private static Optional<Long> tableVersion(SparkSession spark, DeltaTarget target) {
    return target.exists(spark) ? Optional.of(target.version(spark)) : Optional.empty();
  }

  /** Parents run before their children, so a parent's deletes reach children read in the same run. */
  private static List<PlannedTable> parentsFirst(List<PlannedTable> tables) {
    List<PlannedTable> ordered = new ArrayList<>();
    for (PlannedTable table : tables) {
      if (table.metadata().childOf().isEmpty()) {
        ordered.add(table);
      }
    }
    for (PlannedTable table : tables) {
      if (table.metadata().childOf().isPresent()) {
        ordered.add(table);
      }
    }
    return ordered;
  }

  private static boolean budgetSpent(IngestionOptions options, Instant started) {
    return options.timeBudget().map(b -> Duration.between(started, Instant.now()).compareTo(b) >= 0).orElse(false);
  }

  /**
   * By name in the spec's catalog when the session has it (Databricks, Unity Catalog); otherwise
   * by path in the warehouse.
   */
  static DeltaTarget target(SparkSession spark, Lakehouse lakehouse, TableSpec table) {
    Optional<String> catalog = table.destinationCatalog().filter(c -> hasCatalog(spark, c));
    if (catalog.isPresent()) {
      String schema = DeltaTarget.quote(catalog.get()) + "." + DeltaTarget.quote(table.destinationSchema());
      spark.sql("CREATE SCHEMA IF NOT EXISTS " + schema);
      return DeltaTarget.named(schema + "." + DeltaTarget.quote(table.destinationTable()),
          catalog.get() + "." + table.destination());
    }
    return DeltaTarget.atPath(lakehouse.tablePath(table.destinationSchema(), table.destinationTable()), table.destination());
  }

  private static boolean hasCatalog(SparkSession spark, String catalog) {
    return catalog.equals("spark_catalog") || spark.sessionState().catalogManager().isCatalogRegistered(catalog);
  }
}
