package io.tributary.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import io.tributary.examples.demo.sources.FreshdeskDemoSource;
import io.tributary.spark.pipeline.Connections;
import io.tributary.spark.pipeline.Ingestion;
import io.tributary.spark.pipeline.IngestionOptions;
import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.Lakehouse;
import io.tributary.spark.pipeline.PipelineSpec;
import io.tributary.spark.pipeline.TableStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Freshdesk through the pipeline into Delta, set up as the public-sector support lake runs it:
 * tickets upserted into a table partitioned by month of creation, and every personal or
 * user-entered value removed ({@code pii=drop}) before anything is written. Deleted tickets leave
 * the lake, spam tickets stay flagged, and after changes a second run leaves every table equal to
 * the simulator. The simulator's own API (its {@code filter=deleted|spam} listings) is the ground
 * truth next to the demo source's helpers. The tests build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FreshdeskEndToEndTest {
  private static final String SPEC = """
      {"connection_name": "freshdesk_sim", "objects": [
        {"table": {"source_table": "tickets", "destination_schema": "freshdesk",
                   "table_configuration": {"pii": "drop", "partition_by": "month(created_at)"}}},
        {"table": {"source_table": "contacts", "destination_schema": "freshdesk",
                   "table_configuration": {"pii": "drop"}}},
        {"table": {"source_table": "conversations", "destination_schema": "freshdesk",
                   "table_configuration": {"pii": "drop"}}}
      ]}""";
  private static final List<String> TABLES = List.of("tickets", "contacts", "conversations");
  /** The columns issue 5 names as personal or free text; none may reach a pii=drop table. */
  private static final List<String> PERSONAL_COLUMNS = List.of("subject", "description", "description_text",
      "email", "phone", "mobile", "name", "cc_emails", "fwd_emails", "reply_cc_emails", "to_emails", "body",
      "body_text", "attachments", "custom_fields", "from_email", "support_email", "other_emails", "address",
      "twitter_id", "unique_external_id", "job_title");

  private static FreshdeskDemoSource source;
  private static Map<String, String> options;
  private static Path warehouse;
  private static Connections connections;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    source = new FreshdeskDemoSource();
    options = source.start();
    Path dir = Files.createTempDirectory("freshdesk-e2e");
    warehouse = dir.resolve("lakehouse");
    Path file = dir.resolve("connections.json");
    Files.writeString(file, Json.MAPPER.writeValueAsString(
        Map.of("freshdesk_sim", Map.of("source", "freshdesk", "options", options))));
    connections = Connections.load(file);
  }

  @AfterAll
  static void stop() {
    source.close();
  }

  private static IngestionReport run() {
    IngestionReport report = Ingestion.run(spark(), PipelineSpec.parse(SPEC, connections), connections,
        IngestionOptions.at(warehouse));
    assertThat(report.failures()).as(report.failures().toString()).isEmpty();
    assertThat(report.tables()).allSatisfy(t -> assertThat(t.status()).isEqualTo(TableStatus.OK));
    return report;
  }

  private static SparkSession spark() {
    return ExamplesSpark.spark();
  }

  private static Set<Long> ids(String table) {
    return spark().table("freshdesk." + table).select("id").collectAsList().stream()
        .map(r -> r.getLong(0)).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<Long> spamInDelta() {
    return spark().table("freshdesk.tickets").where("spam").select("id").collectAsList().stream()
        .map(r -> r.getLong(0)).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every ticket the simulator lists with these parameters, all pages, as the API returns them. */
  private static List<JsonNode> listTickets(String filter) throws Exception {
    String auth = Base64.getEncoder().encodeToString((options.get("api_key") + ":X").getBytes(StandardCharsets.UTF_8));
    List<JsonNode> all = new ArrayList<>();
    for (int page = 1; ; page++) {
      String url = options.get("base_url") + "/api/v2/tickets?updated_since=2000-01-01T00:00:00Z&per_page=100&page="
          + page + (filter.isEmpty() ? "" : "&filter=" + filter);
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
          .header("Authorization", "Basic " + auth).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(url).isEqualTo(200);
      JsonNode body = Json.MAPPER.readTree(response.body());
      body.forEach(all::add);
      if (body.size() < 100) {
        return all;
      }
    }
  }

  private static Set<Long> simulatorIds(String filter) throws Exception {
    return listTickets(filter).stream().map(t -> t.path("id").asLong())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static void assertEveryTableEqualsTheSimulator() throws Exception {
    assertThat(ids("tickets")).as("tickets").isEqualTo(source.liveIds("tickets"));
    assertThat(ids("contacts")).as("contacts").isEqualTo(source.liveIds("contacts"));
    assertThat(ids("conversations")).as("conversations of listed tickets")
        .isEqualTo(source.visibleConversationIds());
    Map<Long, String> versions = new TreeMap<>();
    spark().sql("SELECT id, date_format(updated_at, \"yyyy-MM-dd'T'HH:mm:ss'Z'\") FROM freshdesk.tickets")
        .collectAsList().forEach(r -> versions.put(r.getLong(0), r.getString(1)));
    assertThat(versions).as("ticket versions").isEqualTo(source.ticketVersions());
    assertThat(spamInDelta()).as("spam tickets, kept and flagged").isEqualTo(simulatorIds("spam"));
    assertThat(ids("tickets")).as("deleted tickets").doesNotContainAnyElementsOf(simulatorIds("deleted"));
    for (String table : TABLES) {
      long rows = spark().table("freshdesk." + table).count();
      assertThat(ids(table)).as(table + ": one row per id").hasSize((int) rows);
    }
  }

  @Test
  @Order(1)
  void firstRunLandsSpamTicketsFlaggedAndLeavesDeletedTicketsOut() throws Exception {
    Set<Long> deleted = simulatorIds("deleted");
    Set<Long> spam = simulatorIds("spam");

    run();

    assertThat(deleted).as("the simulator hides deleted tickets").isNotEmpty();
    assertThat(spam).as("the simulator hides spam tickets").isNotEmpty();
    assertThat(spamInDelta()).isEqualTo(spam);
    assertEveryTableEqualsTheSimulator();
  }

  @Test
  @Order(2)
  void ticketsAreLaidOutByMonthOfCreation() throws Exception {
    Map<Long, String> expected = new TreeMap<>();
    Stream.concat(listTickets("").stream(), listTickets("spam").stream())
        .forEach(t -> expected.put(t.path("id").asLong(), t.path("created_at").asText().substring(0, 7)));

    Row detail = spark().sql("DESCRIBE DETAIL freshdesk.tickets").select("partitionColumns").first();
    Map<Long, String> months = new TreeMap<>();
    spark().sql("SELECT id, month FROM freshdesk.tickets").collectAsList()
        .forEach(r -> months.put(r.getLong(0), r.getString(1)));
    Set<String> directories;
    try (Stream<Path> children = Files.list(warehouse.resolve("freshdesk").resolve("tickets"))) {
      directories = children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("_")).collect(Collectors.toCollection(TreeSet::new));
    }

    assertThat(detail.getList(0)).containsExactly("month");
    assertThat(months).as("month=YYYY-MM of created_at, by ticket").isEqualTo(expected);
    Set<String> distinct = new TreeSet<>(expected.values());
    assertThat(distinct).as("tickets span many months").hasSizeGreaterThan(3);
    assertThat(directories).isEqualTo(distinct.stream().map(m -> "month=" + m)
        .collect(Collectors.toCollection(TreeSet::new)));
  }

  @Test
  @Order(3)
  void secondRunAfterChangesEqualsTheSimulatorWithNewDeletesAndSpamArriving() throws Exception {
    Set<Long> deletedBefore = simulatorIds("deleted");
    Set<Long> spamBefore = simulatorIds("spam");
    Set<Long> ticketsBefore = ids("tickets");
    Set<Long> conversationsBefore = ids("conversations");
    source.mutate();
    Set<Long> newlyDeleted = new TreeSet<>(simulatorIds("deleted"));
    newlyDeleted.removeAll(deletedBefore);
    Set<Long> newlySpam = new TreeSet<>(simulatorIds("spam"));
    newlySpam.removeAll(spamBefore);
    List<Long> conversationsOfDeleted = spark().table("freshdesk.conversations")
        .select("id", "ticket_id").collectAsList().stream()
        .filter(r -> newlyDeleted.contains(r.getLong(1))).map(r -> r.getLong(0)).toList();

    IngestionReport second = run();

    assertThat(newlyDeleted).hasSize(1);
    assertThat(ticketsBefore).as("the deleted ticket was in the lake").containsAll(newlyDeleted);
    assertThat(ids("tickets")).doesNotContainAnyElementsOf(newlyDeleted);
    assertThat(second.table("tickets").deleted()).isGreaterThanOrEqualTo(1);
    assertThat(conversationsBefore).containsAll(conversationsOfDeleted);
    Set<Long> conversationsAfter = ids("conversations");
    assertThat(conversationsOfDeleted).as("conversations of the deleted ticket").noneMatch(conversationsAfter::contains);
    assertThat(newlySpam).hasSize(1);
    assertThat(spamInDelta()).containsAll(newlySpam);
    assertEveryTableEqualsTheSimulator();
    assertThat(spark().table("freshdesk.tickets").select("month").distinct().count())
        .as("still partitioned by month").isGreaterThan(3);
  }

  @Test
  @Order(4)
  void piiDropLeavesNoPersonalColumnOrValueAnywhereInTheLake() throws Exception {
    List<String> personal = source.personalValues();
    String served = listTickets("").toString();
    assertThat(personal).as("the simulator serves personal values a leak would carry")
        .anyMatch(served::contains);

    Path lake = warehouse.toAbsolutePath();
    for (String table : TABLES) {
      Dataset<Row> current = spark().table("freshdesk." + table);
      assertThat(current.columns()).as(table + " columns").doesNotContainAnyElementsOf(PERSONAL_COLUMNS);
      assertThat(current.where("_rescued_data IS NOT NULL").count()).as(table + " rescued rows").isZero();
      assertNoPersonalValue(table + " rows", current.toJSON().collectAsList(), personal);
      // Every data file any version ever wrote, including those later replaced by merges.
      Path dir = lake.resolve("freshdesk").resolve(table);
      assertNoPersonalValue(table + " data files, every version",
          spark().read().option("recursiveFileLookup", "true").parquet(dir.toString()).toJSON().collectAsList(),
          personal);
      // The log holds the schema and per-column statistics (min/max values).
      List<String> log = new ArrayList<>();
      try (Stream<Path> files = Files.walk(dir.resolve("_delta_log"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
          log.add(Files.readString(f));
        }
      }
      assertThat(log).as(table + " delta log").isNotEmpty();
      assertNoPersonalValue(table + " delta log", log, personal);
    }
    // Streaming checkpoints keep source offsets; a cursor must never carry a personal value.
    List<String> checkpoints = new ArrayList<>();
    try (Stream<Path> files = Files.walk(lake.resolve(Lakehouse.STATE_SCHEMA).resolve("checkpoints").resolve("freshdesk"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        checkpoints.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    }
    assertNoPersonalValue("streaming checkpoints", checkpoints, personal);
    assertNoPersonalValue("ingestion log",
        spark().read().format("delta").load(new Lakehouse(warehouse).ingestionLogPath().uri())
            .toJSON().collectAsList(), personal);
  }

  private static void assertNoPersonalValue(String where, List<String> texts, List<String> personal) {
    assertThat(texts).as(where + " scanned").isNotEmpty();
    List<String> leaks = new ArrayList<>();
    for (String text : texts) {
      for (String value : personal) {
        if (text.contains(value)) {
          leaks.add(value + " in " + text);
        }
      }
    }
    assertThat(leaks).as(where).isEmpty();
  }
}
