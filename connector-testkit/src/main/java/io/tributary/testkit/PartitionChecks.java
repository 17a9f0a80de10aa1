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
 * from the start, plan after plan (a plan may hold a batch's worth, a prefix of the range) and then
 * read serially from the last plan's end, each partition shipped as Spark ships it (Java
 * serialization) and read in a connector of its own, holds exactly the keys of the sequential
 * read, each in one partition only within a plan; a plan's partitions share one end offset, past
 * its start; and a replay planned up to that end ends there too.
 */
final class PartitionChecks {
  /** More plans than any simulator's table needs at the kit's small pages. */
  private static final int MAX_PLANS = 200;
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
    // A plan may hold a prefix of the backfill (a batch's worth); the next is planned from its end.
    Set<List<String>> union = new HashSet<>();
    Offset from = Offset.START;
    int plans = 0;
    while (!plan.isEmpty()) {
      if (++plans > MAX_PLANS) {
        fail(message("a backfill from the start was still planning partitions after " + MAX_PLANS + " plans, at "
            + from.toJson()));
      }
      Offset end = readPlan(planner, plan, from, small, union);
      from = end;
      plan = planner.planPartitions(table, from, small);
    }
    // What no plan covered (the last stretch, shorter than a plan is worth) is read serially.
    Connector rest = test.open();
    union.addAll(ReadRun.untilRepeat(table, "reading on serially from " + from.toJson(), from,
        test.maxCallsToFixedPoint() * 10, start -> rest.read(table, start, small)).keys(checks.meta().primaryKeys()));
    TableChecks.compareKeys(table, checks.truth(), union, "the union of " + plans + " plan(s) of partitions from the "
        + "start and a serial read from the last one's end, with " + small);
  }

  /**
   * Reads every partition of one {@code plan} from {@code from}, each in a connector of its own,
   * adding their keys to {@code union}: one end offset for all, forward of {@code from}; no key in
   * two partitions; a replay planned up to that end ends there too. Returns the end.
   */
  private Offset readPlan(PartitionedReads planner, List<ReadPartition> plan, Offset from, OptionValues small,
      Set<List<String>> union) {
    Set<String> ends = plan.stream().map(ReadPartition::endOffset).collect(Collectors.toSet());
    if (ends.size() != 1) {
      fail(message("the partitions of one plan end at different offsets " + ends));
    }
    Offset end = Offset.fromJson(ends.iterator().next());
    Offset.requireForward(table, from, end);
    if (end.equals(from)) {
      fail(message("a plan from " + from.toJson() + " ends where it starts"));
    }
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
    union.addAll(owner.keySet());
    List<ReadPartition> replay = planner.planPartitions(table, from, end, small);
    if (!replay.isEmpty() && !replay.stream().allMatch(p -> Offset.fromJson(p.endOffset()).equals(end))) {
      fail(message("a replay planned up to " + end.toJson() + " ends at " + replay.get(0).endOffset()));
    }
    return end;
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
