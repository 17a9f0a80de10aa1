package io.tributary.spark.pipeline;

import static io.tributary.spark.pipeline.Frames.changes;
import static io.tributary.spark.pipeline.Frames.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Columns;
import io.tributary.api.TableMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SnapshotAndAppendWriterTest {
  private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
  private static final StructType ITEMS = new StructType(new StructField[] {Columns.id("id"), Columns.string("name")});

  /** The SCD1 writer of a snapshot table of items (id, name) into {@code target}. */
  private static DeltaWriter snapshotOfItems(DeltaTarget target) {
    return DeltaWriter.forTable(
        Frames.planned(Frames.spec("items", ScdType.SCD_TYPE_1), TableMetadata.snapshot("id"), ITEMS), target);
  }

  @Test
  void snapshotMakesTheTableEqualTheLatestSnapshot() {
    DeltaTarget target = DeltaTarget.atPath(Frames.tempDir("snap").resolve("items"), "default.items");
    DeltaWriter writer = snapshotOfItems(target);
    writer.write(changes(ITEMS,
        "{\"id\":1,\"name\":\"a\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"name\":\"b\",\"_change_type\":\"upsert\"}",
        "{\"id\":3,\"name\":\"c\",\"_change_type\":\"upsert\"}"), Optional.empty(), 0, NOW);

    WriteCounts counts = writer.write(changes(ITEMS,
        "{\"id\":1,\"name\":\"a\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"name\":\"b2\",\"_change_type\":\"upsert\"}",
        "{\"id\":4,\"name\":\"d\",\"_change_type\":\"upsert\"}"), Optional.empty(), 0, NOW);

    assertThat(rows(target.table(Frames.spark()).toDF(), "id", "name")).containsExactly("1|a", "2|b2", "4|d");
    assertThat(counts).isEqualTo(new WriteCounts(1, 1, 1));
  }

  @Test
  void aSnapshotIntoAnEmptyTableIsAppendedOneRowPerKeyWithoutAMerge() {
    DeltaTarget target = DeltaTarget.atPath(Frames.tempDir("snap-first").resolve("items"), "default.items");
    DeltaWriter writer = snapshotOfItems(target);

    // A snapshot that lists one key twice (a record that moved between pages while they were read).
    WriteCounts counts = writer.write(changes(ITEMS,
        "{\"id\":1,\"name\":\"a\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"name\":\"b\",\"_change_type\":\"upsert\"}",
        "{\"id\":2,\"name\":\"b\",\"_change_type\":\"upsert\"}"), Optional.empty(), 0, NOW);

    assertThat(rows(target.table(Frames.spark()).toDF(), "id", "name")).containsExactly("1|a", "2|b");
    assertThat(counts).isEqualTo(new WriteCounts(2, 0, 0));
    Row last = target.table(Frames.spark()).history(1).select("operation").first();
    assertThat(last.getString(0)).as("the first snapshot's commit").isEqualTo("WRITE");

    // The next snapshot of the table, which now holds rows, is merged: it deletes what it lacks.
    WriteCounts next = writer.write(changes(ITEMS,
        "{\"id\":2,\"name\":\"b\",\"_change_type\":\"upsert\"}"), Optional.empty(), 0, NOW);
    assertThat(rows(target.table(Frames.spark()).toDF(), "id", "name")).containsExactly("2|b");
    assertThat(next).isEqualTo(new WriteCounts(0, 0, 1));
  }

  @Test
  void appendAddsEachEventOnceAndPartitionsByDerivedMonth() {
    StructType events = new StructType(new StructField[] {
        Columns.id("id"), Columns.string("type"), Columns.timestamp("created_at")});
    TableSpec spec = new TableSpec(0, "events", Optional.empty(), "default", "events", Map.of(), ScdType.SCD_TYPE_1,
        List.of(), Optional.empty(), List.of(), List.of(PartitionColumn.parse("month(created_at)")));
    DeltaTarget target = DeltaTarget.atPath(Frames.tempDir("append").resolve("events"), "default.events");
    DeltaWriter writer = DeltaWriter.forTable(Frames.planned(spec, TableMetadata.append("created_at", "id"), events), target);
    String event1 = "{\"id\":1,\"type\":\"a\",\"created_at\":\"2024-01-31T23:00:00Z\",\"_change_type\":\"upsert\"}";
    String event2 = "{\"id\":2,\"type\":\"a\",\"created_at\":\"2024-02-01T01:00:00Z\",\"_change_type\":\"upsert\"}";

    writer.write(changes(events, event1), Optional.of("app"), 0, NOW);
    WriteCounts reRead = writer.write(changes(events, event1, event2), Optional.of("app"), 1, NOW);
    WriteCounts replay = writer.write(changes(events, event1, event2), Optional.of("app"), 1, NOW);

    assertThat(reRead).isEqualTo(new WriteCounts(1, 0, 0));
    assertThat(replay).isEqualTo(WriteCounts.ZERO);
    assertThat(rows(target.table(Frames.spark()).toDF(), "id", "month")).containsExactly("1|2024-01", "2|2024-02");
    Row detail = Frames.spark().sql("DESCRIBE DETAIL " + target.sql()).select("partitionColumns").first();
    assertThat(detail.getList(0)).containsExactly("month");
  }

  @Test
  void clusterByCreatesALiquidClusteredTable() {
    StructType contacts = new StructType(new StructField[] {
        Columns.id("id"), Columns.string("email"), Columns.timestamp("updated_at")});
    TableSpec spec = new TableSpec(0, "contacts", Optional.empty(), "default", "contacts", Map.of(), ScdType.SCD_TYPE_1,
        List.of(), Optional.empty(), List.of("email"), List.of());
    DeltaTarget target = DeltaTarget.atPath(Frames.tempDir("cluster").resolve("contacts"), "default.contacts");
    DeltaWriter writer = DeltaWriter.forTable(Frames.planned(spec, TableMetadata.cdc("updated_at", "id"), contacts), target);

    writer.write(changes(contacts,
        "{\"id\":1,\"email\":\"a@x\",\"updated_at\":\"2024-01-01T00:00:00Z\",\"_change_type\":\"upsert\"}"),
        Optional.empty(), 0, NOW);

    Row detail = Frames.spark().sql("DESCRIBE DETAIL " + target.sql()).select("clusteringColumns").first();
    assertThat(detail.getList(0)).containsExactly("email");
  }
}
