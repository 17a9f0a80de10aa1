package io.tributary.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.api.Json;
import io.tributary.examples.ChildTributary;
import io.tributary.examples.ExamplesSpark;
import io.tributary.examples.demo.sources.FreshserviceDemoSource;
import io.tributary.spark.pipeline.Connections;
import io.tributary.spark.pipeline.Ingestion;
import io.tributary.spark.pipeline.IngestionOptions;
import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.PipelineSpec;
import io.tributary.spark.pipeline.TableStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
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
 * Freshservice ingested with the warehouse and every piece of state on a real HDFS (a NameNode and
 * a DataNode this test starts): a backfill, a run after changes, and a run killed mid-way then run
 * again (by {@code tributary ingest} in a child JVM, its spec and connections read from HDFS), each leaving the
 * tables equal to the simulator. No file in HDFS holds the API key, and every server of the
 * cluster listens on loopback only. The tests build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsIngestTest {
  private static final List<String> TABLES = List.of("tickets", "problems", "agents", "requested_items");
  private static MiniHdfs hdfs;
  private static FreshserviceDemoSource source;
  private static String apiKey;
  private static Map<String, String> sourceOptions;
  private static Path dir;
  private static Path connectionsFile;
  private static Connections connections;

  @BeforeAll
  static void start() throws Exception {
    hdfs = MiniHdfs.start();
    source = new FreshserviceDemoSource();
    Map<String, String> options = source.start();
    sourceOptions = options;
    apiKey = options.get("api_key");
    dir = Files.createTempDirectory("hdfs-ingest");
    connectionsFile = dir.resolve("connections.json");
    Files.writeString(connectionsFile, Json.MAPPER.writeValueAsString(
        Map.of("freshservice_sim", Map.of("source", "freshservice", "options", options))));
    connections = Connections.load(connectionsFile);
  }

  @AfterAll
  static void stop() throws Exception {
    source.close();
    hdfs.close();
  }

  @Test
  @Order(1)
  void aBackfillWritesTablesCheckpointsAndTheLogToHdfsAndEqualsTheSource() throws Exception {
    IngestionReport report = run("freshservice", Map.of());

    assertThat(report.tables()).extracting(t -> t.status()).containsOnly(TableStatus.OK);
    assertEveryTableEqualsTheSource("freshservice");
    assertThat(hdfs.files("/lake/freshservice/tickets")).anyMatch(f -> f.endsWith("_delta_log/00000000000000000000.json"));
    assertThat(hdfs.files("/state/checkpoints/freshservice/tickets")).anyMatch(f -> f.endsWith("/commits/0"));
    assertThat(hdfs.files("/state/ingestion_log")).anyMatch(f -> f.contains("_delta_log/"));
    assertThat(hdfs.files("/lake")).as("state kept apart from the tables").noneMatch(f -> f.contains("_tributary"));
    assertThat(log().stream().filter(r -> r.getString(1).equals("ok")).count()).isEqualTo(TABLES.size());
  }

  @Test
  @Order(2)
  void aRunAfterChangesContinuesFromTheCheckpointsOnHdfs() throws Exception {
    source.mutate();

    IngestionReport report = run("freshservice", Map.of());

    assertThat(report.tables()).extracting(t -> t.status()).containsOnly(TableStatus.OK);
    assertThat(report.table("tickets").startOffset()).as("resumed from the offset committed on HDFS").isPresent();
    assertThat(report.table("tickets").updated() + report.table("tickets").inserted()
        + report.table("tickets").deleted()).isPositive();
    assertEveryTableEqualsTheSource("freshservice");
  }

  @Test
  @Order(3)
  void aRunKilledMidWayThenRunAgainLeavesTheTablesEqualToTheSource() throws Exception {
    // Another schema, so the backfill starts over: tickets alone, a page of 10 per micro-batch, a
    // commit each, in sequence rather than as one partitioned batch. The spec and the connections
    // are read from HDFS too; the connections file names the API key by an environment variable of
    // the child.
    Map<String, String> crash = Map.of("per_page", "10", "max_pages_per_batch", "1", "max_partitions", "1");
    String spec = write("/pipelines/crash.json", spec("crash", crash, List.of("tickets")));
    Map<String, String> options = new TreeMap<>(sourceOptions);
    options.put("api_key", "${env:FRESHSERVICE_API_KEY}");
    String hdfsConnections = write("/pipelines/connections.json", Json.MAPPER.writeValueAsString(
        Map.of("freshservice_sim", Map.of("source", "freshservice", "options", options))));
    Path stderr = dir.resolve("killed.err");
    ProcessBuilder killed = new ProcessBuilder(ChildTributary.command("ingest", "--spec", spec,
        "--connections", hdfsConnections, "--warehouse", hdfs.location("/lake"),
        "--state-location", hdfs.location("/state"), "--reconcile", "off"))
        .redirectOutput(dir.resolve("killed.out").toFile()).redirectError(stderr.toFile());
    killed.environment().put("FRESHSERVICE_API_KEY", apiKey);
    Process child = killed.start();
    boolean committed = ChildTributary.awaitBatch(child, stderr, "tickets", Duration.ofMinutes(4));
    child.destroyForcibly();
    assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(committed).as("killed after its first commit; stderr:\n%s", ChildTributary.tail(stderr)).isTrue();
    long ticketsBefore = ExamplesSpark.spark().read().format("delta").load(hdfs.location("/lake/crash/tickets")).count();

    IngestionReport rerun = run("crash", crash, List.of("tickets"));

    assertThat(rerun.tables()).extracting(t -> t.status()).containsOnly(TableStatus.OK);
    assertThat(ticketsBefore).as("the killed run committed part of the tickets")
        .isPositive().isLessThan(source.liveIds("tickets").size());
    assertTicketsEqualTheSource("crash");
    assertThat(log().stream().filter(r -> r.getString(1).equals("interrupted")).map(r -> r.getString(0)))
        .as("the killed run is counted in the log on HDFS").contains("crash.tickets");
  }

  @Test
  @Order(4)
  void noFileInHdfsHoldsTheApiKey() {
    assertThat(apiKey).isNotBlank();
    assertThat(hdfs.filesContaining(apiKey)).isEmpty();
    assertThat(hdfs.filesContaining("crash.tickets")).as("the scan reads the log it should").isNotEmpty();
  }

  /** Writes {@code text} to {@code path} on HDFS and returns its URI. */
  private static String write(String path, String text) throws Exception {
    String uri = hdfs.location(path);
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(uri);
    try (var out = file.getFileSystem(spark().sparkContext().hadoopConfiguration()).create(file)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return uri;
  }

  @Test
  @Order(5)
  void everyServerOfTheClusterListensOnLoopbackOnly() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "the kernel's socket tables are Linux's");

    assertThat(hdfs.listeners()).as("sockets the cluster opened").isNotEmpty();
    assertThat(hdfs.listeners()).extracting(ListeningSockets.Listener::address)
        .allSatisfy(address -> assertThat(address.getAddress().isLoopbackAddress()).as("%s is loopback", address).isTrue())
        .anySatisfy(address -> assertThat(address.getPort()).isEqualTo(hdfs.uri().getPort()));
  }

  private static IngestionReport run(String schema, Map<String, String> configuration) throws Exception {
    return run(schema, configuration, TABLES);
  }

  private static IngestionReport run(String schema, Map<String, String> configuration, List<String> tables)
      throws Exception {
    PipelineSpec spec = PipelineSpec.parse(spec(schema, configuration, tables), connections);
    return Ingestion.run(spark(), spec, connections, IngestionOptions.at(hdfs.location("/lake"))
        .withStateLocation(hdfs.location("/state")).withoutReconciliation());
  }

  private static String spec(String schema, Map<String, String> configuration, List<String> tables) throws Exception {
    String config = Json.MAPPER.writeValueAsString(configuration);
    return "{\"connection_name\": \"freshservice_sim\", \"objects\": [" + tables.stream()
        .map(t -> "{\"table\": {\"source_table\": \"" + t + "\", \"destination_schema\": \"" + schema
            + "\", \"table_configuration\": " + (t.equals("tickets") ? config : "{}") + "}}")
        .collect(Collectors.joining(", ")) + "]}";
  }

  private static void assertEveryTableEqualsTheSource(String schema) {
    for (String table : List.of("problems", "agents")) {
      assertThat(ids(schema, table)).as(schema + "." + table).isEqualTo(source.liveIds(table));
    }
    assertTicketsEqualTheSource(schema);
    Set<List<Long>> items = table(schema, "requested_items").select("id", "ticket_id").collectAsList().stream()
        .map(r -> List.of(r.getLong(0), r.getLong(1))).collect(Collectors.toSet());
    assertThat(items).as("requested_items").isEqualTo(source.requestedItemKeys());
  }

  /** Ticket ids, each once, and every ticket's version. */
  private static void assertTicketsEqualTheSource(String schema) {
    assertThat(ids(schema, "tickets")).as(schema + ".tickets").isEqualTo(source.liveIds("tickets"));
    Map<Long, String> versions = new TreeMap<>();
    table(schema, "tickets").selectExpr("id", "date_format(updated_at, \"yyyy-MM-dd'T'HH:mm:ss'Z'\")")
        .collectAsList().forEach(r -> versions.put(r.getLong(0), r.getString(1)));
    assertThat(versions).as("ticket versions").isEqualTo(source.ticketVersions());
  }

  private static Set<Long> ids(String schema, String table) {
    List<Long> ids = table(schema, table).select("id").collectAsList().stream().map(r -> r.getLong(0)).toList();
    assertThat(ids).as("no duplicate key in " + schema + "." + table).doesNotHaveDuplicates();
    return new TreeSet<>(ids);
  }

  private static org.apache.spark.sql.Dataset<Row> table(String schema, String table) {
    return spark().read().format("delta").load(hdfs.location("/lake/" + schema + "/" + table));
  }

  /** (destination, status) of every row of the ingestion log on HDFS. */
  private static List<Row> log() {
    return spark().read().format("delta").load(hdfs.location("/state/ingestion_log"))
        .select("destination", "status").collectAsList();
  }

  private static SparkSession spark() {
    return ExamplesSpark.spark();
  }
}
