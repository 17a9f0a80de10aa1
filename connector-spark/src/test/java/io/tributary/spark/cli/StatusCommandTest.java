package io.tributary.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.spark.SharedSpark;
import io.tributary.spark.testing.MemoryDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary status} after two ingests of the same spec. */
class StatusCommandTest {
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @TempDir static Path temp;
  private static Path warehouse;
  private static JsonNode first;
  private static JsonNode second;

  /** Once for the class: each ingest costs seconds of Spark. */
  @BeforeAll
  static void ingestTwice() throws IOException {
    SharedSpark.spark();
    String dataset = "cli-status";
    MemoryDataset data = CliFixtures.seed(dataset);
    warehouse = temp.resolve("lakehouse");
    String[] ingest = {"ingest", "--json", "--spec", CliFixtures.spec(temp, "cli_status", "items", "tickets").toString(),
        "--connections", CliFixtures.connections(temp, "cli_status", dataset).toString(),
        "--warehouse", warehouse.toString()};
    first = ingested(CliRun.of(ingest));
    data.put("tickets", "{\"id\":12,\"subject\":\"badge\",\"updated_at\":\"2024-02-03T00:00:00Z\"}");
    second = ingested(CliRun.of(ingest));
  }

  @Test
  void showsEachTablesLastRunAndItsOffsetInWords() {
    CliRun run = CliRun.of("status", "--warehouse", warehouse.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode tickets = CliFixtures.table(second, "tickets");
    JsonNode items = CliFixtures.table(second, "items");
    assertThat(run.out()).containsPattern("(?m)^TABLE +DESTINATION +LAST RUN +TIME +STATUS +RECORDS +OFFSET$");
    assertThat(run.out()).containsPattern("(?m)^tickets +cli_status\\.tickets +" + startedAt(tickets)
        + " UTC +[0-9.]+ s +ok +" + tickets.path("records").asLong() + " +up to 2024-02-03 00:00:00 UTC$");
    assertThat(run.out()).containsPattern("(?m)^items +cli_status\\.items +" + startedAt(items)
        + " UTC +[0-9.]+ s +ok +3 +snapshot: read in full each run$");
    assertThat(run.out().lines()).hasSize(3);
  }

  @Test
  void withTableShowsItsRunsNewestFirst() {
    CliRun run = CliRun.of("status", "--warehouse", warehouse.toString(), "--table", "tickets");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("RUN +STARTED +TIME +STATUS +RECORDS +INSERTED +UPDATED +DELETED +REQUESTS"
        + " +OFFSET AFTER");
    assertThat(lines.get(1)).startsWith(second.path("run_id").asText().substring(0, 8) + " ")
        .contains(startedAt(CliFixtures.table(second, "tickets")) + " UTC")
        .endsWith("up to 2024-02-03 00:00:00 UTC");
    assertThat(lines.get(2)).startsWith(first.path("run_id").asText().substring(0, 8) + " ")
        .contains(startedAt(CliFixtures.table(first, "tickets")) + " UTC")
        .containsPattern(" ok +2 +2 +0 +0 ")
        .endsWith("up to 2024-02-02 00:00:00 UTC");
  }

  @Test
  void anUnknownTableNamesTheTablesInTheLog() {
    CliRun run = CliRun.of("status", "--warehouse", warehouse.toString(), "--table", "tikets");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: Cannot show the runs of table 'tikets' for --table")
        .contains("items, tickets")
        .hasLineCount(1);
  }

  @Test
  void aWarehouseWithoutIngestionLogIsOneLineNamingWarehouse() throws IOException {
    Path empty = Files.createDirectories(temp.resolve("empty"));

    CliRun run = CliRun.of("status", "--warehouse", empty.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: ").contains("--warehouse", empty.toString()).hasLineCount(1);
  }

  private static JsonNode ingested(CliRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return CliFixtures.json(run.out());
  }

  private static String startedAt(JsonNode table) {
    return UTC.format(Instant.parse(table.path("started_at").asText()));
  }
}
