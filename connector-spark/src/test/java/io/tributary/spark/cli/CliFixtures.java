package io.tributary.spark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import io.tributary.spark.testing.MemoryDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The memory datasets, specs and connections files the CLI's ingest tests run on. */
final class CliFixtures {
  private CliFixtures() {}

  /** Items (snapshot) 1–3 and tickets (incremental on updated_at) 10–11, the last updated 2024-02-02. */
  static MemoryDataset seed(String name) {
    MemoryDataset data = MemoryDataset.create(name).clock(Instant.parse("2024-06-01T00:00:00Z"));
    data.put("items", "{\"id\":1,\"name\":\"anvil\",\"price\":10.50,\"active\":true,\"updated_at\":\"2024-01-01T00:00:00Z\"}");
    data.put("items", "{\"id\":2,\"name\":\"bolt\",\"price\":0.25,\"active\":false,\"updated_at\":\"2024-01-02T00:00:00Z\"}");
    data.put("items", "{\"id\":3,\"name\":\"crate\",\"price\":7,\"active\":true,\"updated_at\":\"2024-01-03T00:00:00Z\"}");
    data.put("tickets", "{\"id\":10,\"subject\":\"printer\",\"updated_at\":\"2024-02-01T00:00:00Z\"}");
    data.put("tickets", "{\"id\":11,\"subject\":\"vpn\",\"updated_at\":\"2024-02-02T00:00:00Z\"}");
    return data;
  }

  /** A pipeline_spec of connection {@code schema} writing {@code tables} into schema {@code schema}. */
  static Path spec(Path dir, String schema, String... tables) throws IOException {
    StringBuilder objects = new StringBuilder();
    for (String table : tables) {
      objects.append(objects.isEmpty() ? "" : ",")
          .append("{\"table\":{\"source_table\":\"").append(table)
          .append("\",\"destination_schema\":\"").append(schema).append("\"}}");
    }
    return Files.writeString(dir.resolve(schema + ".json"),
        "{\"connection_name\":\"" + schema + "\",\"objects\":[" + objects + "]}");
  }

  static Path connections(Path dir, String name, String dataset) throws IOException {
    return Files.writeString(dir.resolve(name + "-connections.json"),
        "{\"" + name + "\":{\"source\":\"memory\",\"options\":{\"dataset\":\"" + dataset + "\"}}}");
  }

  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /** The entry of {@code table} in an {@code ingest --json} report. */
  static JsonNode table(JsonNode report, String table) {
    for (JsonNode t : report.path("tables")) {
      if (t.path("table").asText().equals(table)) {
        return t;
      }
    }
    throw new AssertionError("no table '" + table + "' in " + report);
  }
}
