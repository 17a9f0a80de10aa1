package io.tributary.spark.pipeline;

import static io.tributary.spark.pipeline.Frames.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spark.testing.MemoryDataset;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kills the ingest of the {@code events} table (one record per micro-batch) at the dangerous
 * points, reruns, and checks the destination holds exactly the rows of an uninterrupted run.
 */
class CrashRecoveryTest {
  private static final String DATASET = "crash-test";
  private static final String[] UNINTERRUPTED = {"1|login", "2|logout", "3|login"};
  private final SparkSession spark = Frames.spark();
  private MemoryDataset data;
  private Path warehouse;
  private PipelineSpec spec;

  @BeforeEach
  void setUp() {
    data = MemoryDataset.create(DATASET).clock(Instant.parse("2024-06-01T00:00:00Z"));
    MemoryData.load(data, "events", "run1-events.jsonl");
    MemoryData.load(data, "items", "run1-items.jsonl");
    warehouse = Frames.tempDir("crash");
    spec = PipelineSpec.load(PipelineSpecTest.resource("events-only-spec.json"));
  }

  @AfterEach
  void tearDown() {
    MemoryDataset.drop(DATASET);
  }

  @Test
  void crashAfterTheDeltaCommitBeforeTheOffsetIsSavedDuplicatesNothing() {
    IngestionReport crashed = run(crashOnce(FaultHook.Point.AFTER_COMMIT));

    assertThat(crashed.table("events").status()).isEqualTo(TableStatus.FAILED);
    assertThat(events()).as("batches 0 and 1 were committed").containsExactly("1|login", "2|logout");

    IngestionReport rerun = run(FaultHook.NONE);

    assertThat(rerun.status()).isEqualTo(TableStatus.OK);
    assertThat(events()).containsExactly(UNINTERRUPTED);
    assertThat(rerun.table("events").inserted()).as("the replayed batch 1 adds nothing").isEqualTo(1);
    assertThat(crashed.table("events").records()).as("the crashed run committed batches 0 and 1").isEqualTo(2);
    assertThat(rerun.table("events").records()).as("the rerun does not count the replayed batch 1 again")
        .isEqualTo(1);
  }

  @Test
  void crashAfterTheReadBeforeTheWriteLosesNothing() {
    IngestionReport crashed = run(crashOnce(FaultHook.Point.AFTER_READ));

    assertThat(crashed.table("events").error().orElseThrow())
        .startsWith("Cannot ingest table 'events' into default.events: ")
        .contains("simulated crash at AFTER_READ");
    assertThat(events()).containsExactly("1|login");

    run(FaultHook.NONE);

    assertThat(events()).containsExactly(UNINTERRUPTED);
  }

