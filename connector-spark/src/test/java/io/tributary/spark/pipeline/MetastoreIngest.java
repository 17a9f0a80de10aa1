package io.tributary.spark.pipeline;

import io.tributary.spark.testing.MemoryDataset;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One process of {@link MetastoreCatalogTest}: a session with Hive support on an embedded Derby
 * metastore under {@code <base>}, which ingests the memory spec by name and prints what the
 * catalog holds. {@code first} ingests the first run's data; {@code second}, in a new JVM, prints
 * whether the names survived, then ingests the changes.
 */
public final class MetastoreIngest {
  private MetastoreIngest() {}

  public static void main(String[] args) {
    String mode = args[0];
    Path base = Path.of(args[1]);
    SparkSession spark = SparkSession.builder().master("local[1]").appName("metastore-ingest")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.warehouse.dir", base.resolve("managed").toString())
        .config("spark.hadoop.javax.jdo.option.ConnectionURL",
            "jdbc:derby:;databaseName=" + base.resolve("metastore_db") + ";create=true")
        .config("spark.sql.session.timeZone", "UTC")
        // As a local session of the CLI: Hadoop's file: without a process per file.
        .config(new java.util.HashMap<String, Object>(io.tributary.spark.hadoop.LocalFiles.SPARK_CONF))
        .config(new java.util.HashMap<String, Object>(io.tributary.spark.cli.LocalSpark.INTERPRETED))
        .config(new java.util.HashMap<String, Object>(io.tributary.spark.cli.LocalSpark.DELTA_COMMITS))
        .enableHiveSupport()
        .getOrCreate();
    MemoryDataset data = MemoryData.firstRun("metastore");
    if (mode.equals("second")) {
      System.out.println("EXISTS " + spark.catalog().tableExists("crm.Tickets"));
      print(spark, "BEFORE");
      data.clock(Instant.parse("2024-06-02T00:00:00Z"));
      MemoryData.upsertAll(data, "run2-changes.jsonl");
      data.delete("tickets", Instant.parse("2024-06-01T11:00:00Z"), 2);
    }
    PipelineSpec spec = PipelineSpec.parse("{\"connection_name\": \"mem\", \"objects\": ["
        + "{\"table\": {\"source_table\": \"tickets\", \"destination_schema\": \"crm\", \"destination_table\": \"Tickets\"}},"
        + "{\"table\": {\"source_table\": \"items\", \"destination_schema\": \"crm\", \"destination_table\": \"Items_History\","
        + " \"table_configuration\": {\"scd_type\": \"SCD_TYPE_2\"}}}]}", MemoryData.connections("metastore"));
    IngestionReport report = Ingestion.run(spark, spec, MemoryData.connections("metastore"),
        IngestionOptions.at(base.resolve("lake").toString()).withStateLocation(base.resolve("state").toString())
            .withoutReconciliation());
    report.tables().forEach(t -> System.out.println("TABLE " + t.destination() + " " + t.status().wireName()
        + " " + t.error().orElse("")));
    print(spark, "AFTER");
    spark.stop();
  }

  private static void print(SparkSession spark, String when) {
    for (Row row : spark.sql("SELECT id, status FROM crm.Tickets ORDER BY id").collectAsList()) {
      System.out.println(when + " crm.Tickets " + row.get(0) + "|" + row.get(1));
    }
    for (Row row : spark.sql("SELECT id, name, __END_AT IS NULL FROM crm.Items_History ORDER BY id, name").collectAsList()) {
      System.out.println(when + " crm.Items_History " + row.get(0) + "|" + row.get(1) + "|" + row.get(2));
    }
    Row location = spark.sql("DESCRIBE DETAIL crm.Tickets").select("location").first();
    System.out.println(when + " LOCATION " + location.getString(0));
  }
}
