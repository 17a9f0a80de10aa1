package io.tributary.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spark.testing.MemoryDataset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
  private static final String DATASET = "reconciliation-test";
  private final SparkSession spark = Frames.spark();
  private MemoryDataset data;
  private Path warehouse;
  private PipelineSpec spec;

  @BeforeEach
  void setUp() {
    data = MemoryData.firstRun(DATASET);
    warehouse = Frames.tempDir("reconcile");
    spec = PipelineSpec.load(PipelineSpecTest.resource("memory-spec.json"));
  }

  @AfterEach
  void tearDown() {
    MemoryDataset.drop(DATASET);
  }

  private IngestionReport ingest() {
    return Ingestion.run(spark, spec, MemoryData.connections(DATASET), IngestionOptions.at(warehouse));
  }

  /** Two tables only (a snapshot and a cdc_with_deletes), for the cases that need no more. */
  private IngestionReport ingestTwoTables(IngestionOptions options) {
    spec = PipelineSpec.load(PipelineSpecTest.resource("reconcile-spec.json"));
    return Ingestion.run(spark, spec, MemoryData.connections(DATASET), options);
  }

  @Test
  void aFaithfulRunEqualsItsSourceInEveryCountedTableAndOnDemandCatchesALateRecord() {
    IngestionReport report = ingest();

    assertThat(report.status()).isEqualTo(TableStatus.OK);
    List<TableReport> counted = report.tables().stream().filter(t -> t.reconciliation().isPresent()).toList();
    assertThat(counted).extracting(TableReport::destination)
        .as("every table but the appended events").containsExactlyInAnyOrder(
            "default.items", "default.items_history", "support.tickets", "support.tickets_history", "support.conversations");
    assertThat(counted).allSatisfy(t -> {
      Reconciliation r = t.reconciliation().orElseThrow();
      assertThat(r.counted()).as(t.destination()).isTrue();
      assertThat(r.difference()).as(r.describe()).isZero();
    });
    Reconciliation tickets = report.table("tickets").reconciliation().orElseThrow();
    assertThat(tickets.sourceRecords()).contains((long) data.records("tickets").size());
    assertThat(tickets.upTo()).as("the committed watermark bounds the window").isPresent();
    assertThat(report.table("items").reconciliation().orElseThrow().upTo()).as("a snapshot counts whole").isEmpty();

    // Visible only now, with a cursor the table's watermark already passed: no listing can see it.
    data.put("tickets", "{\"id\":9,\"subject\":\"late\",\"status\":\"open\",\"created_at\":\"2024-05-02T00:00:00Z\","
        + "\"updated_at\":\"2024-05-02T00:00:00Z\"}");
    Map<String, Reconciliation> onDemand = Ingestion.reconcile(spark, spec, MemoryData.connections(DATASET),
        IngestionOptions.at(warehouse));

    assertThat(onDemand.get("tickets").difference()).isEqualTo(1);
    assertThat(onDemand.get("items").difference()).isZero();
    assertThat(onDemand).doesNotContainKey("events");
  }

  @Test
  void catchesALossyConnectorInTheReportAndTheIngestionLog() {
    data.loseOnRead("tickets", 2, 3);

    IngestionReport report = ingestTwoTables(IngestionOptions.at(warehouse));

    assertThat(report.status()).as("a difference reports, it does not fail the run").isEqualTo(TableStatus.OK);
    Reconciliation tickets = report.table("tickets").reconciliation().orElseThrow();
    assertThat(tickets.sourceRecords()).contains(5L);
    assertThat(tickets.tableRows()).contains(3L);
    assertThat(tickets.difference()).isEqualTo(2);
    assertThat(tickets.describe()).startsWith("source 5, table 3 up to ").contains("2 missing from the table");
    Row logged = spark.read().format("delta").load(warehouse.resolve("_tributary").resolve("ingestion_log").toString())
        .filter("destination = 'support.tickets'").select("source_count", "table_count", "reconciliation").first();
    assertThat(logged.getLong(0)).isEqualTo(5);
    assertThat(logged.getLong(1)).isEqualTo(3);
    assertThat(logged.getString(2)).contains("2 missing");
    assertThat(report.table("items").reconciliation().orElseThrow().differs()).isFalse();
  }

  @Test
  void aCountThatFailsIsReportedAndNeverFailsTheRun() {
    data.failCounts();

    IngestionReport report = ingestTwoTables(IngestionOptions.at(warehouse));

    assertThat(report.status()).isEqualTo(TableStatus.OK);
    Reconciliation tickets = report.table("tickets").reconciliation().orElseThrow();
    assertThat(tickets.counted()).isFalse();
    assertThat(tickets.describe()).isEqualTo("not counted: Cannot count table 'tickets': the count endpoint answered 503");
  }

  @Test
  void skipsCountingWhenTheRunAsksNotTo() {
    IngestionReport report = ingestTwoTables(IngestionOptions.at(warehouse).withoutReconciliation());

    assertThat(report.tables()).allSatisfy(t -> assertThat(t.reconciliation()).isEmpty());
  }
}
