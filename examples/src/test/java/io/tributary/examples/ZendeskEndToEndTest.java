package io.tributary.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Offset;
import io.tributary.examples.demo.sources.ZendeskDemoSource;
import io.tributary.spark.pipeline.Connections;
import io.tributary.spark.pipeline.Ingestion;
import io.tributary.spark.pipeline.IngestionOptions;
import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.PipelineSpec;
import io.tributary.spark.pipeline.TableReport;
import io.tributary.spark.pipeline.TableStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Zendesk through the pipeline into Delta: a first load, a second run after the simulator changed
 * (updates, inserts, deletes), and a replay from a stored cursor. The tests build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZendeskEndToEndTest {
  private static final List<String> TABLES =
      List.of("tickets", "users", "organizations", "ticket_comments", "groups", "macros");
  private static ZendeskDemoSource source;
  private static Path warehouse;
  private static Connections connections;
  private static IngestionReport firstRun;

  @BeforeAll
  static void start() throws Exception {
    source = new ZendeskDemoSource();
    Map<String, String> options = source.start();
    Path dir = Files.createTempDirectory("zendesk-e2e");
    warehouse = dir.resolve("lakehouse");
    Path file = dir.resolve("connections.json");
    Files.writeString(file, io.tributary.api.Json.MAPPER.writeValueAsString(
        Map.of("zendesk_sim", Map.of("source", "zendesk", "options", options))));
    connections = Connections.load(file);
  }

  @AfterAll
  static void stop() {
    source.close();
  }

  private static IngestionReport run(Map<String, Map<String, String>> configuration) throws Exception {
    StringBuilder objects = new StringBuilder();
    for (String table : TABLES) {
      if (objects.length() > 0) {
        objects.append(',');
      }
      objects.append("{\"table\":{\"source_table\":\"").append(table)
          .append("\",\"destination_schema\":\"zendesk\",\"table_configuration\":")
          .append(io.tributary.api.Json.MAPPER.writeValueAsString(configuration.getOrDefault(table, Map.of())))
          .append("}}");
    }
    PipelineSpec spec = PipelineSpec.parse(
        "{\"connection_name\":\"zendesk_sim\",\"objects\":[" + objects + "]}", connections);
    IngestionReport report = Ingestion.run(ExamplesSpark.spark(), spec, connections, IngestionOptions.at(warehouse));
    assertThat(report.failures()).as(report.failures().toString()).isEmpty();
    return report;
  }

  private static SparkSession spark() {
    return ExamplesSpark.spark();
  }

  private static Set<Long> ids(String table) {
    return spark().table("zendesk." + table).select("id").collectAsList().stream()
        .map(r -> r.getLong(0)).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every row as text, sorted: equal snapshots mean identical tables. */
  private static List<String> rows(String table) {
    return spark().table("zendesk." + table).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  @Test
  @Order(1)
  void firstLoadHoldsEveryLiveRecordAndCommentsCarryTheirTicketIds() throws Exception {
    firstRun = run(Map.of());

    assertThat(firstRun.tables()).allSatisfy(t -> assertThat(t.status()).isEqualTo(TableStatus.OK));
    for (String table : List.of("tickets", "users", "organizations", "groups", "macros")) {
      assertThat(ids(table)).as(table).isEqualTo(source.liveIds(table));
    }
    Map<Long, Long> comments = new TreeMap<>();
    spark().table("zendesk.ticket_comments").select("id", "ticket_id").collectAsList()
        .forEach(r -> comments.put(r.getLong(0), r.getLong(1)));
    assertThat(comments).isEqualTo(source.commentTickets());
    assertThat(spark().table("zendesk.ticket_comments").count()).isEqualTo(comments.size());
  }

  @Test
  @Order(2)
  void secondRunAfterChangesLeavesTheTablesEqualToTheSimulatorDeletesIncluded() throws Exception {
    source.mutate();
    Map<String, Set<Long>> deleted = Map.of("tickets", source.deletedIds("tickets"),
        "users", source.deletedIds("users"), "organizations", source.deletedIds("organizations"));

    IngestionReport second = run(Map.of());

    for (String table : List.of("tickets", "users", "organizations", "groups", "macros")) {
      assertThat(ids(table)).as(table).isEqualTo(source.liveIds(table));
    }
    deleted.forEach((table, gone) -> {
      assertThat(gone).as(table).isNotEmpty();
      assertThat(ids(table)).as(table).doesNotContainAnyElementsOf(gone);
      assertThat(second.table(table).deleted()).as(table).isEqualTo(gone.size());
    });
    assertThat(spark().table("zendesk.groups").where("name = 'Renamed team'").count()).isEqualTo(1);
    Map<Long, Long> comments = new TreeMap<>();
    spark().table("zendesk.ticket_comments").select("id", "ticket_id").collectAsList()
        .forEach(r -> comments.put(r.getLong(0), r.getLong(1)));
    assertThat(comments).isEqualTo(source.commentTickets());
  }

  @Test
  @Order(3)
  void replayFromAStoredCursorLeavesTheTablesIdentical() throws Exception {
    // A cdc_with_deletes table logs a composite offset: its records' and its deletes' positions.
    String logged = firstRun.table("tickets").endOffset().orElseThrow();
    String cursor = Offset.fromJson(io.tributary.api.Json.MAPPER.readTree(logged).get("records").toString())
        .get("cursor").orElseThrow();
    List<String> tickets = rows("tickets");
    List<String> users = rows("users");

    IngestionReport replay = run(Map.of(
        "tickets", Map.of("start_cursor", cursor),
        "users", Map.of("start_date", "2000-01-01T00:00:00Z")));

    assertThat(replay.table("tickets").records()).isPositive();
    // Records count upserts and deletes: every user, the deleted one included, was read again.
    assertThat(replay.table("users").records())
        .isEqualTo(source.liveIds("users").size() + source.deletedIds("users").size());
    assertThat(rows("tickets")).isEqualTo(tickets);
    assertThat(rows("users")).isEqualTo(users);
    TableReport again = run(Map.of(
        "tickets", Map.of("start_cursor", cursor),
        "users", Map.of("start_date", "2000-01-01T00:00:00Z"))).table("users");
    assertThat(again.records()).as("the same start_date does not replay twice").isZero();
  }
}
