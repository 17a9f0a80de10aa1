package io.tributary.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import io.tributary.spark.testing.MemoryDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Tributary#ingest} as a PySpark cell calls it: JSON strings in, JSON out. */
class TributaryNotebookTest {
  private static final String DATASET = "notebook-test";
  private static final String SECRET = "sk-notebook-secret-7f3a";
  private final SparkSession spark = SharedSpark.spark();

  @AfterEach
  void tearDown() {
    MemoryDataset.drop(DATASET);
  }

  @Test
  void ingestsASpecGivenAsJsonAndReturnsTheReportAsJson() throws Exception {
    MemoryDataset.create(DATASET)
        .put("items", "{\"id\":1,\"name\":\"a\"}")
        .put("items", "{\"id\":2,\"name\":\"b\"}");
    Path warehouse = Files.createTempDirectory(SharedSpark.warehouse(), "notebook");
    String spec = "{\"connection_name\": \"mem\", \"objects\": [{\"table\": {\"source_table\": \"items\","
        + " \"destination_schema\": \"notebook\", \"destination_table\": \"items\"}}]}";

    JsonNode report = Json.MAPPER.readTree(Tributary.ingest(spark, spec, connections(),
        "{\"warehouse\": \"" + warehouse + "\", \"state_location\": \"" + warehouse.resolve("state") + "\"}"));

    assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("ok");
    assertThat(report.path("tables").get(0).path("destination").asText()).isEqualTo("notebook.items");
    assertThat(report.path("tables").get(0).path("inserted").asLong()).isEqualTo(2);
    assertThat(spark.read().format("delta").load(warehouse.resolve("notebook/items").toString()).count()).isEqualTo(2);
    assertThat(warehouse.resolve("state/ingestion_log/_delta_log")).as("state apart from the tables").isDirectory();
    assertThat(warehouse.resolve("_tributary")).doesNotExist();
    assertThat(report.toString()).doesNotContain(SECRET);
  }

  @Test
  void aBadSpecBadConnectionsAndBadOptionsReturnEveryProblemAndRunNothing() throws Exception {
    Path warehouse = Files.createTempDirectory(SharedSpark.warehouse(), "notebook-bad");
    String spec = "{\"connection_name\": \"mem\", \"objects\": [{\"table\": {\"source_table\": \"no_such_table\"}},"
        + " {\"table\": {\"source_table\": \"items\", \"scd\": 2}}]}";

    JsonNode report = Json.MAPPER.readTree(Tributary.ingest(spark, spec, connections(),
        "{\"warehouse\": \"" + warehouse + "\", \"max_concurrent_tables\": 0, \"reconsile\": false}"));

    assertThat(report.path("status").asText()).isEqualTo("invalid");
    List<String> problems = new ArrayList<>();
    report.path("problems").forEach(p -> problems.add(p.asText()));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("no_such_table"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("scd"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("Unknown option 'reconsile'"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("max_concurrent_tables"));
    assertThat(report.toString()).doesNotContain(SECRET);
    try (var files = Files.list(warehouse)) {
      assertThat(files).as("nothing ran").isEmpty();
    }
  }

  @Test
  void aMissingWarehouseAndConnectionsThatAreNotJsonAreReportedNotThrown() throws Exception {
    JsonNode report = Json.MAPPER.readTree(Tributary.ingest(spark, "{\"connection_name\": \"mem\", \"objects\": []}",
        "{not json", "{}"));

    assertThat(report.path("status").asText()).isEqualTo("invalid");
    assertThat(report.path("problems").toString()).contains("Option 'warehouse' is required").contains("connections");
  }

  private static String connections() {
    return "{\"mem\": {\"source\": \"memory\", \"options\": {\"dataset\": \"" + DATASET + "\", \"api_key\": \""
        + SECRET + "\"}}}";
  }
}
