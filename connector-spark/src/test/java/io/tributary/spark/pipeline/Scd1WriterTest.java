package io.tributary.spark.pipeline;

import static io.tributary.spark.pipeline.Frames.changes;
import static io.tributary.spark.pipeline.Frames.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Columns;
import io.tributary.api.TableMetadata;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Scd1WriterTest {
  private static final StructType SCHEMA = new StructType(new StructField[] {
      Columns.id("id"), Columns.string("status"), Columns.timestamp("updated_at")});
  private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");

  private DeltaTarget target;
  private DeltaWriter writer;

  @BeforeEach
  void setUp() {
    target = DeltaTarget.atPath(Frames.tempDir("scd1").resolve("tickets"), "default.tickets");
    writer = DeltaWriter.forTable(Frames.planned(Frames.spec("tickets", ScdType.SCD_TYPE_1),
        TableMetadata.cdcWithDeletes("updated_at", "id"), SCHEMA), target);
  }

  @Test
  void keepsTheNewestEventPerKeyWithinABatchWhateverTheOrder() {
    WriteCounts counts = writer.write(changes(SCHEMA,
        "{\"id\":1,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":1,\"status\":\"closed\",\"updated_at\":\"2024-01-03T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":1,\"status\":\"pending\",\"updated_at\":\"2024-01-02T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.empty(), 0, NOW);

    assertThat(rows(table(), "id", "status", "updated_at")).containsExactly(
        "1|closed|2024-01-03 00:00:00", "2|open|2024-01-01 00:00:00");
    assertThat(counts).isEqualTo(new WriteCounts(2, 0, 0));
  }

  @Test
  void ignoresEventsOlderThanTheStoredRowAndCountsNoUpdateForDuplicates() {
    writer.write(changes(SCHEMA,
        "{\"id\":1,\"status\":\"closed\",\"updated_at\":\"2024-01-03T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.empty(), 0, NOW);

    WriteCounts counts = writer.write(changes(SCHEMA,
        "{\"id\":1,\"status\":\"open\",\"updated_at\":\"2024-01-02T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.empty(), 1, NOW);

    assertThat(rows(table(), "id", "status")).containsExactly("1|closed", "2|open");
    assertThat(counts).isEqualTo(new WriteCounts(0, 0, 0));
  }

  @Test
  void aTableIsKnownEmptyOnlyWhileItsChecksumCountsNoFile() throws Exception {
    writer.ensureTable(Frames.spark(), SCHEMA.add(Columns.RESCUED_DATA, "string").add(DeltaWriter.CHANGE_TYPE, "string"));
    assertThat(target.knownEmpty(Frames.spark())).as("just created").isTrue();

    writer.write(changes(SCHEMA,
        "{\"id\":1,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.empty(), 0, NOW);
    assertThat(target.knownEmpty(Frames.spark())).as("one row").isFalse();

    writer.write(changes(SCHEMA,
        "{\"id\":1,\"updated_at\":\"2024-01-02T00:00:00Z\",\"_change_type\":\"delete\"}"), Optional.empty(), 1, NOW);
    assertThat(rows(table(), "id")).isEmpty();
    assertThat(target.knownEmpty(Frames.spark())).as("every row deleted").isTrue();

    java.nio.file.Path log = java.nio.file.Path.of(java.net.URI.create(target.path().orElseThrow().uri())).resolve("_delta_log");
    try (var checksums = java.nio.file.Files.list(log)) {
      for (java.nio.file.Path crc : checksums.filter(f -> f.toString().endsWith(".crc")).toList()) {
        java.nio.file.Files.delete(crc);
      }
    }
    assertThat(target.knownEmpty(Frames.spark())).as("no checksum: not known").isFalse();
  }

  @Test
  void aBatchThatChangesNothingMakesNoCommitToTheDestination() {
    writer.write(changes(SCHEMA,
        "{\"id\":1,\"status\":\"closed\",\"updated_at\":\"2024-01-03T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.of("app"), 0, NOW);
    long version = target.version(Frames.spark());

    // A re-read of both rows, an event older than the stored one and a delete of a key never stored.
    WriteCounts counts = writer.write(changes(SCHEMA,
        "{\"id\":1,\"status\":\"closed\",\"updated_at\":\"2024-01-03T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":1,\"status\":\"open\",\"updated_at\":\"2024-01-02T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":9,\"updated_at\":\"2024-01-04T00:00:00Z\",\"_change_type\":\"delete\"}"),
        Optional.of("app"), 1, NOW);

    assertThat(counts).isEqualTo(WriteCounts.ZERO);
    assertThat(target.version(Frames.spark())).as("no commit").isEqualTo(version);
    assertThat(rows(table(), "id", "status")).containsExactly("1|closed", "2|open");

    WriteCounts changed = writer.write(changes(SCHEMA,
        "{\"id\":2,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"updated_at\":\"2024-01-05T00:00:00Z\",\"_change_type\":\"delete\"}"),
        Optional.of("app"), 2, NOW);

    assertThat(changed).isEqualTo(new WriteCounts(0, 0, 1));
    assertThat(target.version(Frames.spark())).as("one commit").isEqualTo(version + 1);
  }

  @Test
  void aBatchOfNewKeysIsAppendedWithoutAMergeAndOnlyItsNewKeysAreWritten() {
    writer.write(changes(SCHEMA,
        "{\"id\":1,\"status\":\"closed\",\"updated_at\":\"2024-01-03T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.of("app"), 0, NOW);

    // A backfill's next batch: a lookback re-read of row 2 unchanged, new keys 3 and 4 (4 twice),
    // and a delete of a key never stored.
    WriteCounts counts = writer.write(changes(SCHEMA,
        "{\"id\":2,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":3,\"status\":\"open\",\"updated_at\":\"2024-01-04T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":4,\"status\":\"new\",\"updated_at\":\"2024-01-04T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":4,\"status\":\"open\",\"updated_at\":\"2024-01-05T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":9,\"updated_at\":\"2024-01-05T00:00:00Z\",\"_change_type\":\"delete\"}"),
        Optional.of("app"), 1, NOW);

    assertThat(counts).isEqualTo(new WriteCounts(2, 0, 0));
    assertThat(rows(table(), "id", "status", "updated_at")).containsExactly("1|closed|2024-01-03 00:00:00",
        "2|open|2024-01-01 00:00:00", "3|open|2024-01-04 00:00:00", "4|open|2024-01-05 00:00:00");
    assertThat(lastOperation()).isEqualTo("WRITE");

    // Replayed after a crash, the same batch id is recognised and not appended again.
    long version = target.version(Frames.spark());
    writer.write(changes(SCHEMA,
        "{\"id\":3,\"status\":\"open\",\"updated_at\":\"2024-01-04T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.of("app"), 1, NOW);
    assertThat(target.version(Frames.spark())).as("no second commit of batch 1").isEqualTo(version);
    assertThat(rows(table(), "id")).containsExactly("1", "2", "3", "4");

    // A batch that changes a stored row is merged, new keys with it.
    WriteCounts merged = writer.write(changes(SCHEMA,
        "{\"id\":3,\"status\":\"closed\",\"updated_at\":\"2024-01-06T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":5,\"status\":\"open\",\"updated_at\":\"2024-01-06T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.of("app"), 2, NOW);
    assertThat(merged).isEqualTo(new WriteCounts(1, 1, 0));
    assertThat(lastOperation()).isEqualTo("MERGE");
    assertThat(rows(table(), "id", "status")).containsExactly("1|closed", "2|open", "3|closed", "4|open", "5|open");
  }

  @Test
  void aBatchWhoseKeysAreAllNewIsAppendedWholeAndOneOfUnknownDeletesMakesNoCommit() {
    writer.write(changes(SCHEMA,
        "{\"id\":1,\"status\":\"closed\",\"updated_at\":\"2024-01-03T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.of("app"), 0, NOW);

    // A backfill's next window: none of its keys stored; key 3 twice, key 4 listed then deleted,
    // a delete of a key never stored.
    WriteCounts counts = writer.write(changes(SCHEMA,
        "{\"id\":2,\"status\":\"open\",\"updated_at\":\"2024-01-04T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":3,\"status\":\"new\",\"updated_at\":\"2024-01-04T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":3,\"status\":\"open\",\"updated_at\":\"2024-01-05T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":4,\"status\":\"open\",\"updated_at\":\"2024-01-04T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":4,\"updated_at\":\"2024-01-05T00:00:00Z\",\"_change_type\":\"delete\"}",
        "{\"id\":9,\"updated_at\":\"2024-01-05T00:00:00Z\",\"_change_type\":\"delete\"}"),
        Optional.of("app"), 1, NOW);

    assertThat(counts).isEqualTo(new WriteCounts(2, 0, 0));
    assertThat(lastOperation()).isEqualTo("WRITE");
    assertThat(rows(table(), "id", "status", "updated_at")).containsExactly("1|closed|2024-01-03 00:00:00",
        "2|open|2024-01-04 00:00:00", "3|open|2024-01-05 00:00:00");

    // Each key once, none stored: the upserts go in as they are; the delete of a key never stored does nothing.
    WriteCounts distinct = writer.write(changes(SCHEMA,
        "{\"id\":5,\"status\":\"open\",\"updated_at\":\"2024-01-06T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":6,\"status\":\"new\",\"updated_at\":\"2024-01-06T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":10,\"updated_at\":\"2024-01-06T00:00:00Z\",\"_change_type\":\"delete\"}"),
        Optional.of("app"), 2, NOW);
    assertThat(distinct).isEqualTo(new WriteCounts(2, 0, 0));
    assertThat(lastOperation()).isEqualTo("WRITE");
    assertThat(rows(table(), "id", "status")).containsExactly("1|closed", "2|open", "3|open", "5|open", "6|new");

    // Each key once, one of them stored and changed: merged, the new key with it.
    WriteCounts merged = writer.write(changes(SCHEMA,
        "{\"id\":6,\"status\":\"open\",\"updated_at\":\"2024-01-07T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":11,\"status\":\"open\",\"updated_at\":\"2024-01-07T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.of("app"), 3, NOW);
    assertThat(merged).isEqualTo(new WriteCounts(1, 1, 0));
    assertThat(lastOperation()).isEqualTo("MERGE");

    long version = target.version(Frames.spark());
    assertThat(writer.write(changes(SCHEMA,
        "{\"id\":12,\"updated_at\":\"2024-01-08T00:00:00Z\",\"_change_type\":\"delete\"}"),
        Optional.of("app"), 4, NOW)).isEqualTo(WriteCounts.ZERO);
    assertThat(target.version(Frames.spark())).as("a delete of a key never stored: no commit").isEqualTo(version);
    WriteCounts none = writer.write(changes(SCHEMA,
        "{\"id\":7,\"updated_at\":\"2024-01-06T00:00:00Z\",\"_change_type\":\"delete\"}",
        "{\"id\":8,\"status\":\"open\",\"updated_at\":\"2024-01-06T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":8,\"updated_at\":\"2024-01-07T00:00:00Z\",\"_change_type\":\"delete\"}"),
        Optional.of("app"), 5, NOW);
    assertThat(none).isEqualTo(WriteCounts.ZERO);
    assertThat(target.version(Frames.spark())).as("no commit").isEqualTo(version);
  }

  private String lastOperation() {
    return target.table(Frames.spark()).history(1).select("operation").first().getString(0);
  }

  @Test
  void deletesRemoveRowsUnlessOlderThanTheStoredVersion() {
    writer.write(changes(SCHEMA,
        "{\"id\":1,\"status\":\"open\",\"updated_at\":\"2024-01-03T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"status\":\"open\",\"updated_at\":\"2024-01-03T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":3,\"status\":\"open\",\"updated_at\":\"2024-01-03T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.empty(), 0, NOW);

    WriteCounts counts = writer.write(changes(SCHEMA,
        "{\"id\":1,\"updated_at\":\"2024-01-04T00:00:00Z\",\"_change_type\":\"delete\"}",
        "{\"id\":2,\"updated_at\":\"2024-01-02T00:00:00Z\",\"_change_type\":\"delete\"}",
        "{\"id\":3,\"status\":\"solved\",\"updated_at\":\"2024-01-05T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":3,\"updated_at\":\"2024-01-05T00:00:00Z\",\"_change_type\":\"delete\"}",
        "{\"id\":4,\"status\":\"new\",\"updated_at\":\"2024-01-05T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.empty(), 1, NOW);

    assertThat(rows(table(), "id", "status")).containsExactly("2|open", "4|new");
    assertThat(counts).isEqualTo(new WriteCounts(1, 0, 2));
  }

  @Test
  void aReplayedBatchIsSkippedByItsDeltaTransactionId() {
    writer.write(changes(SCHEMA,
        "{\"id\":1,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.of("app-1"), 7, NOW);

    WriteCounts replay = writer.write(changes(SCHEMA,
        "{\"id\":1,\"status\":\"changed\",\"updated_at\":\"2024-01-02T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.of("app-1"), 7, NOW);

    assertThat(replay).isEqualTo(WriteCounts.ZERO);
    assertThat(rows(table(), "id", "status")).containsExactly("1|open");
    assertThat(Frames.spark().conf().contains(DeltaTarget.TXN_APP_ID)).isFalse();
  }

  @Test
  void addsColumnsThatAppearLaterAndDropsNone() {
    writer.write(changes(SCHEMA,
        "{\"id\":1,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.empty(), 0, NOW);
    StructType wider = new StructType(new StructField[] {
        Columns.id("id"), Columns.timestamp("updated_at"), Columns.string("priority")});

    writer.write(changes(wider,
        "{\"id\":2,\"priority\":\"high\",\"updated_at\":\"2024-01-02T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.empty(), 1, NOW);

    assertThat(table().columns()).contains("id", "status", "updated_at", "priority", "_rescued_data");
    assertThat(rows(table(), "id", "status", "priority")).containsExactly("1|open|null", "2|null|high");
  }

  private org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table() {
    return target.table(Frames.spark()).toDF();
  }
}
