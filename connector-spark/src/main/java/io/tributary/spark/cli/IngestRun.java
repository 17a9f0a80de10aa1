package io.tributary.spark.cli;

import io.tributary.spark.pipeline.Connections;
import io.tributary.spark.pipeline.Ingestion;
import io.tributary.spark.pipeline.IngestionOptions;
import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.PipelineSpec;
import java.io.PrintStream;
import java.nio.file.Path;
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
  private final Path warehouse;

  private IngestRun(PipelineSpec spec, Connections connections, Path warehouse) {
    this.spec = spec;
    this.connections = connections;
    this.warehouse = warehouse;
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
    Connections fromConf = Connections.fromSparkConf(new SparkConf());
    Connections connections = connectionsFile.map(f -> Connections.load(f).orElse(fromConf)).orElse(fromConf);
    return new IngestRun(PipelineSpec.load(specFile, connections), connections, warehouse);
  }

  public PipelineSpec spec() {
    return spec;
  }

  /** Ingests every table of the spec; progress and the summary table go to {@code progress}. */
  public IngestionReport execute(SparkSession spark, PrintStream progress) {
    IngestionOptions options = IngestionOptions.at(warehouse).withListener(new ProgressPrinter(progress));
    IngestionReport report = Ingestion.run(spark, spec, connections, options);
    progress.print(IngestSummary.render(report));
    progress.flush();
    return report;
  }
}
