package io.tributary.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Json;
import io.tributary.examples.demo.sources.FreshserviceDemoSource;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import io.tributary.spark.cli.LocalSpark;
import io.tributary.spark.pipeline.Lakehouse;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distributable jar's main class run by {@code spark-submit} ({@code
 * org.apache.spark.deploy.SparkSubmit} in a child JVM, on the Spark jars bin/tributary uses) on
 * master {@code local-cluster[2,1,1024]}, against a Freshservice simulator in this JVM: what a
 * user's {@code spark-submit --class io.tributary.examples.Main tributary-examples-all.jar ingest
 * ...} does. The child's driver writes the Delta tables; this JVM then reads them on a local
 * session.
 */
class SparkSubmitIT {
  private static final List<String> TABLES = List.of("tickets", "groups");
  /** spark-submit must end on its own once main returns: no thread may keep its JVM alive. */
  private static final long TIMEOUT_SECONDS = 420;

  private static Path dir;
  private static FreshserviceDemoSource freshservice;
  private static Path connections;

  private record Run(int exitCode, String stdout, String stderr, Path sparkHome, Path eventLog) {}

  @BeforeAll
  static void start() throws Exception {
    dir = LocalCluster.dir().resolve("submit");
    LocalCluster.deleteRecursively(dir);
    Files.createDirectories(dir);
    freshservice = new FreshserviceDemoSource();
    connections = dir.resolve("connections.json");
    Files.writeString(connections, Json.MAPPER.writeValueAsString(
        Map.of("freshservice_sim", Map.of("source", "freshservice", "options", freshservice.start()))));
  }

  @AfterAll
  static void stop() {
    if (freshservice != null) {
      freshservice.close();
    }
  }

  @Test
  void ingestThroughSparkSubmitExitsZeroAndLandsTheSimulatorsRecords() throws Exception {
    Path warehouse = dir.resolve("lakehouse");
    Run run = submit("ok", spec(TABLES), warehouse);

    assertThat(run.exitCode()).as("spark-submit's exit code; stderr ends:%n%s", tail(run.stderr())).isZero();
    SparkSession spark = LocalSpark.session(dir.resolve("reader"));
    new Lakehouse(warehouse).registerAll(spark);
    for (String table : TABLES) {
      Set<Long> ids = spark.table("freshservice." + table).select("id").collectAsList().stream()
          .map(r -> r.getLong(0)).collect(Collectors.toCollection(TreeSet::new));
      assertThat(ids).as(table).isEqualTo(freshservice.liveIds(table));
    }
    Map<Long, String> versions = new TreeMap<>();
    spark.sql("SELECT id, date_format(updated_at, \"yyyy-MM-dd'T'HH:mm:ss'Z'\") FROM freshservice.tickets")
        .collectAsList().forEach(r -> versions.put(r.getLong(0), r.getString(1)));
    assertThat(versions).as("ticket versions").isEqualTo(freshservice.ticketVersions());

    Path work = run.sparkHome().resolve("work");
    assertThat(SecretScan.fileCount(work)).as("executor logs under %s", work).isGreaterThanOrEqualTo(4);
    assertThat(SecretScan.fileCount(run.eventLog())).as("event log files").isPositive();
    assertThat(SecretScan.filesContaining("tickets", dir.resolve("ok.stderr")))
        .as("the scan reads the driver's log").isNotEmpty();
    assertThat(SecretScan.filesContaining(FreshserviceSimulator.API_KEY, work, run.eventLog(),
        dir.resolve("ok.stdout"), dir.resolve("ok.stderr"))).as("files holding the API key").isEmpty();
  }

  @Test
  void aBadSpecFailsSparkSubmitWithTheProblemOnStderr() throws Exception {
    Run run = submit("bad-spec", spec(List.of("no_such_table")), dir.resolve("bad-lakehouse"));

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stderr()).contains("no_such_table").contains("tributary failed with exit code 2");
  }

  private static String spec(List<String> tables) {
    return "{\"connection_name\":\"freshservice_sim\",\"objects\":[" + tables.stream()
        .map(t -> "{\"table\":{\"source_table\":\"" + t + "\",\"destination_schema\":\"freshservice\"}}")
        .collect(Collectors.joining(",")) + "]}";
  }

  /** Runs {@code spark-submit ... ingest} with its own Spark home, work directory and event log. */
  private static Run submit(String name, String spec, Path warehouse) throws Exception {
    Path specFile = dir.resolve(name + ".pipeline.json");
    Files.writeString(specFile, spec);
    Path sparkHome = LocalCluster.prepareSparkHome(dir.resolve(name + "-spark-home"));
    Path eventLog = Files.createDirectories(dir.resolve(name + "-event-log"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(LocalCluster.jvmOptions());
    command.add("-Xmx1g");
    command.addAll(List.of(LocalCluster.EXECUTOR_JAVA_OPTIONS.split(" ")));
    command.add("-cp");
    command.add(LocalCluster.sparkJars().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.addAll(List.of("--master", LocalCluster.MASTER,
        "--conf", "spark.executor.extraJavaOptions=" + LocalCluster.EXECUTOR_JAVA_OPTIONS,
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.ui.showConsoleProgress=false",
        "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
        "--conf", "spark.sql.shuffle.partitions=2",
        "--conf", "spark.databricks.delta.snapshotPartitions=2",
        // As the other Spark tests run: interpreted expressions, no code compiled per plan.
        "--conf", "spark.sql.codegen.wholeStage=false",
        "--conf", "spark.sql.codegen.factoryMode=NO_CODEGEN",
        "--conf", "spark.sql.warehouse.dir=" + dir.resolve(name + "-spark-warehouse"),
        "--conf", "spark.eventLog.enabled=true",
        "--conf", "spark.eventLog.dir=" + eventLog.toUri(),
        "--conf", "spark.eventLog.compress=false",
        "--class", "io.tributary.examples.Main",
        LocalCluster.distributableJar().toString(),
        "ingest", "--spec", specFile.toString(), "--connections", connections.toString(),
        "--warehouse", warehouse.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve(name + ".stdout").toFile())
        .redirectError(dir.resolve(name + ".stderr").toFile());
    builder.environment().put("SPARK_HOME", sparkHome.toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.13");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    long started = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError("spark-submit " + name + " did not exit within " + TIMEOUT_SECONDS
          + " s (a non-daemon thread keeping the JVM alive?); stderr ends:\n"
          + tail(Files.readString(dir.resolve(name + ".stderr"))));
    }
    System.out.println("spark-submit " + name + ": exit " + process.exitValue() + " after "
        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
    return new Run(process.exitValue(), Files.readString(dir.resolve(name + ".stdout")),
        Files.readString(dir.resolve(name + ".stderr")), sparkHome, eventLog);
  }

  private static String tail(String text) {
    return text.substring(Math.max(0, text.length() - 4000));
  }
}
