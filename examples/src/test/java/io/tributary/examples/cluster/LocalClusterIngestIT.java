package io.tributary.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Json;
import io.tributary.examples.cluster.probe.PidProbeFactory;
import io.tributary.examples.cluster.probe.StderrMarker;
import io.tributary.examples.demo.sources.FreshserviceDemoSource;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import io.tributary.spark.pipeline.Connections;
import io.tributary.spark.pipeline.Ingestion;
import io.tributary.spark.pipeline.IngestionOptions;
import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.PipelineSpec;
import io.tributary.spark.pipeline.TableStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Ingests through a cluster of separate JVMs ({@link LocalCluster}) from a driver in this JVM: a
 * partitioned backfill whose partitions are read in the executors' JVMs, and a real source
 * against its simulator. The last test stops the cluster and scans what it wrote for the secrets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIngestIT {
  private static final List<String> FRESHSERVICE_TABLES = List.of("tickets");
  /** The probe's API key: it reaches the executors (each builds its connector from it). */
  private static final String PROBE_KEY = "probe-key-" + UUID.randomUUID();

  private static Path dir;
  private static Path warehouse;
  private static Path eventLog;
  private static SparkSession spark;
  private static FreshserviceDemoSource freshservice;
  private static Connections connections;

  @BeforeAll
  static void start() throws Exception {
    dir = LocalCluster.dir().resolve("ingest");
    LocalCluster.deleteRecursively(dir);
    Files.createDirectories(dir);
    warehouse = dir.resolve("lakehouse");
    eventLog = dir.resolve("event-log");
    freshservice = new FreshserviceDemoSource();
    Path file = dir.resolve("connections.json");
    Files.writeString(file, Json.MAPPER.writeValueAsString(Map.of(
        "probe", Map.of("source", PidProbeFactory.NAME, "options", Map.of("api_key", PROBE_KEY)),
        "freshservice_sim", Map.of("source", "freshservice", "options", freshservice.start()))));
    connections = Connections.load(file);
    spark = LocalCluster.start(warehouse, eventLog);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (freshservice != null) {
      freshservice.close();
    }
  }

  private static IngestionReport ingest(String connection, String schema, List<String> tables) {
    String objects = tables.stream()
        .map(t -> "{\"table\":{\"source_table\":\"" + t + "\",\"destination_schema\":\"" + schema + "\"}}")
        .collect(Collectors.joining(","));
    PipelineSpec spec = PipelineSpec.parse(
        "{\"connection_name\":\"" + connection + "\",\"objects\":[" + objects + "]}", connections);
    IngestionReport report = Ingestion.run(spark, spec, connections, IngestionOptions.at(warehouse));
    assertThat(report.failures()).as(report.failures().toString()).isEmpty();
    assertThat(report.tables()).allSatisfy(t -> assertThat(t.status()).isEqualTo(TableStatus.OK));
    return report;
  }

  @Test
  @Order(1)
  void partitionsAreReadInTheExecutorJvmsAndLandEveryRecordOnce() {
    ingest("probe", "probe", List.of(PidProbeFactory.TABLE));

    List<Row> rows = spark.sql("SELECT id, value, CAST(updated_at AS STRING), pid FROM probe.events").collectAsList();
    Set<Long> pids = rows.stream().map(r -> r.getLong(3)).collect(Collectors.toCollection(TreeSet::new));
    long driver = ProcessHandle.current().pid();
    Set<Long> executors = ProcessHandle.current().children()
        .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
        .map(ProcessHandle::pid).collect(Collectors.toCollection(TreeSet::new));
    System.out.println("driver pid " + driver + "; executor JVMs " + executors + "; pids that read partitions " + pids);

    assertThat(pids).as("pids of the JVMs that read the partitions").doesNotContain(driver).hasSizeGreaterThanOrEqualTo(2);
    assertThat(executors).as("this JVM's executor child processes").containsAll(pids);
    assertThat(rows).hasSize(PidProbeFactory.EVENTS);
    assertThat(rows.stream().map(r -> r.getLong(0) + " " + r.getString(1) + " " + r.getString(2)).sorted().toList())
        .isEqualTo(PidProbeFactory.expectedRows());
  }

  @Test
  @Order(2)
  void freshserviceThroughTheClusterEqualsTheSimulator() {
    ingest("freshservice_sim", "freshservice", FRESHSERVICE_TABLES);

    assertThat(ids("tickets")).as("tickets").isEqualTo(freshservice.liveIds("tickets"));
    Map<Long, String> versions = new TreeMap<>();
    spark.sql("SELECT id, date_format(updated_at, \"yyyy-MM-dd'T'HH:mm:ss'Z'\") FROM freshservice.tickets")
        .collectAsList().forEach(r -> versions.put(r.getLong(0), r.getString(1)));
    assertThat(versions).as("ticket versions").isEqualTo(freshservice.ticketVersions());
  }

  @Test
  @Order(3)
  void noSecretReachesAnExecutorLogOrTheEventLog() {
    String stderrMarker = "planted-on-executor-stderr-" + UUID.randomUUID();
    String eventLogMarker = "planted-in-event-log-" + UUID.randomUUID();
    spark.sparkContext().setJobDescription(eventLogMarker);
    spark.range(0, 4, 1, 4).foreachPartition(new StderrMarker(stderrMarker));
    spark.sparkContext().setJobDescription(null);
    Path work = LocalCluster.workDir();
    // Stopping ends the executors and closes the event log, so every file is complete.
    spark.stop();
    spark = null;

    assertThat(SecretScan.fileCount(work)).as("executor logs under %s", work).isGreaterThanOrEqualTo(4);
    assertThat(SecretScan.filesContaining(stderrMarker, work)).as("the scan finds what executors print").isNotEmpty();
    assertThat(SecretScan.filesContaining(eventLogMarker, eventLog)).as("the scan reads the event log").isNotEmpty();
    for (String secret : List.of(PROBE_KEY, FreshserviceSimulator.API_KEY)) {
      assertThat(SecretScan.filesContaining(secret, work, eventLog)).as("files holding a secret").isEmpty();
    }
  }

  private static Set<Long> ids(String table) {
    return spark.table("freshservice." + table).select("id").collectAsList().stream()
        .map(r -> r.getLong(0)).collect(Collectors.toCollection(TreeSet::new));
  }
}
