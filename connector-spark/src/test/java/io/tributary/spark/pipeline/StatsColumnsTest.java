package io.tributary.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import io.tributary.spark.testing.MemoryDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which columns Delta keeps file statistics of in the tables Tributary creates, read from the
 * tables' own commits: the statistics Delta wrote with each file.
 */
class StatsColumnsTest {
  private static final String DATASET = "stats-columns-test";
  private final SparkSession spark = Frames.spark();

  @AfterEach
  void tearDown() {
    MemoryDataset.drop(DATASET);
  }

  @Test
  void aNewTableKeepsStatisticsOfItsKeysSequenceAndClusteringColumnsOrOfWhatTheSpecLists() {
    MemoryData.firstRun(DATASET);
    Path warehouse = Frames.tempDir("stats-lakehouse");
    PipelineSpec spec = PipelineSpec.parse("""
        {"connection_name": "mem", "objects": [
          {"table": {"source_table": "tickets", "destination_schema": "stats", "destination_table": "lean"}},
          {"table": {"source_table": "tickets", "destination_schema": "stats", "destination_table": "history",
                     "table_configuration": {"scd_type": "SCD_TYPE_2"}}},
          {"table": {"source_table": "tickets", "destination_schema": "stats", "destination_table": "listed",
                     "table_configuration": {"stats_columns": ["status", "requester"], "cluster_by": "created_at"}}},
          {"table": {"source_table": "tickets", "destination_schema": "stats", "destination_table": "delta_choice",
                     "table_configuration": {"stats_columns": "*"}}},
          {"table": {"source_table": "events", "destination_schema": "stats", "destination_table": "events",
                     "table_configuration": {"partition_by": "month(created_at)"}}}
        ]}""", MemoryData.connections(DATASET));

    IngestionReport report = Ingestion.run(spark, spec, MemoryData.connections(DATASET), IngestionOptions.at(warehouse));

    assertThat(report.status()).isEqualTo(TableStatus.OK);
    assertThat(statsColumns(warehouse.resolve("stats/lean"))).containsExactly("id", "updated_at");
    assertThat(statsColumns(warehouse.resolve("stats/history")))
        .containsExactlyInAnyOrder("id", "updated_at", "__START_AT", "__END_AT");
    assertThat(statsColumns(warehouse.resolve("stats/listed")))
        .as("the listed columns, a struct's fields included, and the clustering column Delta clusters by")
        .containsExactlyInAnyOrder("status", "requester", "created_at");
    // Delta's own choice: every leading column it can keep statistics of, the long texts included.
    assertThat(statsColumns(warehouse.resolve("stats/delta_choice")))
        .contains("id", "subject", "status", "amount", "requester", "created_at", "updated_at");
    assertThat(statsColumns(warehouse.resolve("stats/events"))).as("the month is a partition")
        .containsExactlyInAnyOrder("id", "created_at");
    assertThat(spark.sql("SHOW TBLPROPERTIES delta.`" + warehouse.resolve("stats/lean").toUri() + "`")
        .filter("key = 'delta.dataSkippingStatsColumns'").collectAsList())
        .singleElement().satisfies(row -> assertThat(row.getString(1)).isEqualTo("id,updated_at"));
    for (String table : List.of("lean", "delta_choice")) {
      assertThat(spark.read().format("delta").load(warehouse.resolve("stats/" + table).toString()).count())
          .as("rows of %s", table).isEqualTo(5);
    }
  }

  /** The columns of {@code minValues} or {@code nullCount} in the statistics of the table's data files. */
  private static Set<String> statsColumns(Path table) {
    Set<String> columns = new TreeSet<>();
    List<JsonNode> adds = new ArrayList<>();
    try (Stream<Path> commits = Files.list(table.resolve("_delta_log"))) {
      for (Path commit : commits.filter(p -> p.toString().endsWith(".json")).toList()) {
        for (String line : Files.readAllLines(commit)) {
          JsonNode action = Json.MAPPER.readTree(line);
          if (action.has("add")) {
            adds.add(Json.MAPPER.readTree(action.get("add").get("stats").asText()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(adds).as("data files of %s", table).isNotEmpty();
    for (JsonNode stats : adds) {
      assertThat(stats.path("numRecords").asLong()).as("row count of a file of %s", table).isPositive();
      stats.path("nullCount").fieldNames().forEachRemaining(columns::add);
      stats.path("minValues").fieldNames().forEachRemaining(columns::add);
    }
    return columns;
  }
}
