package io.tributary.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Json;
import io.tributary.examples.demo.sources.FreshserviceDemoSource;
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
 * Freshservice through the pipeline into Delta, against its simulator: trashed tickets never land
 * and spam tickets land flagged; after updates, inserts and deletes a second run leaves every table
 * equal to the simulator. The tests build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FreshserviceEndToEndTest {
  private static final List<String> TABLES = List.of("tickets", "problems", "releases", "changes",
      "locations", "products", "vendors", "assets", "purchase_orders", "software", "requested_items",
      "agents", "requesters", "departments", "groups");
  private static FreshserviceDemoSource source;
  private static Path warehouse;
  private static Connections connections;

  @BeforeAll
  static void start() throws Exception {
    source = new FreshserviceDemoSource();
    Map<String, String> options = source.start();
    Path dir = Files.createTempDirectory("freshservice-e2e");
    warehouse = dir.resolve("lakehouse");
    Path file = dir.resolve("connections.json");
    Files.writeString(file, Json.MAPPER.writeValueAsString(
        Map.of("freshservice_sim", Map.of("source", "freshservice", "options", options))));
    connections = Connections.load(file);
  }

  @AfterAll
  static void stop() {
    source.close();
  }

  private static IngestionReport run() throws Exception {
    String objects = TABLES.stream()
        .map(t -> "{\"table\":{\"source_table\":\"" + t + "\",\"destination_schema\":\"freshservice\"}}")
        .collect(Collectors.joining(","));
    PipelineSpec spec = PipelineSpec.parse(
        "{\"connection_name\":\"freshservice_sim\",\"objects\":[" + objects + "]}", connections);
    IngestionReport report = Ingestion.run(spark(), spec, connections, IngestionOptions.at(warehouse));
    assertThat(report.failures()).as(report.failures().toString()).isEmpty();
    assertThat(report.tables()).allSatisfy(t -> assertThat(t.status()).isEqualTo(TableStatus.OK));
    return report;
  }

  private static SparkSession spark() {
    return ExamplesSpark.spark();
  }

  private static Set<Long> ids(String table) {
    return spark().table("freshservice." + table).select("id").collectAsList().stream()
        .map(r -> r.getLong(0)).collect(Collectors.toCollection(TreeSet::new));
  }

  private static void assertEveryTableEqualsTheSimulator() {
    for (String table : TABLES) {
      if (!table.equals("requested_items")) {
        assertThat(ids(table)).as(table).isEqualTo(source.liveIds(table));
      }
    }
    Map<Long, String> versions = new TreeMap<>();
    spark().sql("SELECT id, date_format(updated_at, \"yyyy-MM-dd'T'HH:mm:ss'Z'\") FROM freshservice.tickets")
        .collectAsList().forEach(r -> versions.put(r.getLong(0), r.getString(1)));
    assertThat(versions).as("ticket versions").isEqualTo(source.ticketVersions());
    Set<List<Long>> items = spark().table("freshservice.requested_items").select("id", "ticket_id")
        .collectAsList().stream().map(r -> List.of(r.getLong(0), r.getLong(1))).collect(Collectors.toSet());
    assertThat(items).as("requested_items").isEqualTo(source.requestedItemKeys());
    Set<Long> spam = spark().table("freshservice.tickets").where("spam").select("id").collectAsList()
        .stream().map(r -> r.getLong(0)).collect(Collectors.toCollection(TreeSet::new));
    assertThat(spam).as("spam tickets, kept and flagged").isEqualTo(source.spamTicketIds());
    assertThat(ids("tickets")).as("trashed tickets").doesNotContainAnyElementsOf(source.trashedTicketIds());
  }

  @Test
  @Order(1)
  void firstRunLandsEveryTableWithoutTrashedTicketsAndWithSpamFlagged() throws Exception {
    run();

    assertThat(source.trashedTicketIds()).isNotEmpty();
    assertThat(source.spamTicketIds()).isNotEmpty();
    assertEveryTableEqualsTheSimulator();
  }

  @Test
  @Order(2)
  void secondRunAfterUpdatesInsertsAndDeletesEqualsTheSimulator() throws Exception {
    Set<Long> trashedBefore = source.trashedTicketIds();
    source.mutate();
    Set<Long> newlyTrashed = new TreeSet<>(source.trashedTicketIds());
    newlyTrashed.removeAll(trashedBefore);

    IngestionReport second = run();

    assertThat(newlyTrashed).hasSize(2);
    assertThat(second.table("tickets").deleted()).isGreaterThanOrEqualTo(newlyTrashed.size());
    assertEveryTableEqualsTheSimulator();
  }
}
