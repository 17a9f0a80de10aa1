package io.tributary.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of this module's test JVM (local[2], loopback, no UI, two shuffle
 * partitions, Delta). The CLI and the demo pick it up as the active session; tests never stop it.
 */
public final class ExamplesSpark {
  private static SparkSession session;

  private ExamplesSpark() {}

  public static synchronized SparkSession spark() {
    if (session == null) {
      try {
        session = SparkSession.builder()
            .appName("tributary-examples-tests")
            .master("local[2]")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.databricks.delta.snapshotPartitions", "2")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.warehouse.dir", Files.createTempDirectory("tributary-examples").toString())
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return session;
  }
}
