package io.tributary.testkit;

import static org.assertj.core.api.Assertions.fail;

import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.PartitionedReads;
import io.tributary.api.ReadPartition;
import io.tributary.api.ReadResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * The check of a connector that plans partitions ({@link PartitionedReads}): a backfill planned
 * from the start, each partition shipped as Spark ships it (Java serialization) and read in a
 * connector of its own, holds exactly the keys of the sequential read, each in one partition only;
 * the partitions share one end offset; and a replay planned up to that end ends there too.
 */
final class PartitionChecks {
  private final ConnectorConformanceTest test;
  private final String table;
  private final TableChecks checks;

  PartitionChecks(ConnectorConformanceTest test, String table, TableChecks checks) {
    this.test = test;
    this.table = table;
    this.checks = checks;
  }

  void unionEqualsSequentialRead() {
    if (!(checks.connector() instanceof PartitionedReads planner)) {
      throw abort(test.factory().name() + " does not plan partitions");
    }
    // Small pages, so that even a small simulator's table spans enough pages to be split.
    OptionValues small = test.validatedTableOptions(test.smallPageOptions(table));
    List<ReadPartition> plan = planner.planPartitions(table, Offset.START, small);
    if (plan.isEmpty()) {
      throw abort("the connector reads it serially from the start with " + small);
    }
    Set<String> ends = plan.stream().map(ReadPartition::endOffset).collect(Collectors.toSet());
    if (ends.size() != 1) {
      fail(message("the partitions of one plan end at different offsets " + ends));
    }
    Offset end = Offset.fromJson(ends.iterator().next());
    Offset.requireForward(table, Offset.START, end);
    if (plan.stream().map(ReadPartition::id).distinct().count() != plan.size()) {
      fail(message("partition ids repeat in " + plan.stream().map(ReadPartition::id).toList()));
    }
    List<String> keyFields = checks.meta().primaryKeys();
    Map<List<String>, String> owner = new LinkedHashMap<>();
    for (ReadPartition partition : plan) {
      Connector executor = test.open();
      ReadResult result = ((PartitionedReads) executor).readPartition(table, shipped(partition), small);
      if (!result.endOffset().equals(end)) {
        fail(message("partition " + partition.id() + " returned end offset " + result.endOffset().toJson()
            + ", not its plan's " + end.toJson()));
      }
      Set<List<String>> seen = new HashSet<>();
      for (var record : result.records()) {
        List<String> key = ReadRun.keyOf(record, keyFields);
        if (!seen.add(key)) {
          fail(message("partition " + partition.id() + " " + partition.bounds() + " returned key " + key + " twice"));
        }
        String before = owner.putIfAbsent(key, partition.id());
        if (before != null) {
          fail(message("key " + key + " was read by partition " + before + " and by " + partition.id() + " "
              + partition.bounds() + ": windows overlap, or a boundary record is counted twice"));
        }
      }
    }
    TableChecks.compareKeys(table, checks.truth(), owner.keySet(),
        "the union of " + plan.size() + " partitions planned from the start with " + small);
    List<ReadPartition> replay = planner.planPartitions(table, Offset.START, end, small);
    if (!replay.isEmpty() && !replay.stream().allMatch(p -> Offset.fromJson(p.endOffset()).equals(end))) {
      fail(message("a replay planned up to " + end.toJson() + " ends at " + replay.get(0).endOffset()));
    }
  }

  private static ReadPartition shipped(ReadPartition partition) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(partition);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        return (ReadPartition) in.readObject();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialize partition " + partition.id(), e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private String message(String what) {
    return "Cannot accept table '" + table + "' (" + Checks.PARTITIONS + "): " + what;
  }

  private RuntimeException abort(String why) {
    return Assumptions.abort("Cannot check table '" + table + "' (" + Checks.PARTITIONS + "): " + why);
  }
}
