package io.tributary.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Connector;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.PartitionedReads;
import io.tributary.api.ReadPartition;
import io.tributary.examples.demo.sources.FreshserviceDemoSource;
import io.tributary.source.freshservice.FreshserviceConnectorFactory;
import io.tributary.spark.pipeline.Connections;
import io.tributary.spark.pipeline.Ingestion;
import io.tributary.spark.pipeline.IngestionOptions;
import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.PipelineSpec;
import io.tributary.spark.pipeline.TableStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A backfill of Freshservice tickets planned as windows of updated_at, read by Spark tasks in
 * parallel into Delta, equals the simulator; an incremental run after updates, inserts and deletes
 * continues from the plan's end offset and equals it again. The tests build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FreshservicePartitionedBackfillTest {
  /** Small pages, so the simulator's tickets span enough pages to be split four ways. */
  private static final Map<String, String> TABLE_OPTIONS = Map.of("per_page", "10", "max_partitions", "4");
  private static FreshserviceDemoSource source;
  private static Map<String, String> connection;
  private static Path warehouse;
  private static Connections connections;

  @BeforeAll
  static void start() throws Exception {
    source = new FreshserviceDemoSource();
    connection = source.start();
    Path dir = Files.createTempDirectory("freshservice-partitioned");
    warehouse = dir.resolve("lakehouse");
    Path file = dir.resolve("connections.json");
    Files.writeString(file, Json.MAPPER.writeValueAsString(
        Map.of("freshservice_sim", Map.of("source", "freshservice", "options", connection))));
    connections = Connections.load(file);
  }

  @AfterAll
  static void stop() {
    source.close();
  }

  private static IngestionReport run() throws Exception {
    PipelineSpec spec = PipelineSpec.parse("{\"connection_name\":\"freshservice_sim\",\"objects\":[{\"table\":"
        + "{\"source_table\":\"tickets\",\"destination_schema\":\"fs_partitioned\",\"table_configuration\":"
        + Json.MAPPER.writeValueAsString(TABLE_OPTIONS) + "}}]}", connections);
    IngestionReport report = Ingestion.run(spark(), spec, connections, IngestionOptions.at(warehouse));
    assertThat(report.failures()).as(report.failures().toString()).isEmpty();
    assertThat(report.tables()).allSatisfy(t -> assertThat(t.status()).isEqualTo(TableStatus.OK));
    return report;
  }

  private static SparkSession spark() {
    return ExamplesSpark.spark();
  }

  private static void assertTicketsEqualTheSimulator() {
    Set<Long> ids = spark().table("fs_partitioned.tickets").select("id").collectAsList().stream()
        .map(r -> r.getLong(0)).collect(Collectors.toCollection(TreeSet::new));
    assertThat(ids).as("ticket ids").isEqualTo(source.liveIds("tickets"));
    Map<Long, String> versions = new TreeMap<>();
    spark().sql("SELECT id, date_format(updated_at, \"yyyy-MM-dd'T'HH:mm:ss'Z'\") FROM fs_partitioned.tickets")
        .collectAsList().forEach(r -> versions.put(r.getLong(0), r.getString(1)));
    assertThat(versions).as("ticket versions").isEqualTo(source.ticketVersions());
  }

  @Test
  @Order(1)
  void aBackfillPlannedAsWindowsLandsEveryTicketOnce() throws Exception {
    FreshserviceConnectorFactory factory = new FreshserviceConnectorFactory();
    try (Connector connector = factory.create(connection)) {
      List<ReadPartition> plan = ((PartitionedReads) connector).planPartitions("tickets", Offset.START,
          factory.tableOptions().validate(TABLE_OPTIONS));
      assertThat(plan).as("the backfill's plan").hasSizeBetween(2, 4);
    }

    run();

    assertTicketsEqualTheSimulator();
    long rows = spark().table("fs_partitioned.tickets").count();
    assertThat(rows).as("one row per ticket").isEqualTo(source.liveIds("tickets").size());
  }

  @Test
  @Order(2)
  void theNextIncrementalRunPicksUpUpdatesInsertsAndDeletes() throws Exception {
    Map<Long, String> before = source.ticketVersions();
    source.mutate();
    assertThat(source.ticketVersions()).isNotEqualTo(before);

    run();

    assertTicketsEqualTheSimulator();
  }
}
