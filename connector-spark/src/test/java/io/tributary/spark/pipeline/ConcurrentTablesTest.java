package io.tributary.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spark.testing.MemoryDataset;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tables of one run ingest side by side, up to {@code maxConcurrentTables}: their first read
 * calls meet, which they cannot when the tables run one after another. A child table still waits
 * for its parent, and a failing table fails alone.
 */
class ConcurrentTablesTest {
  private static final String DATASET = "concurrent-tables-test";
  private final SparkSession spark = Frames.spark();
  private MemoryDataset data;
  private Path warehouse;

  @BeforeEach
  void setUp() {
    data = MemoryData.firstRun(DATASET);
    warehouse = Frames.tempDir("concurrent");
  }

  @AfterEach
  void tearDown() {
    MemoryDataset.drop(DATASET);
  }

  private IngestionReport ingest(String spec, IngestionOptions options) {
    return Ingestion.run(spark, PipelineSpec.load(PipelineSpecTest.resource(spec)), MemoryData.connections(DATASET),
        options);
  }

  private long rows(String destination) {
    return spark.read().format("delta").load(warehouse.resolve(destination.replace('.', '/')).toString()).count();
  }

  @Test
  void twoTablesReadSideBySideAndTheOneThatFailsFailsAlone() {
    data.meetOnFirstRead(Duration.ofSeconds(30), "items", "tickets").failOnRead("tickets", 1);

    IngestionReport report = ingest("reconcile-spec.json", IngestionOptions.at(warehouse).withMaxConcurrentTables(2));

    assertThat(data.metWithoutWaitingOut()).as("the two tables' first reads met").isTrue();
    assertThat(report.table("tickets").status()).isEqualTo(TableStatus.FAILED);
    assertThat(report.table("items").status()).isEqualTo(TableStatus.OK);
    assertThat(rows("default.items")).isEqualTo(data.records("items").size());
    assertThat(report.tables()).extracting(TableReport::sourceTable).containsExactly("items", "tickets");
  }

  /** A table's records and its deletes are listed side by side, each waiting on its own requests. */
  @Test
  void aTablesRecordsAndDeletesAreReadSideBySide() {
    data.meetOnFirstRead(Duration.ofSeconds(10), "tickets", "tickets/deletes");
    data.delete("tickets", java.time.Instant.parse("2024-05-20T00:00:00Z"), 2);

    IngestionReport report = Ingestion.run(spark, PipelineSpec.parse("{\"connection_name\": \"mem\", \"objects\": "
        + "[{\"table\": {\"source_table\": \"tickets\", \"destination_schema\": \"feeds\"}}]}"),
        MemoryData.connections(DATASET), IngestionOptions.at(warehouse));

    assertThat(data.metWithoutWaitingOut()).as("the first records read and the first deletes read met").isTrue();
    assertThat(report.status()).isEqualTo(TableStatus.OK);
    assertThat(rows("feeds.tickets")).isEqualTo(data.records("tickets").size());
    assertThat(spark.read().format("delta").load(warehouse.resolve("feeds/tickets").toString()).filter("id = 2").count())
        .as("the deleted ticket").isZero();
  }

  @Test
  void oneTableAtATimeWhenTheRunAsksForOne() {
    data.meetOnFirstRead(Duration.ofSeconds(2), "items", "tickets");

    IngestionReport report = ingest("reconcile-spec.json", IngestionOptions.at(warehouse).withMaxConcurrentTables(1));

    assertThat(data.metWithoutWaitingOut()).isFalse();
    assertThat(report.status()).isEqualTo(TableStatus.OK);
  }

  @Test
  void aChildTableWaitsForItsParentWhileOtherTablesRun() {
    data.meetOnFirstRead(Duration.ofSeconds(3), "tickets", "conversations");

    IngestionReport report = ingest("memory-spec.json", IngestionOptions.at(warehouse).withMaxConcurrentTables(4));

    assertThat(data.metWithoutWaitingOut()).as("conversations read while tickets was still running").isFalse();
    assertThat(report.status()).isEqualTo(TableStatus.OK);
    assertThat(rows("support.conversations")).isEqualTo(data.records("conversations").size());
    assertThat(report.tables()).extracting(TableReport::destination).containsExactly("default.items",
        "default.items_history", "support.tickets", "support.tickets_history", "default.events",
        "support.conversations");
  }
}
