package io.tributary.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.examples.demo.sources.SalesforceDemoSource;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.TimeFormat;
import io.tributary.spark.pipeline.Connections;
import io.tributary.spark.pipeline.Ingestion;
import io.tributary.spark.pipeline.IngestionOptions;
import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.Lakehouse;
import io.tributary.spark.pipeline.PipelineSpec;
import io.tributary.spark.pipeline.TableReport;
import io.tributary.spark.pipeline.TableStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Salesforce through the pipeline into Delta against its simulator: Opportunity backfilled by a
 * Bulk API 2.0 job and then kept current over REST, soft deletes (recycle bin) and hard deletes
 * (the delete log) leaving the lake, and a run stopped at the configured share of the org's API
 * quota recorded as paused and resumed cleanly. Every run ends with the tables equal to the
 * simulator. The tests build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SalesforceEndToEndTest {
  private static final List<String> TABLES = List.of("Account", "Opportunity", "Contact");
  /** Opportunity's 60 records pass this threshold, so its first read is a Bulk job. */
  private static final String SPEC = """
      {"connection_name": "salesforce_sim", "objects": [
        {"table": {"source_table": "Account", "destination_schema": "crm"}},
        {"table": {"source_table": "Opportunity", "destination_schema": "crm",
                   "table_configuration": {"bulk_threshold": "10", "bulk_page_size": "100"}}},
        {"table": {"source_table": "Contact", "destination_schema": "crm"}}
      ]}""";
  private static final int MAX_USAGE_PERCENT = 50;

  /** The refresh-token grant against a server that rotates refresh tokens, as connected apps may. */
  private static final String ROTATING_SPEC = """
      {"connection_name": "salesforce_rotating", "objects": [
        {"table": {"source_table": "Account", "destination_schema": "crm_oauth"}},
        {"table": {"source_table": "Contact", "destination_schema": "crm_oauth"}}
      ]}""";

  private static SalesforceDemoSource source;
  private static Path warehouse;
  private static Path connectionsFile;
  private static Path refreshTokenFile;
  private static Connections connections;

  @BeforeAll
  static void start() throws Exception {
    source = new SalesforceDemoSource();
    Map<String, String> rotating = new HashMap<>(source.start());
    Path dir = Files.createTempDirectory("salesforce-e2e");
    warehouse = dir.resolve("lakehouse");
    refreshTokenFile = dir.resolve("refresh_token");
    Files.writeString(refreshTokenFile, rotating.get("refresh_token"));
    // The main connection uses the client-credentials grant; the refresh-token grant with rotation
    // has its own test, last.
    Map<String, String> options = new HashMap<>(rotating);
    options.remove("refresh_token");
    options.put("max_api_usage_percent", Integer.toString(MAX_USAGE_PERCENT));
    rotating.put("refresh_token", "${file:refresh_token}");
    rotating.put("refresh_token_file", refreshTokenFile.toString());
    connectionsFile = dir.resolve("connections.json");
    Files.writeString(connectionsFile, Json.MAPPER.writeValueAsString(Map.of(
        "salesforce_sim", Map.of("source", "salesforce", "options", options),
        "salesforce_rotating", Map.of("source", "salesforce", "options", rotating))));
    connections = Connections.load(connectionsFile);
  }

  @AfterAll
  static void stop() {
    source.close();
  }

  private static IngestionReport ingest() {
    return Ingestion.run(spark(), PipelineSpec.parse(SPEC, connections), connections, IngestionOptions.at(warehouse));
  }

  private static IngestionReport run() {
    IngestionReport report = ingest();
    assertThat(report.failures()).as(report.failures().toString()).isEmpty();
    assertThat(report.tables()).allSatisfy(t -> assertThat(t.status()).as(t.toString()).isEqualTo(TableStatus.OK));
    return report;
  }

  private static SparkSession spark() {
    return ExamplesSpark.spark();
  }

  private static List<String> idList(String table) {
    return spark().table("crm." + table).select("Id").collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  private static Set<String> ids(String table) {
    return new TreeSet<>(idList(table));
  }

  private static Set<String> liveIds(String table) {
    return source.liveIds(table);
  }

  private static void assertEveryTableEqualsTheSimulator() {
    for (String table : TABLES) {
      List<String> rows = idList(table);
      assertThat(rows).as(table + ": no duplicate Id").doesNotHaveDuplicates();
      assertThat(new TreeSet<>(rows)).as(table + " ids").isEqualTo(liveIds(table));
      Map<String, Instant> versions = new TreeMap<>();
      spark().table("crm." + table).select("Id", "SystemModstamp").collectAsList()
          .forEach(r -> versions.put(r.getString(0), r.getTimestamp(1).toInstant()));
      Map<String, Instant> expected = new TreeMap<>();
      source.liveRecords(table).forEach(r -> expected.put(r.path("Id").asText(),
          TimeFormat.parse(r.path("SystemModstamp").asText()).orElseThrow()));
      assertThat(versions).as(table + " SystemModstamp by Id").isEqualTo(expected);
    }
    Map<String, BigDecimal> amounts = new TreeMap<>();
    for (Row r : spark().table("crm.Opportunity").select("Id", "Amount", "StageName").collectAsList()) {
      amounts.put(r.getString(0) + " " + r.getString(2), r.getDecimal(1));
    }
    Map<String, BigDecimal> expected = new TreeMap<>();
    for (ObjectNode r : source.liveRecords("Opportunity")) {
      expected.put(r.path("Id").asText() + " " + r.path("StageName").asText(),
          r.path("Amount").decimalValue().setScale(2, RoundingMode.UNNECESSARY));
    }
    assertThat(amounts).as("Opportunity amounts and stages").isEqualTo(expected);
  }

  /** Salesforce's delete log ignores seconds: a purge shows once a later minute has begun. */
  private static void awaitDeleteLog(String table) throws InterruptedException {
    Instant visible = source.deleteLogComplete(table).orElseThrow().plusMillis(500);
    long wait = Duration.between(Instant.now(), visible).toMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  private static List<LoggedRequest> jobRequests(String method) {
    List<LoggedRequest> jobs = new ArrayList<>(source.requests("/services/data/{v}/jobs/query"));
    jobs.addAll(source.requests("/services/data/{v}/jobs/query/{id}"));
    return jobs.stream().filter(r -> r.method().equals(method)).toList();
  }

  private static List<LoggedRequest> restRecordQueries(String object) {
    return source.requests("/services/data/{v}/queryAll").stream()
        .filter(r -> r.param("q").map(q -> q.contains("FROM " + object + " ") && !q.contains("COUNT()")
            && !q.contains("IsDeleted = true")).orElse(false))
        .toList();
  }

  @Test
  @Order(1)
  void firstRunBackfillsOpportunityThroughABulkJobAndLandsEveryTableOnce() {
    IngestionReport first = run();

    assertThat(jobRequests("POST")).as("Bulk jobs created").hasSize(1);
    assertThat(source.requests("/services/data/{v}/jobs/query/{id}/results")).as("Bulk result pages").isNotEmpty();
    assertThat(jobRequests("DELETE")).as("the Bulk job is deleted afterwards").hasSize(1);
    assertThat(first.table("Opportunity").records()).isEqualTo(liveIds("Opportunity").size());
    assertEveryTableEqualsTheSimulator();
  }

  @Test
  @Order(2)
  void secondRunContinuesOverRestWithoutGapOrDuplicateAndSoftAndHardDeletesReachDelta() throws Exception {
    Map<String, Set<String>> before = new HashMap<>();
    TABLES.forEach(t -> before.put(t, ids(t)));
    source.mutate();
    Set<String> softDeleted = new TreeSet<>();
    Set<String> hardDeleted = new TreeSet<>();
    for (String table : TABLES) {
      softDeleted.addAll(source.softDeletedIds(table));
      hardDeleted.addAll(source.hardDeletedIds(table));
    }
    assertThat(before.values().stream().flatMap(Set::stream)).as("the deleted ids were ingested before")
        .containsAll(softDeleted).containsAll(hardDeleted);
    int restQueries = restRecordQueries("Opportunity").size();
    awaitDeleteLog("Opportunity");

    IngestionReport second = run();

    assertThat(softDeleted).as("soft deletes: one Opportunity and one Contact").hasSize(2);
    assertThat(hardDeleted).as("hard deletes: one Opportunity").hasSize(1);
    assertThat(jobRequests("POST")).as("no second Bulk job").hasSize(1);
    assertThat(restRecordQueries("Opportunity").size()).as("REST incremental queries").isGreaterThan(restQueries);
    for (String table : TABLES) {
      assertThat(ids(table)).as(table).doesNotContainAnyElementsOf(softDeleted).doesNotContainAnyElementsOf(hardDeleted);
    }
    assertThat(second.table("Opportunity").deleted()).as("Opportunity deletes applied").isEqualTo(2);
    assertThat(second.table("Contact").deleted()).as("Contact deletes applied").isEqualTo(1);
    assertEveryTableEqualsTheSimulator();
  }

  @Test
  @Order(3)
  void aRunReachingTheQuotaShareIsPausedAtACommittedOffsetAndTheNextRunResumesCleanly() throws Exception {
    source.mutate();
    // Six requests below the share: room for Account's incremental read, so the stop lands in a
    // later table, Opportunity being mid-read.
    source.quota(MAX_USAGE_PERCENT - 6, 100);

    IngestionReport paused = ingest();
    long usedAtPause = source.apiUsage();
    List<TableReport> stopped = paused.tables().stream().filter(t -> t.status() != TableStatus.OK).toList();
    Map<String, String> logged = new TreeMap<>();
    spark().read().format("delta").load(new Lakehouse(warehouse).ingestionLogPath().uri())
        .where("run_id = '" + paused.runId() + "'").select("source_table", "status").collectAsList()
        .forEach(r -> logged.put(r.getString(0), r.getString(1)));

    // Soft, so that a wrong status still lets the resume below be checked and reported.
    SoftAssertions pause = new SoftAssertions();
    pause.assertThat(stopped).extracting(TableReport::sourceTable).as("tables stopped by the quota").contains("Contact");
    pause.assertThat(stopped).allSatisfy(t -> {
      assertThat(t.status()).as(t.sourceTable() + " status").isEqualTo(TableStatus.PAUSED);
      assertThat(t.error()).hasValueSatisfying(m -> assertThat(m).contains("paused: API quota. ")
          .contains(" the next would pass max_api_usage_percent=" + MAX_USAGE_PERCENT + ";"));
    });
    pause.assertThat(paused.status()).as("run status").isEqualTo(TableStatus.PAUSED);
    pause.assertThat(logged).as("ingestion log statuses").hasSize(TABLES.size())
        .containsEntry("Contact", TableStatus.PAUSED.wireName()).doesNotContainValue(TableStatus.FAILED.wireName());
    // One request per fresh connection may go out before Sforce-Limit-Info is known.
    pause.assertThat(usedAtPause).as("org API usage at the stop").isBetween((long) MAX_USAGE_PERCENT, (long) MAX_USAGE_PERCENT + TABLES.size());

    source.quota(0, 1_000_000);
    awaitDeleteLog("Opportunity");
    IngestionReport resumed = run();

    for (TableReport t : stopped) {
      assertThat(resumed.table(t.sourceTable()).startOffset()).as(t.sourceTable() + " resumes where it stopped")
          .isEqualTo(t.endOffset());
    }
    assertEveryTableEqualsTheSimulator();
    pause.assertAll();
  }

  @Test
  @Order(4)
  void theRefreshTokenGrantKeepsARotatedTokenForTheRestOfTheRunAndForTheNextRun() throws Exception {
    for (int run = 1; run <= 2; run++) {
      Connections fresh = Connections.load(connectionsFile);
      IngestionReport report = Ingestion.run(spark(), PipelineSpec.parse(ROTATING_SPEC, fresh), fresh,
          IngestionOptions.at(warehouse));

      assertThat(report.tables()).as("run " + run + ": " + report.tables())
          .allSatisfy(t -> assertThat(t.status()).isEqualTo(TableStatus.OK));
      assertThat(Files.readString(refreshTokenFile)).as("the persisted refresh token after run " + run)
          .isEqualTo(source.currentRefreshToken());
      assertThat(spark().table("crm_oauth.Account").count()).isEqualTo(liveIds("Account").size());
      assertThat(spark().table("crm_oauth.Contact").count()).isEqualTo(liveIds("Contact").size());
    }
  }
}
