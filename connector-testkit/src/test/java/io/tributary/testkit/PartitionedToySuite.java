package io.tributary.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.Offset;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import io.tributary.api.PartitionedReads;
import io.tributary.api.ReadPartition;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * The toy suite over a toy that plans partitions: two partitions of each incremental table, the
 * records of even and of odd ids, each read sequentially and filtered; or, with a defect, windows
 * that overlap or lose a record.
 */
class PartitionedToySuite extends ToyConformanceSuite {
  enum Split { CORRECT, OVERLAPPING, LOSES_ONE }

  static volatile Split split = Split.CORRECT;

  @Override
  protected ConnectorFactory factory() {
    ConnectorFactory toy = super.factory();
    return new ConnectorFactory() {
      @Override
      public String name() {
        return toy.name();
      }

      @Override
      public OptionSet connectionOptions() {
        return toy.connectionOptions();
      }

      @Override
      public OptionSet tableOptions() {
        return toy.tableOptions();
      }

      @Override
      public Connector create(OptionValues options) {
        return new Partitioned(toy.create(options), split);
      }
    };
  }

  private static final class Partitioned implements Connector, PartitionedReads {
    private final Connector toy;
    private final Split split;

    Partitioned(Connector toy, Split split) {
      this.toy = toy;
      this.split = split;
    }

    @Override
    public List<ReadPartition> planPartitions(String table, Offset start, OptionValues options) {
      if (!start.isStart() || toy.metadata(table, options).cursorField().isEmpty()) {
        return List.of();
      }
      String end = Offset.at(java.time.Instant.parse("2100-01-01T00:00:00Z")).toJson();
      return List.of(new ReadPartition("even", Map.of("parity", "0"), end), new ReadPartition("odd", Map.of("parity", "1"), end));
    }

    @Override
    public ReadResult readPartition(String table, ReadPartition partition, OptionValues options) {
      long parity = Long.parseLong(partition.bounds().get("parity"));
      List<ObjectNode> all = new ArrayList<>();
      Offset offset = Offset.START;
      for (int calls = 0; calls < 10_000; calls++) {
        ReadResult r = toy.read(table, offset, options);
        all.addAll(r.records());
        if (r.caughtUp(offset)) {
          break;
        }
        offset = r.endOffset();
      }
      java.util.Map<Long, ObjectNode> byId = new java.util.LinkedHashMap<>();
      all.forEach(r -> byId.put(r.path("id").asLong(), r));
      List<ObjectNode> mine = new ArrayList<>(byId.values().stream()
          .filter(r -> Math.floorMod(r.path("id").asLong(), 2) == parity
              || (split == Split.OVERLAPPING && parity == 1 && r.path("id").asLong() == 2))
          .toList());
      if (split == Split.LOSES_ONE && parity == 1 && !mine.isEmpty()) {
        mine.remove(mine.size() - 1);
      }
      return new ReadResult(mine, Offset.fromJson(partition.endOffset()));
    }

    @Override
    public List<String> listTables() {
      return toy.listTables();
    }

    @Override
    public StructType schema(String table, OptionValues options) {
      return toy.schema(table, options);
    }

    @Override
    public TableMetadata metadata(String table, OptionValues options) {
      return toy.metadata(table, options);
    }

    @Override
    public ReadResult read(String table, Offset start, OptionValues options) {
      return toy.read(table, start, options);
    }

    @Override
    public ReadResult readDeletes(String table, Offset start, OptionValues options) {
      return toy.readDeletes(table, start, options);
    }

    @Override
    public void close() {
      toy.close();
    }
  }
}
