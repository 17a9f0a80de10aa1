package io.tributary.spark.pipeline;

import static io.tributary.spark.pipeline.Frames.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spark.testing.MemoryDataset;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestionTest {
  private static final String DATASET = "ingestion-test";
  private final SparkSession spark = Frames.spark();

  @AfterEach
  void tearDown() {
    MemoryDataset.drop(DATASET);
  }

  @Test
  void ingestsEveryTypeThenAppliesUpdatesInsertsAndDeletesOfASecondRun() {
    MemoryDataset data = MemoryData.firstRun(DATASET);
    Path warehouse = Frames.tempDir("lakehouse");
    PipelineSpec spec = PipelineSpec.load(PipelineSpecTest.resource("memory-spec.json"));
    List<TableProgress> progress = new ArrayList<>();
    IngestionOptions options = IngestionOptions.at(warehouse).withListener(new ProgressListener() {
      @Override
      public void batchApplied(TableProgress p) {
        progress.add(p);
      }
    });

    IngestionReport first = Ingestion.run(spark, spec, MemoryData.connections(DATASET), options);

    assertThat(first.status()).isEqualTo(TableStatus.OK);
    assertThat(rows(spark.table("support.tickets"), "id", "status")).containsExactly(
        "1|open", "2|open", "3|open", "4|pending", "5|open");
    assertThat(first.table("tickets").inserted()).isEqualTo(5);
    assertThat(progress.stream().filter(p -> p.destination().equals("support.tickets")).count())
        .as("5 tickets at 2 per batch").isEqualTo(3);

    data.clock(Instant.parse("2024-06-02T00:00:00Z"));
    data.put("conversations", "{\"ticket_id\":1,\"id\":11,\"body\":\"turned it off and on\",\"updated_at\":\"2024-06-01T10:00:00Z\"}");
    MemoryData.upsertAll(data, "run2-changes.jsonl");
    data.delete("items", Instant.parse("2024-06-01T00:00:00Z"), 3);
    data.delete("conversations", Instant.parse("2024-06-01T10:00:00Z"), 1, 12);
    data.delete("tickets", Instant.parse("2024-06-01T11:00:00Z"), 2);

    IngestionReport second = Ingestion.run(spark, spec, MemoryData.connections(DATASET), options);

    assertThat(second.status()).isEqualTo(TableStatus.OK);
    assertThat(rows(spark.table("default.items"), "id", "name")).containsExactly("1|a", "2|b2", "4|d");
    assertThat(rows(spark.table("default.items_history"), "id", "name", "__END_AT IS NULL")).containsExactly(
        "1|a|true", "2|b2|true", "2|b|false", "3|c|false", "4|d|true");
    assertThat(rows(spark.table("support.tickets"), "id", "status", "updated_at")).containsExactly(
        "1|solved|2024-06-01 10:00:00", "3|open|2024-05-03 00:00:00", "4|pending|2024-05-04 00:00:00",
        "5|open|2024-05-05 00:00:00", "6|open|2024-06-01 12:00:00");
    assertThat(rows(spark.table("support.tickets_history"), "id", "status", "__START_AT", "__END_AT")).containsExactly(
        "1|open|2024-05-01 00:00:00|2024-06-01 10:00:00",
        "1|solved|2024-06-01 10:00:00|null",
        "2|open|2024-05-02 00:00:00|2024-06-01 11:00:00",
        "3|open|2024-05-03 00:00:00|null",
        "4|pending|2024-05-04 00:00:00|null",
        "5|open|2024-05-05 00:00:00|null",
        "6|open|2024-06-01 12:00:00|null");
    assertThat(rows(spark.table("default.events"), "id", "month")).containsExactly(
        "1|2024-04", "2|2024-05", "3|2024-05", "4|2024-06");
    assertThat(rows(spark.table("support.conversations"), "ticket_id", "id", "body")).containsExactly(
        "1|11|turned it off and on");

    TableReport tickets = second.table("tickets");
    assertThat(List.of(tickets.inserted(), tickets.updated(), tickets.deleted())).containsExactly(1L, 1L, 1L);
    assertThat(tickets.startOffset()).isEqualTo(first.table("tickets").endOffset());
    assertThat(tickets.requests()).isPositive();

    List<Row> log = spark.sql("SELECT run_id, source_table, destination, status, inserted, updated, deleted, "
        + "start_offset, end_offset FROM _tributary.ingestion_log WHERE destination = 'support.tickets' "
        + "ORDER BY started_at").collectAsList();
    assertThat(log).hasSize(2);
    assertThat(log.get(1).getString(0)).isEqualTo(second.runId());
    assertThat(log.get(1).getString(3)).isEqualTo("ok");
    assertThat(List.of(log.get(1).getLong(4), log.get(1).getLong(5), log.get(1).getLong(6))).containsExactly(1L, 1L, 1L);
    assertThat(log.get(1).getString(7)).isEqualTo(first.table("tickets").endOffset().orElseThrow());
    assertThat(spark.sql("SELECT count(*) FROM _tributary.ingestion_log").first().getLong(0)).isEqualTo(12);
  }
}
