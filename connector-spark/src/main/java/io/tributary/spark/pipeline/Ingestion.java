package io.tributary.spark.pipeline;

import io.tributary.api.TableMetadata;
import io.tributary.api.UserException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
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
    Lakehouse lakehouse = Lakehouse.of(spark, options);
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
    List<CompletableFuture<Void>> logged = java.util.Collections.synchronizedList(new ArrayList<>());
    try (AfterRun checks = new AfterRun(spark, plan, options.reconcile())) {
      runTables(spark, plan, options, hook, lakehouse, runId, started, writers, reports, checks, logged);
    } finally {
      // The rows still queued are committed before the run returns, even when it failed.
      IngestionLog.flush(lakehouse.ingestionLogPath());
    }
    IngestionLog.await(logged);
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
    Lakehouse lakehouse = Lakehouse.of(spark, options);
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

  /**
   * Runs the tables, up to {@link IngestionOptions#maxConcurrentTables} at once on the session.
   * The runs of one source table and of its child tables form a chain that runs one after
   * another, parents first: a parent's deletes reach its children before they are read, and no
   * two runs write one destination at once. Each table still fails alone. Reports come back in
   * the order the tables would run one at a time.
   */
  private static void runTables(SparkSession spark, SpecValidator.Plan plan, IngestionOptions options, FaultHook hook,
      Lakehouse lakehouse, String runId, Instant started, Map<PlannedTable, DeltaWriter> writers,
      List<TableReport> reports, AfterRun checks, List<CompletableFuture<Void>> logged) {
    if (options.maxConcurrentTables() == 1) {
      // One at a time, on this thread, in the order above.
      for (PlannedTable table : writers.keySet()) {
        reports.add(runTable(spark, plan, options, hook, lakehouse, runId, started, writers, table, checks, logged));
      }
      return;
    }
    IngestionOptions shared = options.withListener(oneAtATime(options.listener()));
    ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrentTables(), tableThreads());
    try {
      Map<String, CompletableFuture<?>> chains = new HashMap<>();
      List<CompletableFuture<TableReport>> runs = new ArrayList<>();
      for (PlannedTable table : writers.keySet()) {
        String chain = table.metadata().childOf().map(TableMetadata.ChildOf::parentTable).orElse(table.sourceTable());
        CompletableFuture<?> previous = chains.getOrDefault(chain, CompletableFuture.completedFuture(null));
        CompletableFuture<TableReport> run = previous.handle((r, e) -> null).thenApplyAsync(ignored ->
            runTable(spark, plan, shared, hook, lakehouse, runId, started, writers, table, checks, logged), pool);
        chains.put(chain, run);
        runs.add(run);
      }
      for (CompletableFuture<TableReport> run : runs) {
        reports.add(run.join());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static TableReport runTable(SparkSession spark, SpecValidator.Plan plan, IngestionOptions options,
      FaultHook hook, Lakehouse lakehouse, String runId, Instant started, Map<PlannedTable, DeltaWriter> writers,
      PlannedTable table, AfterRun checks, List<CompletableFuture<Void>> logged) {
    DeltaWriter writer = writers.get(table);
    TableReport report;
    if (budgetSpent(options, started)) {
      Instant now = Instant.now();
      report = new TableReport(runId, plan.connection().name(), table.sourceTable(), writer.target.displayName(),
          TableStatus.PAUSED, 0, 0, 0, 0, 0, 0, 0, 0, Optional.empty(), Optional.empty(),
          Optional.of("Paused table '" + table.sourceTable() + "': the run's time budget was spent; the next run continues"),
          now, now);
    } else {
      List<DeltaWriter> children = writers.entrySet().stream()
          .filter(w -> w.getKey().metadata().childOf()
              .map(c -> c.parentTable().equals(table.sourceTable())).orElse(false))
          .map(Map.Entry::getValue).toList();
      report = new TableRun(spark, runId, plan, table, writer, children, lakehouse, options, hook).run();
      synchronized (checks) {
        report = checks.after(table, writer.target, report);
      }
    }
    logged.add(IngestionLog.queue(spark, lakehouse.ingestionLogPath(), report, tableVersion(spark, writer.target)));
    options.listener().tableFinished(report);
    return report;
  }

  /** Table runs on threads of their own, named for thread dumps; daemons, so they never hold the JVM. */
  private static ThreadFactory tableThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "tributary-table-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** {@code listener}, called by one table at a time, so a listener written for one table stays correct. */
  private static ProgressListener oneAtATime(ProgressListener listener) {
    Object lock = new Object();
    return (ProgressListener) Proxy.newProxyInstance(ProgressListener.class.getClassLoader(),
        new Class<?>[] {ProgressListener.class}, (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(listener, args);
          }
          synchronized (lock) {
            try {
              return method.invoke(listener, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          }
        });
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
   * Where {@code table} is written: by its qualified name through the session's catalog when the
   * spec gives a {@code destination_catalog} (Unity Catalog, a Hive metastore, any catalog plugin),
   * or when the session has a metastore of its own ({@code spark.sql.catalogImplementation=hive});
   * otherwise by path in the warehouse, since an in-memory catalog forgets names with its JVM.
   *
   * @throws UserException when the spec names a catalog the session does not have
   */
  static DeltaTarget target(SparkSession spark, Lakehouse lakehouse, TableSpec table) {
    Optional<String> catalog = table.destinationCatalog();
    if (catalog.isPresent() && !hasCatalog(spark, catalog.get())) {
      throw new UserException("Cannot write " + catalog.get() + "." + table.destination() + ": destination_catalog '"
          + catalog.get() + "' is not a catalog of this Spark session; configure spark.sql.catalog."
          + catalog.get() + " (or run where the catalog exists, as Unity Catalog on Databricks), or remove"
          + " destination_catalog to write by path under the warehouse");
    }
    if (catalog.isEmpty() && !hasMetastore(spark)) {
      return DeltaTarget.atPath(lakehouse.tablePath(table.destinationSchema(), table.destinationTable()),
          table.destination());
    }
    String schema = catalog.map(c -> DeltaTarget.quote(c) + ".").orElse("") + DeltaTarget.quote(table.destinationSchema());
    spark.sql("CREATE SCHEMA IF NOT EXISTS " + schema);
    return DeltaTarget.named(schema + "." + DeltaTarget.quote(table.destinationTable()),
        catalog.map(c -> c + ".").orElse("") + table.destination());
  }

  /** True when the session's own catalog persists names, as a Hive metastore does. */
  static boolean hasMetastore(SparkSession spark) {
    return spark.conf().get("spark.sql.catalogImplementation", "in-memory").equals("hive");
  }

  private static boolean hasCatalog(SparkSession spark, String catalog) {
    return catalog.equals("spark_catalog") || spark.sessionState().catalogManager().isCatalogRegistered(catalog);
  }
}
