package io.tributary.spark.cli;

import io.tributary.spark.pipeline.Location;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * The SparkSession the CLI and the demo run on, in this order:
 *
 * <ol>
 *   <li>the session this JVM already has: a notebook's, a Databricks JAR task's, a test suite's;
 *   <li>a session on the master Spark was given: {@code spark.master} as set by {@code
 *       spark-submit --master}, by {@code --conf}, or by {@code -Dspark.master=...}, or the
 *       command line's {@code --master}. Spark's other settings from there are kept as given;
 *       Tributary adds only Delta's extension and catalog when they are not set;
 *   <li>when nothing is configured, a local session on up to four cores with Delta, loopback-only
 *       networking and no UI.
 * </ol>
 *
 * UTC is the session time zone unless one is configured, so timestamps print the same on every
 * machine.
 */
public final class LocalSpark {
  /** The lakehouse directory when {@code --warehouse} is not given. */
  public static final String DEFAULT_WAREHOUSE = "lakehouse";

  private LocalSpark() {}

  /** The session for {@code warehouse}, on the configured master or else a local one. */
  public static SparkSession session(Path warehouse) {
    return session(Location.uriOf(warehouse), Optional.empty());
  }

  /**
   * The session for {@code warehouse}; {@code master}, when given, is the command line's {@code
   * --master} and wins over {@code spark.master}. An existing session is reused as it is.
   */
  public static SparkSession session(String warehouse, Optional<String> master) {
    Option<SparkSession> active = SparkSession.getActiveSession();
    if (active.isDefined()) {
      return active.get();
    }
    Option<SparkSession> existing = SparkSession.getDefaultSession();
    if (existing.isDefined()) {
      return existing.get();
    }
    // Loads every spark.* system property, which is how spark-submit passes --master and --conf.
    SparkConf configured = new SparkConf();
    master.ifPresent(m -> configured.setMaster(m));
    SparkSession.Builder builder = SparkSession.builder().config(configured).appName(
        configured.get("spark.app.name", "tributary"));
    setIfAbsent(builder, configured, "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    setIfAbsent(builder, configured, "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    setIfAbsent(builder, configured, "spark.sql.session.timeZone", "UTC");
    if (configured.contains("spark.master")) {
      return builder.getOrCreate();
    }
    int cores = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    builder.master("local[" + cores + "]");
    setIfAbsent(builder, configured, "spark.driver.host", "127.0.0.1");
    setIfAbsent(builder, configured, "spark.driver.bindAddress", "127.0.0.1");
    setIfAbsent(builder, configured, "spark.ui.enabled", "false");
    setIfAbsent(builder, configured, "spark.ui.showConsoleProgress", "false");
    // Ingestion batches are small; the default 200 shuffle partitions cost seconds per MERGE.
    setIfAbsent(builder, configured, "spark.sql.shuffle.partitions", String.valueOf(cores));
    setIfAbsent(builder, configured, "spark.databricks.delta.snapshotPartitions", String.valueOf(cores));
    // Hadoop's file: without a chmod or readlink process per file (LocalFiles).
    io.tributary.spark.hadoop.LocalFiles.SPARK_CONF.forEach((key, value) -> setIfAbsent(builder, configured, key, value));
    INTERPRETED.forEach((key, value) -> setIfAbsent(builder, configured, key, value));
    DELTA_COMMITS.forEach((key, value) -> setIfAbsent(builder, configured, key, value));
    RETAINED.forEach((key, value) -> setIfAbsent(builder, configured, key, value));
    // Where a local session's catalog puts a managed table: the warehouse, not the working directory.
    setIfAbsent(builder, configured, "spark.sql.warehouse.dir", warehouse.replaceAll("/+$", "") + "/_spark_warehouse");
    return builder.getOrCreate();
  }

  /**
   * Queries run interpreted, without Java code generated and compiled for each of them. A table's
   * run plans dozens of small queries (a batch's counts, the MERGE and its look for rows to change,
   * Delta's statistics and log reads, the ingestion log's row), each over a batch of at most a few
   * thousand rows, so compiling their code costs more than it saves: measured on the Zendesk demo
   * (22 tables, two runs), 65.8 s with these settings against 83.6 s without, and a quarter of the
   * process's CPU samples were in the Java compiler. Spark falls back to the same interpreted path
   * whenever code generation fails, so results are the same. Local sessions only, and only where
   * the user has not set them: a cluster keeps Spark's defaults.
   */
  public static final java.util.Map<String, String> INTERPRETED = java.util.Map.of(
      "spark.sql.codegen.wholeStage", "false",
      "spark.sql.codegen.factoryMode", "NO_CODEGEN");

  /**
   * Delta commits without the table's file list in each commit's checksum file. Delta keeps the
   * list there for small tables, derived at each commit from the previous checksum's; when that has
   * none, as after a table's creation, after a MERGE and in every checksum of Tributary's tables
   * looked at, each commit lists the previous version's files with a Spark job (a state
   * reconstruction) of its own. A run makes a handful of small commits to each of many tables, so
   * those jobs cost more than the listings they could spare: measured on the demo (64 tables, two
   * runs, one JVM), 231 s of CPU and 120 s of wall time against 262 s and 135 s with Delta's
   * default. Local sessions only, and only where the user has not set it: a cluster keeps Delta's
   * defaults.
   */
  public static final java.util.Map<String, String> DELTA_COMMITS = java.util.Map.of(
      "spark.databricks.delta.allFilesInCrc.enabled", "false");

  /**
   * How much of its history a local session keeps for a UI it does not show. Spark's status store
   * keeps the last 1,000 SQL executions (each with its plan's text and graph), jobs and stages,
   * and a long ingest runs several queries per micro-batch: with Spark's defaults its heap grows
   * with its length. Measured on the benchmarks' 1,000,000-record backfill (P6, 200 batches): 137
   * MB live a third of the way in and rising with the defaults, at most 116 MB over the whole run
   * with these. The plan text each SQL execution hands the UI is Spark's simple one, not the
   * formatted one, whose numbering of the plan's operators took 2% of the demo's CPU samples. Local
   * sessions only, and only where the user has not set them.
   */
  public static final java.util.Map<String, String> RETAINED = java.util.Map.of(
      "spark.sql.ui.explainMode", "simple",
      "spark.sql.ui.retainedExecutions", "20",
      "spark.ui.retainedJobs", "50",
      "spark.ui.retainedStages", "50",
      "spark.ui.retainedTasks", "1000",
      "spark.sql.streaming.ui.retainedQueries", "20",
      "spark.sql.streaming.ui.retainedProgressUpdates", "20");

  private static void setIfAbsent(SparkSession.Builder builder, SparkConf configured, String key, String value) {
    if (!configured.contains(key)) {
      builder.config(key, value);
    }
  }
}
