package io.tributary.spark.cli;

import io.tributary.spark.pipeline.Connections;
import io.tributary.spark.pipeline.Ingestion;
import io.tributary.spark.pipeline.IngestionOptions;
import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.Location;
import io.tributary.spark.pipeline.PipelineSpec;
import io.tributary.spark.pipeline.Reconciliation;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * One ingestion as the CLI runs it: the spec is validated against its connector before Spark
 * starts, so a bad spec fails in a second with every problem listed; then {@link Ingestion#run}
 * with progress and a summary printed to a stream. {@code tributary ingest} and the demo both run
 * through here.
 */
public final class IngestRun {
  private final PipelineSpec spec;
  private final Connections connections;
  private final IngestionOptions base;
  private final boolean reconcile;
  private final int maxConcurrentTables;

  private IngestRun(PipelineSpec spec, Connections connections, IngestionOptions base, boolean reconcile,
      int maxConcurrentTables) {
    this.spec = spec;
    this.connections = connections;
    this.base = base;
    this.reconcile = reconcile;
    this.maxConcurrentTables = maxConcurrentTables;
  }

  /**
   * Loads and validates the spec and its connections.
   *
   * @param connectionsFile the connections file; Spark settings {@code
   *     spark.tributary.connection.*} (from {@code -D} system properties) apply as well, the file
   *     winning on a name defined in both
   * @throws io.tributary.api.UserException listing every problem of the spec and the connection
   */
  public static IngestRun prepare(Path specFile, Optional<Path> connectionsFile, Path warehouse) {
    return prepare(Location.uriOf(specFile), connectionsFile.map(Location::uriOf),
        IngestionOptions.at(warehouse));
  }

  /**
   * Loads and validates the spec and its connections, each file a local path or a Hadoop URI.
   *
   * @param where the warehouse and state location the run writes to
   */
  public static IngestRun prepare(String specFile, Optional<String> connectionsFile, IngestionOptions where) {
    Connections fromConf = Connections.fromSparkConf(new SparkConf());
    Connections connections = connectionsFile.map(f -> Connections.load(f).orElse(fromConf)).orElse(fromConf);
    return new IngestRun(PipelineSpec.load(specFile, connections), connections, where, true,
        IngestionOptions.defaultConcurrency());
  }

  /** This run without counting each table at the source and in Delta afterwards. */
  public IngestRun withoutReconciliation() {
    return new IngestRun(spec, connections, base, false, maxConcurrentTables);
  }

  /** This run ingesting at most {@code tables} tables at once. */
  public IngestRun withMaxConcurrentTables(int tables) {
    return new IngestRun(spec, connections, base, reconcile, tables);
  }

  public PipelineSpec spec() {
    return spec;
  }

  /** Ingests every table of the spec; progress and the summary table go to {@code progress}. */
  public IngestionReport execute(SparkSession spark, PrintStream progress) {
    IngestionOptions options = base.withListener(new ProgressPrinter(progress))
        .withMaxConcurrentTables(maxConcurrentTables);
    if (!reconcile) {
      options = options.withoutReconciliation();
    }
    IngestionReport report = Ingestion.run(spark, spec, connections, options);
    progress.print(IngestSummary.render(report));
    progress.flush();
    return report;
  }

  /** Counts every table of the spec at its source and in its destination, without ingesting. */
  public Map<String, Reconciliation> reconcile(SparkSession spark) {
    return Ingestion.reconcile(spark, spec, connections, base);
  }
}
