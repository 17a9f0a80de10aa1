package io.tributary.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: local[2], loopback only, no UI, two shuffle partitions, Delta
 * configured, and a warehouse in a temporary directory removed when the JVM exits. Starting Spark
 * costs seconds, so every test class in the module shares it; tests must not stop it.
 */
public final class SharedSpark {
  private static SparkSession session;
  private static Path warehouse;

  private SharedSpark() {}

  public static synchronized SparkSession spark() {
    if (session == null) {
      try {
        warehouse = Files.createTempDirectory("tributary-warehouse");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      session = SparkSession.builder()
          .appName("tributary-tests")
          .master("local[2]")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.databricks.delta.snapshotPartitions", "2")
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config("spark.sql.warehouse.dir", warehouse.toString())
          .config("spark.sql.session.timeZone", "UTC")
          // As a local session of the CLI: Hadoop's file: without a process per file.
          .config(new java.util.HashMap<String, Object>(io.tributary.spark.hadoop.LocalFiles.SPARK_CONF))
          .config(new java.util.HashMap<String, Object>(io.tributary.spark.cli.LocalSpark.INTERPRETED))
          .config(new java.util.HashMap<String, Object>(io.tributary.spark.cli.LocalSpark.DELTA_COMMITS))
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(SharedSpark::deleteWarehouse));
    }
    return session;
  }

  /** The session's warehouse directory. */
  public static synchronized Path warehouse() {
    spark();
    return warehouse;
  }

  private static void deleteWarehouse() {
    try (Stream<Path> paths = Files.walk(warehouse)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a leftover temp directory is harmless.
    }
  }
}
