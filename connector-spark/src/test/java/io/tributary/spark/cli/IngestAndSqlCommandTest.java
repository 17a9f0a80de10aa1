package io.tributary.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;

import io.tributary.spark.SharedSpark;
import io.tributary.spark.testing.MemoryDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ingest} and {@code sql} on the shared local Spark, against the memory connector. */
class IngestAndSqlCommandTest {
  @TempDir Path temp;

  @BeforeAll
  static void startSpark() {
    SharedSpark.spark();
  }

  @Test
  void ingestExitsZeroPrintsASummaryToStderrAndNothingToStdout() throws IOException {
    seed("cli-ok");
    Path warehouse = temp.resolve("lakehouse");

    CliRun run = CliRun.of("ingest", "--spec", spec("cli_ok", "items", "tickets").toString(),
        "--connections", connections("cli_ok", "cli-ok").toString(), "--warehouse", warehouse.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("[items] ingesting into cli_ok.items")
        .containsPattern("(?m)^TABLE +DESTINATION +STATUS +INSERTED +UPDATED +DELETED +RECORDS +TIME +RECORDS/S"
            + " +REQUESTS +RETRIES +THROTTLED +SOURCE COUNT$")
        .containsPattern("(?m)^items +cli_ok\\.items +ok +3 +0 +0 +3 +[0-9.]+ s +[0-9.]+ .* equal$")
        .containsPattern("(?m)^tickets +cli_ok\\.tickets +ok +2 +0 +0 +2 +[0-9.]+ s +[0-9.]+ .* equal$")
        .doesNotContain("error:");
  }

  @Test
  void ingestJsonWritesTheWholeReportAsOneDocumentOnStdout() throws IOException {
    seed("cli-json").failOnRead("tickets", 1);
    Path warehouse = temp.resolve("lakehouse");

    CliRun run = CliRun.of("ingest", "--json", "--spec", spec("cli_json", "items", "tickets").toString(),
        "--connections", connections("cli_json", "cli-json").toString(), "--warehouse", warehouse.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out().lines()).hasSize(1);
    JsonNode report = json(run.out());
    assertThat(run.err()).contains("Run " + report.path("run_id").asText() + " (connection cli_json)");
    assertThat(report.path("connection").asText()).isEqualTo("cli_json");
    assertThat(report.path("status").asText()).isEqualTo("failed");
    Instant started = Instant.parse(report.path("started_at").asText());
    Instant ended = Instant.parse(report.path("ended_at").asText());
    assertThat(started).isBeforeOrEqualTo(ended);
    assertThat(report.path("tables")).extracting(t -> t.path("table").asText()).containsExactly("items", "tickets");

    JsonNode items = CliFixtures.table(report, "items");
    assertThat(items.path("destination").asText()).isEqualTo("cli_json.items");
    assertThat(items.path("status").asText()).isEqualTo("ok");
    assertThat(items.path("records").asLong()).isEqualTo(3);
    assertThat(items.path("inserted").asLong()).isEqualTo(3);
    assertThat(items.path("error").isNull()).isTrue();
    assertThat(items.path("reconciliation").path("difference").asLong()).isZero();
    Instant itemStarted = Instant.parse(items.path("started_at").asText());
    Instant itemEnded = Instant.parse(items.path("ended_at").asText());
    assertThat(items.path("wall_ms").asLong()).isEqualTo(Duration.between(itemStarted, itemEnded).toMillis());
    assertThat(items.path("records_per_second").asDouble())
        .isCloseTo(3 * 1000.0 / items.path("wall_ms").asLong(), within(0.06));
    assertThat(items.fieldNames()).toIterable().contains("updated", "deleted", "requests", "retries", "throttled_ms",
        "rescued", "start_offset", "end_offset", "notices");

    JsonNode tickets = CliFixtures.table(report, "tickets");
    assertThat(tickets.path("status").asText()).isEqualTo("failed");
    assertThat(run.err()).contains("error: table 'tickets' failed: " + tickets.path("error").asText() + "\n");
  }

  @Test
  void aFailedTableLeavesNoStackTraceOnStderrUnlessVerbose() throws IOException {
    seed("cli-quiet").failOnRead("tickets", 1);
    seed("cli-loud").failOnRead("tickets", 1);

    CliRun quiet = CliRun.of("ingest", "--spec", spec("cli_quiet", "tickets").toString(),
        "--connections", connections("cli_quiet", "cli-quiet").toString(),
        "--warehouse", temp.resolve("quiet").toString());
    CliRun verbose = CliRun.of("ingest", "--verbose", "--spec", spec("cli_loud", "tickets").toString(),
        "--connections", connections("cli_loud", "cli-loud").toString(),
        "--warehouse", temp.resolve("loud").toString());

    assertThat(quiet.exitCode()).as(quiet.err()).isEqualTo(1);
    assertThat(quiet.err()).containsPattern("(?m)^error: table 'tickets' failed: .+").doesNotContain("\tat ");
    assertThat(verbose.exitCode()).as(verbose.err()).isEqualTo(1);
    assertThat(verbose.err()).containsPattern("(?m)^error: table 'tickets' failed: .+").contains("\tat ");
  }

  @Test
  void reconcileCountsEachTableAndExitsOneWhenATableLacksRecordsItsSourceHolds() throws IOException {
    seed("cli-reconcile").loseOnRead("tickets", 10);
    Path warehouse = temp.resolve("lakehouse");
    Path spec = spec("cli_reconcile", "items", "tickets");
    Path connections = connections("cli_reconcile", "cli-reconcile");
    CliRun ingest = CliRun.of("ingest", "--spec", spec.toString(), "--connections", connections.toString(),
        "--warehouse", warehouse.toString());
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    assertThat(ingest.err()).containsPattern("(?m)^tickets +cli_reconcile\\.tickets +ok .* 1 missing$")
        .contains("warning: table 'tickets': source 2, table 1 up to 2024-02-02T00:00:00Z: 1 missing from the table");

    CliRun run = CliRun.of("reconcile", "--spec", spec.toString(), "--connections", connections.toString(),
        "--warehouse", warehouse.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out().lines().map(IngestAndSqlCommandTest::json).toList())
        .extracting(j -> j.path("table").asText() + ":" + j.path("source_count").asLong() + "-"
            + j.path("table_count").asLong() + "=" + j.path("difference").asLong())
        .containsExactly("items:3-3=0", "tickets:2-1=1");
    assertThat(run.err()).contains("tickets: source 2, table 1");
  }

  @Test
  void sqlPrintsOneJsonObjectPerRowOfTheIngestedTables() throws IOException {
    seed("cli-sql");
    Path warehouse = temp.resolve("lakehouse");
    assertThat(CliRun.of("ingest", "--spec", spec("cli_sql", "items").toString(),
        "--connections", connections("cli_sql", "cli-sql").toString(),
        "--warehouse", warehouse.toString())).satisfies(r -> assertThat(r.exitCode()).as(r.err()).isZero());

    CliRun run = CliRun.of("sql", "--warehouse", warehouse.toString(),
        "SELECT id, name, price, active FROM cli_sql.items ORDER BY id");

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        {"id":1,"name":"anvil","price":10.50,"active":true}
        {"id":2,"name":"bolt","price":0.25,"active":false}
        {"id":3,"name":"crate","price":7.00,"active":true}
        """);
  }

  @Test
  void ingestExitsOneNamingTheFailedTableAndKeepsTheOthersProgress() throws IOException {
    seed("cli-fail").failOnRead("tickets", 1);
    Path warehouse = temp.resolve("lakehouse");

    CliRun run = CliRun.of("ingest", "--spec", spec("cli_fail", "items", "tickets").toString(),
        "--connections", connections("cli_fail", "cli-fail").toString(), "--warehouse", warehouse.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err())
        .containsPattern("(?m)^tickets +cli_fail\\.tickets +failed ")
        .containsPattern("(?m)^error: table 'tickets' failed: .+")
        .contains("The other tables' progress is kept");
    CliRun query = CliRun.of("sql", "--warehouse", warehouse.toString(), "SELECT COUNT(*) AS n FROM cli_fail.items");
    assertThat(query.out()).isEqualTo("{\"n\":3}\n");
  }

  @Test
  void ingestWithABadSpecExitsTwoListingEveryProblemAndRunsNothing() throws IOException {
    seed("cli-bad");
    Path warehouse = temp.resolve("lakehouse");
    Path spec = Files.writeString(temp.resolve("bad.json"), """
        {"connection_name": "cli_bad",
         "objects": [
           {"table": {"source_table": "itemz"}},
           {"table": {"source_table": "tickets", "table_configuration": {"scd_type": "SCD_TYPE_9"}}}
         ]}
        """);

    CliRun run = CliRun.of("ingest", "--spec", spec.toString(),
        "--connections", connections("cli_bad", "cli-bad").toString(), "--warehouse", warehouse.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("error: ")
        .contains("objects[0].table")
        .contains("itemz")
        .contains("objects[1].table")
        .contains("SCD_TYPE_9")
        .doesNotContain("\tat ");
    assertThat(warehouse).doesNotExist();
  }

  @Test
  void ingestWithAMissingSpecFileExitsTwo() {
    CliRun run = CliRun.of("ingest", "--spec", temp.resolve("nope.json").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: Cannot read pipeline spec ").hasLineCount(1);
  }

  @Test
  void sqlWithAnUnknownTableExitsTwoWithOneLine() throws IOException {
    Path warehouse = Files.createDirectories(temp.resolve("empty-lakehouse"));

    CliRun run = CliRun.of("sql", "--warehouse", warehouse.toString(), "SELECT * FROM nowhere.nothing");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: ").contains("nowhere").hasLineCount(1);
  }

  private static JsonNode json(String line) {
    return CliFixtures.json(line);
  }

  private static MemoryDataset seed(String name) {
    return CliFixtures.seed(name);
  }

  private Path spec(String schema, String... tables) throws IOException {
    return CliFixtures.spec(temp, schema, tables);
  }

  private Path connections(String name, String dataset) throws IOException {
    return CliFixtures.connections(temp, name, dataset);
  }
}
