package io.tributary.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.delta.tables.DeltaTable;
import io.tributary.examples.ExamplesSpark;
import io.tributary.examples.cluster.ListeningSockets.Listener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark and Delta on a real HDFS, with the module's one session and no HDFS setting in it: a
 * table's writes, append and MERGE, and a streaming query's checkpoint land as files in the
 * NameNode's namespace and come back from there. One cluster for the class.
 */
class MiniHdfsTest {
  private static MiniHdfs hdfs;
  private static SparkSession spark;

  @BeforeAll
  static void startHdfs() throws Exception {
    spark = ExamplesSpark.spark();
    hdfs = MiniHdfs.start();
  }

  @AfterAll
  static void stopHdfs() throws Exception {
    if (hdfs != null) {
      hdfs.close();
    }
  }

  @Test
  void aDeltaTableOnHdfsTakesAWriteAnAppendAndAMerge() {
    String table = hdfs.location("/lake/t");

    rows("(1, 'a'), (2, 'b')").write().format("delta").save(table);
    rows("(3, 'c')").write().format("delta").mode("append").save(table);
    DeltaTable.forPath(spark, table).as("t")
        .merge(rows("(2, 'B'), (4, 'zz-merged-row')").as("s"), "t.id = s.id")
        .whenMatched().updateAll()
        .whenNotMatched().insertAll()
        .execute();

    assertThat(contents(table)).containsExactly("1=a", "2=B", "3=c", "4=zz-merged-row");
    assertThat(hdfs.files("/lake/t")).contains(
        "/lake/t/_delta_log/00000000000000000000.json",
        "/lake/t/_delta_log/00000000000000000001.json",
        "/lake/t/_delta_log/00000000000000000002.json");
    assertThat(hdfs.files("/lake/t")).filteredOn(file -> file.endsWith(".parquet")).hasSizeGreaterThanOrEqualTo(3);
    assertThat(new String(hdfs.bytes("/lake/t/_delta_log/00000000000000000002.json"), StandardCharsets.UTF_8))
        .contains("\"operation\":\"MERGE\"");
    // The merged file's name statistics (its max) carry the new value, in the log and the Parquet footer.
    assertThat(hdfs.filesContaining("zz-merged-row")).contains("/lake/t/_delta_log/00000000000000000002.json");
    assertThat(hdfs.filesContaining("a value never written")).isEmpty();
  }

  @Test
  void aStreamingQueryKeepsItsCheckpointOnHdfsAndResumesFromIt() throws Exception {
    String source = hdfs.location("/lake/events");
    String sink = hdfs.location("/lake/events_copy");
    String checkpoint = hdfs.location("/state/cp");
    rows("(1, 'first'), (2, 'second')").write().format("delta").save(source);

    copyAvailable(source, sink, checkpoint);
    rows("(3, 'third')").write().format("delta").mode("append").save(source);
    copyAvailable(source, sink, checkpoint);

    assertThat(contents(sink)).containsExactly("1=first", "2=second", "3=third");
    assertThat(hdfs.files("/state/cp")).contains(
        "/state/cp/metadata",
        "/state/cp/offsets/0", "/state/cp/commits/0",
        "/state/cp/offsets/1", "/state/cp/commits/1");
    assertThat(hdfs.files("/state/cp")).doesNotContain("/state/cp/offsets/2");
  }

  @Test
  void everyServerOfTheClusterListensOnLoopbackOnly() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "the kernel's socket tables are Linux's");

    assertThat(hdfs.listeners()).as("sockets the cluster opened").isNotEmpty();
    assertThat(hdfs.listeners()).extracting(Listener::address)
        .allSatisfy(address -> assertThat(address.getAddress().isLoopbackAddress()).as("%s is loopback", address).isTrue())
        .anySatisfy(address -> assertThat(address.getPort()).isEqualTo(hdfs.uri().getPort()));
  }

  private static void copyAvailable(String source, String sink, String checkpoint) throws Exception {
    StreamingQuery query = spark.readStream().format("delta").load(source)
        .writeStream().format("delta")
        .option("checkpointLocation", checkpoint)
        .trigger(Trigger.AvailableNow())
        .start(sink);
    query.awaitTermination();
    assertThat(query.exception().isEmpty()).as("the query ended without an error").isTrue();
  }

  private static Dataset<Row> rows(String values) {
    return spark.sql("SELECT * FROM VALUES " + values + " AS t(id, name)");
  }

  private static List<String> contents(String table) {
    return spark.read().format("delta").load(table).orderBy("id").collectAsList().stream()
        .map(row -> row.getInt(0) + "=" + row.getString(1))
        .toList();
  }
}
