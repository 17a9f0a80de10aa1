package io.tributary.examples.cluster.probe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Columns;
import io.tributary.api.Connector;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.PartitionedReads;
import io.tributary.api.ReadPartition;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import io.tributary.api.Tables;
import io.tributary.api.UserException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One cdc table, {@code events}: {@link #EVENTS} records with fixed values ({@link #expected}),
 * plus the column {@code pid}, the id of the process that read the record. A first read is planned
 * as partitions by {@code id mod partitions}; once the watermark is set the table is caught up.
 */
final class PidProbeConnector implements Connector, PartitionedReads {
  static final String TABLE = "events";
  static final int EVENTS = 400;
  private static final Instant FIRST = Instant.parse("2024-01-01T00:00:00Z");
  private static final StructType SCHEMA = new StructType(new StructField[] {
      Columns.id("id"), Columns.string("value"), Columns.timestamp("updated_at"), Columns.id("pid")});

  private final String apiKey;

  PidProbeConnector(String apiKey) {
    this.apiKey = apiKey;
  }

  @Override
  public List<String> listTables() {
    return List.of(TABLE);
  }

  @Override
  public StructType schema(String table, OptionValues tableOptions) {
    Tables.require(table, listTables());
    return SCHEMA;
  }

  @Override
  public TableMetadata metadata(String table, OptionValues tableOptions) {
    Tables.require(table, listTables());
    return TableMetadata.cdc("updated_at", "id");
  }

  /** Serial reads, in this process: everything from the start, then caught up. */
  @Override
  public ReadResult read(String table, Offset start, OptionValues tableOptions) {
    Tables.require(table, listTables());
    if (start.watermark() != null) {
      return new ReadResult(List.of(), start);
    }
    return new ReadResult(records(0, 1), end());
  }

  @Override
  public List<ReadPartition> planPartitions(String table, Offset start, OptionValues tableOptions) {
    Tables.require(table, listTables());
    if (start.watermark() != null) {
      return List.of();
    }
    int n = tableOptions.integer(PidProbeFactory.PARTITIONS);
    List<ReadPartition> partitions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      partitions.add(new ReadPartition("mod" + n + "=" + i,
          Map.of("mod", Integer.toString(n), "rem", Integer.toString(i)), end().toJson()));
    }
    return partitions;
  }

  @Override
  public ReadResult readPartition(String table, ReadPartition partition, OptionValues tableOptions) {
    Tables.require(table, listTables());
    return new ReadResult(records(Integer.parseInt(partition.bounds().get("rem")),
        Integer.parseInt(partition.bounds().get("mod"))), end());
  }

  /** The table's records, pid left out: what every complete read lands. */
  static List<ObjectNode> expected() {
    return LongStream.rangeClosed(1, EVENTS).mapToObj(PidProbeConnector::event).toList();
  }

  private List<ObjectNode> records(int rem, int mod) {
    if (apiKey.isEmpty()) {
      throw new UserException("Cannot read table 'events': option 'api_key' did not reach this connector");
    }
    long pid = ProcessHandle.current().pid();
    return LongStream.rangeClosed(1, EVENTS).filter(id -> id % mod == rem)
        .mapToObj(id -> event(id).put("pid", pid)).toList();
  }

  private static ObjectNode event(long id) {
    return Json.object().put("id", id).put("value", "event-" + id)
        .put("updated_at", FIRST.plusSeconds(id).toString());
  }

  private static Offset end() {
    return Offset.at(FIRST.plusSeconds(EVENTS));
  }
}
