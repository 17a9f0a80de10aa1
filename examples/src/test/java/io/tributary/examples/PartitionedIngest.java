package io.tributary.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Json;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code tributary ingest} of Freshservice tickets as partitioned backfills, in a child JVM that
 * a test may kill: four windows of updated_at and the spam list, ten tickets a page, on a Spark
 * master of the test's choice.
 */
final class PartitionedIngest {
  private static final Duration COMPLETION_TIMEOUT = Duration.ofMinutes(5);
  private final Path dir;
  private final FreshserviceSimulator source;
  private final Path warehouse;
  private final List<String> command;

  private PartitionedIngest(Path dir, FreshserviceSimulator source, List<String> command) {
    this.dir = dir;
    this.source = source;
    this.warehouse = dir.resolve("lakehouse");
    this.command = command;
  }

  /** Ingests from {@code source} under a budget of {@code requestsPerMinute}, on {@code master}. */
  static PartitionedIngest of(Path dir, FreshserviceSimulator source, int requestsPerMinute, String master)
      throws Exception {
    Map<String, String> options = new LinkedHashMap<>(source.connectionOptions());
    options.put("requests_per_minute", String.valueOf(requestsPerMinute));
    Path connections = dir.resolve("connections.json");
    Files.writeString(connections, Json.MAPPER.writeValueAsString(
        Map.of("fs", Map.of("source", "freshservice", "options", options))));
    Path spec = dir.resolve("spec.json");
    Files.writeString(spec, """
        {"connection_name": "fs", "objects": [{"table": {"source_table": "tickets",
          "destination_schema": "freshservice",
          "table_configuration": {"per_page": "10", "max_partitions": "5"}}}]}""");
    Path warehouse = dir.resolve("lakehouse");
    return new PartitionedIngest(dir, source, ChildTributary.command("ingest", "--spec", spec.toString(),
        "--connections", connections.toString(), "--warehouse", warehouse.toString(), "--reconcile", "off",
        "--master", master));
  }

  /** Starts a run whose output goes to {@code name}.out and {@code name}.err. */
  Process start(String name) throws Exception {
    return new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(stderr(name).toFile()).start();
  }

  Path stderr(String name) {
    return dir.resolve(name + ".err");
  }

  void runToCompletion(String name) throws Exception {
    Process run = start(name);
    assertThat(run.waitFor(COMPLETION_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("run %s finished", name).isTrue();
    assertThat(run.exitValue()).as("exit code of run %s; stderr:\n%s", name, ChildTributary.tail(stderr(name))).isZero();
  }

  boolean tableExists() {
    return Files.isDirectory(warehouse.resolve("freshservice/tickets/_delta_log"));
  }

  /** The table's Delta path as Spark SQL names it. */
  String table() {
    return "delta.`" + warehouse.resolve("freshservice/tickets") + "`";
  }

  String ingestionLog() {
    return "delta.`" + warehouse.resolve("_tributary/ingestion_log") + "`";
  }

  /** Every ticket the API lists, once, at the version it lists: ids and updated_at. */
  void assertTicketsEqualTheSource(SparkSession spark) {
    List<Row> rows = spark.sql("SELECT id, date_format(updated_at, \"yyyy-MM-dd'T'HH:mm:ss'Z'\") FROM " + table())
        .collectAsList();
    Map<Long, String> versions = new TreeMap<>();
    rows.forEach(r -> versions.put(r.getLong(0), r.getString(1)));
    assertThat(rows).as("rows, one per key").hasSize(versions.size());
    Set<Long> listed = new TreeSet<>(source.table("tickets").ids());
    Map<Long, String> expected = new TreeMap<>();
    source.table("tickets").records().stream().filter(t -> listed.contains(t.path("id").asLong()))
        .forEach(t -> expected.put(t.path("id").asLong(), t.path("updated_at").asText()));
    assertThat(versions).as("ticket ids and updated_at").isEqualTo(expected);
  }
}