  @Test
  void aTableFailingMidReadKeepsTheOtherTablesAndItsOwnProgress() {
    spec = PipelineSpec.load(PipelineSpecTest.resource("events-spec.json"));
    data.failOnRead("events", 3);

    IngestionReport crashed = run(FaultHook.NONE);

    assertThat(crashed.status()).isEqualTo(TableStatus.FAILED);
    assertThat(crashed.failures()).extracting(TableReport::sourceTable).containsExactly("events");
    assertThat(crashed.table("events").error().orElseThrow()).isEqualTo(
        "Cannot ingest table 'events' into default.events: Cannot read table 'events': injected failure");
    assertThat(crashed.table("items").status()).isEqualTo(TableStatus.OK);
    assertThat(rows(spark.read().format("delta").load(warehouse.resolve("default/items").toString()), "id"))
        .containsExactly("1", "2", "3");
    long committed = events().size();
    assertThat(committed).isBetween(0L, 2L);

    IngestionReport rerun = run(FaultHook.NONE);

    assertThat(rerun.status()).isEqualTo(TableStatus.OK);
    assertThat(events()).containsExactly(UNINTERRUPTED);
    assertThat(rerun.table("events").inserted()).isEqualTo(3 - committed);
    assertThat(spark.sql("SELECT status FROM delta.`" + warehouse.resolve("_tributary/ingestion_log")
        + "` WHERE source_table = 'events' ORDER BY started_at").collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("failed", "ok");
  }

  /**
   * A process killed with SIGKILL after some commits leaves them in Delta and in the checkpoint
   * but writes no ingestion-log row: here the crashed run's rows are removed to leave exactly that
   * state. The next run logs the killed run as interrupted, with what its commits applied, so the
   * log counts every committed batch once and its sums equal the tables.
   */
  @Test
  void aRunKilledBeforeItsLogRowsIsLoggedAsInterruptedWithWhatItCommitted() {
    spec = PipelineSpec.load(PipelineSpecTest.resource("events-spec.json"));
    IngestionReport killed = run(crashOnce(FaultHook.Point.AFTER_COMMIT));
    String log = "delta.`" + warehouse.resolve("_tributary/ingestion_log") + "`";
    spark.sql("DELETE FROM " + log + " WHERE run_id = '" + killed.runId() + "'");

    IngestionReport rerun = run(FaultHook.NONE);

    assertThat(rerun.status()).isEqualTo(TableStatus.OK);
    assertThat(events()).containsExactly(UNINTERRUPTED);
    assertThat(spark.sql("SELECT source_table, status, records, inserted, updated, deleted, requests, retries "
        + "FROM " + log + " WHERE run_id = '" + killed.runId() + "'").collectAsList())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("[events,interrupted,2,2,0,0,null,null]", "[items,interrupted,3,3,0,0,null,null]");
    java.util.List<org.apache.spark.sql.Row> events = spark.sql("SELECT status, start_offset, end_offset, error FROM "
        + log + " WHERE source_table = 'events' ORDER BY started_at").collectAsList();
    assertThat(events).extracting(r -> r.getString(0)).containsExactly("interrupted", "ok");
    assertThat(events.get(0).getString(1)).as("the killed run started the table").isNull();
    assertThat(events.get(0).getString(2)).as("the end of batch 1, the last batch the killed run committed")
        .isEqualTo(checkpointOffset(1));
    assertThat(events.get(0).getString(3)).startsWith("Run " + killed.runId() + " ended before it finished table "
        + "'events' (its process was killed or died) and left no row; counted from its 2 commits to default.events");
    assertThat(spark.sql("SELECT destination, sum(inserted) - sum(deleted) FROM " + log + " GROUP BY destination")
        .collectAsList()).extracting(Object::toString)
        .containsExactlyInAnyOrder("[default.events,3]", "[default.items,3]");
    assertThat(spark.sql("SELECT sum(records) FROM " + log + " WHERE source_table = 'events'").first().getLong(0))
        .as("records over the log: the batch the killed run committed and the rerun replayed is counted once")
        .isEqualTo(UNINTERRUPTED.length);

    IngestionReport third = run(FaultHook.NONE);

    assertThat(third.status()).isEqualTo(TableStatus.OK);
    assertThat(spark.sql("SELECT count(*) FROM " + log + " WHERE status = 'interrupted'").first().getLong(0))
        .as("each killed run is logged once").isEqualTo(2);
  }

  /** The source offset line of a batch's entry in the events checkpoint's offset log. */
  private String checkpointOffset(int batchId) {
    try {
      return java.nio.file.Files.readAllLines(
          warehouse.resolve("_tributary/checkpoints/default/events/offsets/" + batchId)).get(2);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private IngestionReport run(FaultHook hook) {
    return Ingestion.run(spark, spec, MemoryData.connections(DATASET), IngestionOptions.at(warehouse), hook);
  }

  private java.util.List<String> events() {
    return rows(spark.read().format("delta").load(warehouse.resolve("default/events").toString()), "id", "type");
  }

  private static FaultHook crashOnce(FaultHook.Point at) {
    AtomicBoolean fired = new AtomicBoolean();
    return (point, table, batchId) -> {
      if (point == at && table.equals("events") && batchId == 1 && !fired.getAndSet(true)) {
        throw new IllegalStateException("simulated crash at " + point);
      }
    };
  }
}
