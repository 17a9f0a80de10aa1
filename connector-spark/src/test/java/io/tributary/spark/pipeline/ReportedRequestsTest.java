package io.tributary.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.ReadMetrics;
import io.tributary.spark.testing.MemoryDataset;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The requests, retries and throttled time a run reports per table are exactly what the connector
 * spent on that table, wherever the reads ran: planning on the driver, micro-batch admission on
 * the driver (including the final call that finds the table caught up), and partitions or whole
 * listings on executors. Every page of the memory connector costs two requests, one retry and 5 ms
 * here, so each counter is checked.
 */
class ReportedRequestsTest {
  private static final String DATASET = "reported-requests-test";
  private final SparkSession spark = Frames.spark();
  private MemoryDataset data;
  private Path warehouse;

  @BeforeEach
  void setUp() {
    data = MemoryData.firstRun(DATASET).retryEveryPage();
    warehouse = Frames.tempDir("requests");
  }

  @AfterEach
  void tearDown() {
    MemoryDataset.drop(DATASET);
  }

  @Test
  void streamedTablesReportRequestsMadeOnTheDriverAndOnExecutorsInEveryRun() {
    PipelineSpec spec = PipelineSpec.parse("""
        {"connection_name": "mem", "objects": [
          {"table": {"source_table": "tickets", "table_configuration": {"per_page": "2", "max_pages_per_batch": "1"}}},
          {"table": {"source_table": "events", "table_configuration": {"partitions": "2", "per_page": "1"}}},
          {"table": {"source_table": "conversations"}}
        ]}""");
    List<String> tables = List.of("tickets", "events", "conversations");

    Map<String, ReadMetrics> before = spentOn(tables);
    IngestionReport first = Ingestion.run(spark, spec, MemoryData.connections(DATASET), IngestionOptions.at(warehouse));

    assertThat(first.status()).isEqualTo(TableStatus.OK);
    assertReportsMatch(first, tables, before);
    assertThat(first.table("tickets").requests()).as("5 tickets, 2 per page, then the caught-up checks").isGreaterThan(6);

    data.clock(Instant.parse("2024-06-02T00:00:00Z"));
    MemoryData.upsertAll(data, "run2-changes.jsonl");
    data.delete("tickets", Instant.parse("2024-06-01T11:00:00Z"), 2);
    before = spentOn(tables);
    IngestionReport second = Ingestion.run(spark, spec, MemoryData.connections(DATASET), IngestionOptions.at(warehouse));

    assertThat(second.status()).isEqualTo(TableStatus.OK);
    assertReportsMatch(second, tables, before);
    List<Row> logged = spark.read().format("delta").load(warehouse.resolve("_tributary/ingestion_log").toString())
        .filter("run_id = '" + second.runId() + "' AND source_table = 'tickets'")
        .select("requests", "retries", "throttled_ms").collectAsList();
    TableReport tickets = second.table("tickets");
    assertThat(logged).hasSize(1);
    assertThat(List.of(logged.get(0).getLong(0), logged.get(0).getLong(1), logged.get(0).getLong(2)))
        .containsExactly(tickets.requests(), tickets.retries(), tickets.throttledMs());
  }

  @Test
  void snapshotTablesReportRequestsOfPlanningOnTheDriverAndReadsOnExecutors() {
    PipelineSpec serial = PipelineSpec.parse("""
        {"connection_name": "mem", "objects": [
          {"table": {"source_table": "items", "table_configuration": {"per_page": "1", "max_pages_per_batch": "2"}}}
        ]}""");
    PipelineSpec partitioned = PipelineSpec.parse("""
        {"connection_name": "mem", "objects": [
          {"table": {"source_table": "items", "destination_table": "items_split",
                     "table_configuration": {"partitions": "2", "per_page": "1"}}}
        ]}""");

    for (PipelineSpec spec : List.of(serial, partitioned)) {
      Map<String, ReadMetrics> before = spentOn(List.of("items"));
      IngestionReport report = Ingestion.run(spark, spec, MemoryData.connections(DATASET), IngestionOptions.at(warehouse));

      assertThat(report.status()).isEqualTo(TableStatus.OK);
      assertReportsMatch(report, List.of("items"), before);
    }
  }

  /**
   * A table whose reads fail after some pages spent real requests and retries on them: its report
   * and its ingestion-log row say so, whether the failing read ran as a task on an executor (a
   * snapshot listing, a partition) or on the driver (micro-batch admission).
   */
  @Test
  void aFailedTableReportsTheRequestsAndRetriesItSpentBeforeFailing() {
    PipelineSpec spec = PipelineSpec.parse("""
        {"connection_name": "mem", "objects": [
          {"table": {"source_table": "items", "table_configuration": {"per_page": "1", "max_pages_per_batch": "1"}}},
          {"table": {"source_table": "events", "table_configuration": {"partitions": "2", "per_page": "1"}}},
          {"table": {"source_table": "tickets", "table_configuration": {"per_page": "1", "max_pages_per_batch": "1"}}}
        ]}""");
    List<String> tables = List.of("items", "events", "tickets");
    data.failOnRead("items", 3).failOnRead("events", 2).failOnRead("tickets", 3);

    Map<String, ReadMetrics> before = spentOn(tables);
    IngestionReport failed = Ingestion.run(spark, spec, MemoryData.connections(DATASET), IngestionOptions.at(warehouse));

    assertThat(failed.failures()).extracting(TableReport::sourceTable).containsExactlyInAnyOrderElementsOf(tables);
    assertReportsMatch(failed, tables, before);
    assertThat(failed.table("items").requests()).as("two pages of one request and one retry each").isEqualTo(4);
    assertThat(failed.table("items").retries()).isEqualTo(2);
    List<Row> logged = spark.read().format("delta").load(warehouse.resolve("_tributary/ingestion_log").toString())
        .filter("run_id = '" + failed.runId() + "'")
        .select("source_table", "status", "requests", "retries", "throttled_ms").collectAsList();
    assertThat(logged).extracting(r -> r.getString(0) + " " + r.getString(1) + " " + r.getLong(2) + " " + r.getLong(3)
            + " " + r.getLong(4))
        .containsExactlyInAnyOrderElementsOf(tables.stream().map(t -> {
          TableReport report = failed.table(t);
          return t + " failed " + report.requests() + " " + report.retries() + " " + report.throttledMs();
        }).toList());
  }

  private Map<String, ReadMetrics> spentOn(List<String> tables) {
    Map<String, ReadMetrics> spent = new HashMap<>();
    tables.forEach(t -> spent.put(t, data.spent(t)));
    return spent;
  }

  private void assertReportsMatch(IngestionReport report, List<String> tables, Map<String, ReadMetrics> before) {
    for (String table : tables) {
      ReadMetrics spent = data.spent(table).minus(before.get(table));
      TableReport reported = report.table(table);
      assertThat(spent.requests()).as("requests the connector made for %s", table).isPositive();
      assertThat(List.of(reported.requests(), reported.retries(), reported.throttledMs()))
          .as("requests, retries, throttled ms reported for %s", table)
          .containsExactly(spent.requests(), spent.retries(), spent.throttledMillis());
    }
  }
}
