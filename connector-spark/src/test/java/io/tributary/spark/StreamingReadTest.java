package io.tributary.spark;

import static io.tributary.spark.MemoryFixtures.readStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.spark.testing.MemoryDataset;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingReadTest {
  private static final String DATASET = "streaming-read-test";
  /** Rows per batch id, per query name: foreachBatch runs in this JVM. */
  private static final Map<String, Map<Long, List<String>>> BATCHES = new ConcurrentHashMap<>();
  private final SparkSession spark = SharedSpark.spark();
  private MemoryDataset data;
  @TempDir
  Path checkpoint;

  @BeforeEach
  void setUp() {
    data = MemoryDataset.create(DATASET).clock(Instant.parse("2024-06-01T00:00:00Z"));
    BATCHES.clear();
  }

  @AfterEach
  void tearDown() {
    MemoryDataset.drop(DATASET);
  }

  @Test
  void availableNowSplitsTheBacklogIntoBatchesOfMaxPagesThenStops() throws Exception {
    IntStream.rangeClosed(1, 7).forEach(i -> data.put("contacts",
        "{\"id\":" + i + ",\"name\":\"c" + i + "\",\"updated_at\":\"2024-01-01T00:00:0" + i + "Z\"}"));

    Map<Long, List<String>> batches =
        run("contacts", "q1", "per_page", "2", "max_pages_per_batch", "1", "lookback_seconds", "0");

    assertThat(batches.values()).containsExactly(
        List.of("1", "2"), List.of("3", "4"), List.of("5", "6"), List.of("7"));
  }

  @Test
  void aListingBegunAfterTheTriggerStartedEndsTheStreamOnceItFinishesWithoutAnotherCall() throws Exception {
    data.clock(null);
    IntStream.rangeClosed(1, 7).forEach(i -> data.put("contacts",
        "{\"id\":" + i + ",\"updated_at\":\"2024-01-01T00:00:0" + i + "Z\"}"));

    Map<Long, List<String>> batches =
        run("contacts", "q9", "per_page", "2", "max_pages_per_batch", "1", "lookback_seconds", "0");

    assertThat(batches.values()).containsExactly(
        List.of("1", "2"), List.of("3", "4"), List.of("5", "6"), List.of("7"));
    assertThat(data.readCalls("contacts")).as("four pages in four calls, none only to see the offset settle")
        .isEqualTo(4);
  }

  @Test
  void aListingBegunBeforeTheTriggerStartedIsFollowedByOneThatBeginsAfterIt() throws Exception {
    // The connector's clock says its listings began on 2024-06-01, before this trigger started:
    // a change made since may not be in them, so the stream reads once more, from the watermark.
    IntStream.rangeClosed(1, 7).forEach(i -> data.put("contacts",
        "{\"id\":" + i + ",\"updated_at\":\"2024-01-01T00:00:0" + i + "Z\"}"));

    run("contacts", "q10", "per_page", "2", "max_pages_per_batch", "1", "lookback_seconds", "0");

    assertThat(data.readCalls("contacts")).as("four pages, then a call that returns its start offset")
        .isEqualTo(5);
  }

  @Test
  void lookbackSpanningSeveralCallsIsReReadOnceThenTheStreamStops() throws Exception {
    IntStream.rangeClosed(1, 3).forEach(i -> data.put("contacts",
        "{\"id\":" + i + ",\"updated_at\":\"2024-01-01T00:00:0" + i + "Z\"}"));

    Map<Long, List<String>> batches = run("contacts", "q6", "per_page", "2", "max_pages_per_batch", "1");

    // The first listing reads 1-3; the next one, from the watermark minus 300 s of lookback,
    // re-reads them and ends where it began, which is the fixed point.
    assertThat(batches.values()).containsExactly(
        List.of("1", "2"), List.of("3"), List.of("1", "2"), List.of("3"));
  }

  @Test
  void nextRunResumesFromTheCheckpointAndReadsOnlyChanges() throws Exception {
    data.put("contacts", "{\"id\":1,\"name\":\"a\",\"updated_at\":\"2024-01-01T00:00:00Z\"}");
    data.put("contacts", "{\"id\":2,\"name\":\"b\",\"updated_at\":\"2024-01-02T00:00:00Z\"}");
    run("contacts", "q2", "lookback_seconds", "0");

    data.put("contacts", "{\"id\":3,\"name\":\"c\",\"updated_at\":\"2024-01-05T00:00:00Z\"}");
    BATCHES.clear();
    Map<Long, List<String>> second = run("contacts", "q2", "lookback_seconds", "0");

    assertThat(second.values()).containsExactly(List.of("2", "3"));
  }

  @Test
  void replayedBatchAfterARestartYieldsTheSameRows() throws Exception {
    IntStream.rangeClosed(1, 4).forEach(i -> data.put("contacts",
        "{\"id\":" + i + ",\"updated_at\":\"2024-01-01T00:00:0" + i + "Z\"}"));
    Map<Long, List<String>> first = run("contacts", "q3", "per_page", "2", "max_pages_per_batch", "1", "lookback_seconds", "0");
    // A crash after the batch's offsets were logged but before it committed.
    String lastBatch = Long.toString(first.size() - 1);
    Files.delete(checkpoint.resolve("commits").resolve(lastBatch));
    Files.deleteIfExists(checkpoint.resolve("commits").resolve("." + lastBatch + ".crc"));
    BATCHES.clear();

    Map<Long, List<String>> replay = run("contacts", "q3", "per_page", "2", "max_pages_per_batch", "1", "lookback_seconds", "0");

    long last = first.size() - 1;
    assertThat(replay).containsKey(last);
    assertThat(replay.get(last)).containsAll(first.get(last));
  }

  @Test
  void changesStreamCarriesDeletes() throws Exception {
    data.put("tickets", "{\"id\":1,\"updated_at\":\"2024-01-01T00:00:00Z\"}");
    data.put("tickets", "{\"id\":2,\"updated_at\":\"2024-01-01T00:00:00Z\"}");
    data.delete("tickets", Instant.parse("2024-01-02T00:00:00Z"), 2);

    Map<Long, List<String>> batches = run("tickets", "q4", "read", "changes");

    List<String> all = batches.values().stream().flatMap(List::stream).sorted().toList();
    assertThat(all).containsExactly("1/upsert", "2/delete");
  }

  @Test
  void strictStreamFailsNamingTableFieldAndKeyThoughTheDriverConvertsItsRecords() {
    MemoryFixtures.load(data, "tickets");

    assertThatThrownBy(() -> run("tickets", "q6", "strict", "true"))
        .hasStackTraceContaining("Cannot convert record with key id=2 of table 'tickets': field "
            + "'amount': value 1000000000000 does not fit type decimal(12,2).");
  }

  @Test
  void streamRowsKeepRescuedValuesThoughTheDriverConvertsThem() throws Exception {
    MemoryFixtures.load(data, "tickets");
    Dataset<Row> df = readStream(spark, DATASET, "tickets").load();
    List<String> rescued = new java.util.concurrent.CopyOnWriteArrayList<>();
    StreamingQuery query = df.writeStream()
        .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, id) -> batch
            .filter("_rescued_data IS NOT NULL").selectExpr("cast(id as string) || ' ' || _rescued_data")
            .collectAsList().forEach(r -> rescued.add(r.getString(0))))
        .option("checkpointLocation", new File(checkpoint.toFile(), "rescued").getPath())
        .trigger(Trigger.AvailableNow())
        .start();
    try {
      query.awaitTermination();
    } finally {
      query.stop();
    }

    assertThat(rescued).singleElement().asString().startsWith("2 {").contains("\"amount\":1000000000000");
  }

  @Test
  void snapshotTablesCannotBeStreamed() {
    assertThatThrownBy(() -> run("items", "q5"))
        .hasStackTraceContaining("Cannot stream table 'items': it is a snapshot table; read it with "
            + "spark.read instead of spark.readStream");
  }

  private Map<Long, List<String>> run(String table, String name, String... options) throws Exception {
    Dataset<Row> df = readStream(spark, DATASET, table, options).load();
    boolean changes = List.of(df.columns()).contains("_change_type");
    VoidFunction2<Dataset<Row>, Long> collect = (batch, id) -> {
      List<String> rows = new ArrayList<>();
      for (Row row : batch.collectAsList()) {
        rows.add(row.getAs("id").toString() + (changes ? "/" + row.getAs("_change_type") : ""));
      }
      rows.sort(null);
      BATCHES.computeIfAbsent(name, k -> new TreeMap<>()).put(id, rows);
    };
    StreamingQuery query = df.writeStream()
        .foreachBatch(collect)
        .option("checkpointLocation", new File(checkpoint.toFile(), "").getPath())
        .trigger(Trigger.AvailableNow())
        .start();
    try {
      query.awaitTermination();
    } finally {
      query.stop();
    }
    return BATCHES.getOrDefault(name, new TreeMap<>());
  }
}
