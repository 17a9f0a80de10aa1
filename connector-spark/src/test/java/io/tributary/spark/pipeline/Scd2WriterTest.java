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
import org.junit.jupiter.api.Test;

class Scd2WriterTest {
  private static final StructType SCHEMA = new StructType(new StructField[] {
      Columns.id("id"), Columns.string("status"), Columns.timestamp("updated_at")});
  private static final String[] COLUMNS = {"id", "status", "__START_AT", "__END_AT"};

  @Test
  void keepsOrderedHistoryMakesNoVersionForDuplicatesAndClosesOnDelete() {
    DeltaTarget target = DeltaTarget.atPath(Frames.tempDir("scd2").resolve("tickets"), "default.tickets");
    DeltaWriter writer = DeltaWriter.forTable(Frames.planned(Frames.spec("tickets", ScdType.SCD_TYPE_2),
        TableMetadata.cdcWithDeletes("updated_at", "id"), SCHEMA), target);

    writer.write(changes(SCHEMA,
        "{\"id\":1,\"status\":\"pending\",\"updated_at\":\"2024-01-02T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":1,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":1,\"status\":\"pending\",\"updated_at\":\"2024-01-02T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"status\":\"open\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.of("app"), 0, Instant.parse("2024-06-01T00:00:00Z"));
    assertThat(rows(target.table(Frames.spark()).toDF(), COLUMNS)).containsExactly(
        "1|open|2024-01-01 00:00:00|2024-01-02 00:00:00",
        "1|pending|2024-01-02 00:00:00|null",
        "2|open|2024-01-01 00:00:00|null");

    // Re-read of the current version, the same content at a later cursor, an event older than the
    // current version, a delete, and a key coming back after its delete.
    WriteCounts counts = writer.write(changes(SCHEMA,
        "{\"id\":1,\"status\":\"pending\",\"updated_at\":\"2024-01-02T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":1,\"status\":\"pending\",\"updated_at\":\"2024-01-03T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":1,\"status\":\"stale\",\"updated_at\":\"2024-01-01T12:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"updated_at\":\"2024-01-04T00:00:00Z\",\"_change_type\":\"delete\"}",
        "{\"id\":2,\"status\":\"reopened\",\"updated_at\":\"2024-01-05T00:00:00Z\",\"_change_type\":\"upsert\"}",
        "{\"id\":3,\"updated_at\":\"2024-01-05T00:00:00Z\",\"_change_type\":\"delete\"}"),
        Optional.of("app"), 1, Instant.parse("2024-06-01T00:00:00Z"));

    assertThat(rows(target.table(Frames.spark()).toDF(), COLUMNS)).containsExactly(
        "1|open|2024-01-01 00:00:00|2024-01-02 00:00:00",
        "1|pending|2024-01-02 00:00:00|null",
        "2|open|2024-01-01 00:00:00|2024-01-04 00:00:00",
        "2|reopened|2024-01-05 00:00:00|null");
    assertThat(counts).isEqualTo(new WriteCounts(1, 1, 0));
  }

  @Test
  void snapshotHistoryClosesChangedAndVanishedKeysAtTheBatchTime() {
    StructType items = new StructType(new StructField[] {Columns.id("id"), Columns.string("name")});
    DeltaTarget target = DeltaTarget.atPath(Frames.tempDir("scd2snap").resolve("items"), "default.items");
    DeltaWriter writer = DeltaWriter.forTable(Frames.planned(Frames.spec("items", ScdType.SCD_TYPE_2),
        TableMetadata.snapshot("id"), items), target);
    writer.write(changes(items,
        "{\"id\":1,\"name\":\"a\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"name\":\"b\",\"_change_type\":\"upsert\"}",
        "{\"id\":3,\"name\":\"c\",\"_change_type\":\"upsert\"}"),
        Optional.empty(), 0, Instant.parse("2024-01-01T00:00:00Z"));

    WriteCounts counts = writer.write(changes(items,
        "{\"id\":1,\"name\":\"a\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"name\":\"b2\",\"_change_type\":\"upsert\"}",
        "{\"id\":4,\"name\":\"d\",\"_change_type\":\"upsert\"}"),
        Optional.empty(), 0, Instant.parse("2024-01-02T00:00:00Z"));

    assertThat(rows(target.table(Frames.spark()).toDF(), "id", "name", "__START_AT", "__END_AT")).containsExactly(
        "1|a|2024-01-01 00:00:00|null",
        "2|b2|2024-01-02 00:00:00|null",
        "2|b|2024-01-01 00:00:00|2024-01-02 00:00:00",
        "3|c|2024-01-01 00:00:00|2024-01-02 00:00:00",
        "4|d|2024-01-02 00:00:00|null");
    assertThat(counts).isEqualTo(new WriteCounts(2, 2, 0));
  }
}
