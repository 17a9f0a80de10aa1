package io.tributary.examples.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The files a demo run writes into its lakehouse: one connections file naming every started
 * simulator, and one pipeline_spec per source (a spec has one connection). They are ordinary
 * inputs of {@code tributary ingest}, so the demo exercises the same path a user does.
 */
final class DemoFiles {
  /** Inside the lakehouse, beside (not among) the schema directories. */
  static final String DIRECTORY = "_demo";
  static final String CONNECTIONS = "connections.json";

  private DemoFiles() {}

  static String connectionName(String source) {
    return source + "_demo";
  }

  static Path specFile(Path dir, String source) {
    return dir.resolve(source + ".pipeline.json");
  }

  /** {@code {"<source>_demo": {"source": ..., "options": {...}}}} for each started source. */
  static Path writeConnections(Path dir, Map<String, Map<String, String>> optionsBySource) {
    ObjectNode root = Json.object();
    optionsBySource.forEach((source, options) -> {
      ObjectNode connection = root.putObject(connectionName(source));
      connection.put("source", source);
      ObjectNode values = connection.putObject("options");
      options.forEach(values::put);
    });
    return write(dir.resolve(CONNECTIONS), root);
  }

  /** A spec ingesting {@code tables} into the schema named after the source. */
  static Path writeSpec(Path dir, String source, List<String> tables) {
    ObjectNode root = Json.object();
    root.put("connection_name", connectionName(source));
    ArrayNode objects = root.putArray("objects");
    for (String table : tables) {
      ObjectNode entry = objects.addObject().putObject("table");
      entry.put("source_table", table);
      entry.put("destination_schema", source);
      entry.put("destination_table", table);
    }
    return write(specFile(dir, source), root);
  }

  private static Path write(Path file, ObjectNode json) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
      return file;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
