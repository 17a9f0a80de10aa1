package io.tributary.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.spark.cli.IngestRun;
import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.TableStatus;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * A real ingest as {@code tributary ingest} runs it ({@link IngestRun}: spec and connections files,
 * validation, Delta writes, reconciliation), into a fresh lakehouse. Its progress goes to a log
 * file beside the lakehouse, not to the harness's table.
 */
final class Ingests {
  private Ingests() {}

  /** Ingests {@code tables} of {@code source} at {@code options} into {@code dir}/lakehouse; fails on a failed table. */
  static IngestionReport run(SparkSession spark, Path dir, String source, Map<String, String> options,
      List<String> tables, Map<String, String> tableOptions) {
    try {
      Files.createDirectories(dir);
      ObjectNode connections = Json.object();
      ObjectNode connection = connections.putObject("bench");
      connection.put("source", source);
      ObjectNode values = connection.putObject("options");
      options.forEach(values::put);
      Path connectionsFile = Files.writeString(dir.resolve("connections.json"), connections.toString());
      ObjectNode spec = Json.object();
      spec.put("connection_name", "bench");
      ArrayNode objects = spec.putArray("objects");
      for (String table : tables) {
        ObjectNode entry = objects.addObject().putObject("table");
        entry.put("source_table", table);
        entry.put("destination_schema", source);
        entry.put("destination_table", table);
        if (!tableOptions.isEmpty()) {
          ObjectNode config = entry.putObject("table_configuration");
          tableOptions.forEach(config::put);
        }
      }
      Path specFile = Files.writeString(dir.resolve("spec.json"), spec.toString());
      IngestRun run = IngestRun.prepare(specFile, Optional.of(connectionsFile), dir.resolve("lakehouse"));
      IngestionReport report;
      try (PrintStream progress = new PrintStream(new FileOutputStream(dir.resolve("progress.log").toFile()), true)) {
        report = run.execute(spark, progress);
      }
      if (report.status() != TableStatus.OK) {
        throw new IllegalStateException("Cannot measure: the ingest into " + dir + " ended " + report.status()
            + ": " + report.failures().stream().map(f -> f.sourceTable() + ": " + f.error().orElse("")).toList());
      }
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the ingest's files into " + dir, e);
    }
  }
}
