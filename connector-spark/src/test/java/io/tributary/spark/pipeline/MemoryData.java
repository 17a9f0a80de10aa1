package io.tributary.spark.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.spark.testing.MemoryDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** Fills memory datasets from the JSON-lines fixtures under {@code /pipeline}. */
final class MemoryData {
  private MemoryData() {}

  /** The dataset {@code name} on the fixed test clock, holding every table's first-run records. */
  static MemoryDataset firstRun(String name) {
    MemoryDataset data = MemoryDataset.create(name).clock(java.time.Instant.parse("2024-06-01T00:00:00Z"));
    for (String table : java.util.List.of("items", "tickets", "events", "conversations")) {
      load(data, table, "run1-" + table + ".jsonl");
    }
    return data;
  }

  /** Puts every line of {@code /pipeline/<file>} into {@code table}. */
  static void load(MemoryDataset data, String table, String file) {
    try {
      for (String line : Files.readAllLines(PipelineSpecTest.resource(file))) {
        if (!line.isBlank()) {
          data.put(table, line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Applies lines of the form {"table": ..., "record": {...}} as upserts. */
  static void upsertAll(MemoryDataset data, String file) {
    try {
      for (String line : Files.readAllLines(PipelineSpecTest.resource(file))) {
        if (!line.isBlank()) {
          JsonNode change = Json.MAPPER.readTree(line);
          data.put(change.get("table").asText(), (ObjectNode) change.get("record"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Connections connections(String dataset) {
    return Connections.fromSettings(Map.of("mem.source", "memory", "mem.dataset", dataset, "mem.api_key", "sk-memory-secret"), n -> null);
  }
}
