package io.tributary.spark.cli;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * The SparkSession the CLI and the demo run on. When the JVM already has one (a test suite's
 * shared session, a notebook), it is reused; otherwise a local session is started with Delta,
 * loopback-only networking, no UI, and UTC as the session time zone, so timestamps print the same
 * on every machine.
 */
public final class LocalSpark {
  /** The lakehouse directory when {@code --warehouse} is not given. */
  public static final String DEFAULT_WAREHOUSE = "lakehouse";

  private LocalSpark() {}

  public static SparkSession session(Path warehouse) {
    Option<SparkSession> active = SparkSession.getActiveSession();
    if (active.isDefined()) {
      return active.get();
    }
    Option<SparkSession> existing = SparkSession.getDefaultSession();
    if (existing.isDefined()) {
      return existing.get();
    }
    int cores = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    return SparkSession.builder()
        .appName("tributary")
        .master("local[" + cores + "]")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        // Ingestion batches are small; the default 200 shuffle partitions cost seconds per MERGE.
        .config("spark.sql.shuffle.partitions", String.valueOf(cores))
        .config("spark.databricks.delta.snapshotPartitions", String.valueOf(cores))
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.warehouse.dir", warehouse.toAbsolutePath().resolve("_spark_warehouse").toString())
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
  }
}
