package io.tributary.spark;

import io.tributary.api.ReadPartition;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One task's share of a read.
 *
 * @param work what the task does
 * @param feed the records or the deletes
 * @param startOffset for {@link Work#READ_ONCE}: the connector offset JSON to read from
 * @param partitions for {@link Work#PARTITION}: the connector's partitions this task reads, side
 *     by side ({@link PartitionPages})
 * @param records for {@link Work#CACHED}: records the driver already fetched, converted to rows
 *     there once (Spark's binary row format, which is what a task ships best)
 * @param parents for {@link Work#CACHED}: complete parents reported with them, as rows
 * @param driverCounters for {@link Work#CACHED}: requests, retries and throttled ms the driver
 *     spent fetching them, and the values rescued converting them, reported as this task's
 *     metrics so that the UI counts them once
 */
record TributaryInputPartition(
    Work work,
    Feed feed,
    String startOffset,
    List<ReadPartition> partitions,
    List<UnsafeRow> records,
    List<UnsafeRow> parents,
    long[] driverCounters) implements InputPartition {

  enum Work {
    /** Rows from records fetched on the driver while it planned the micro-batch. */
    CACHED,
    /** One read call from an offset: a replayed micro-batch, re-read after a restart. */
    READ_ONCE,
    /** Read calls from the start until caught up: a batch read. */
    READ_ALL,
    /** Connector partitions, read side by side on an executor. */
    PARTITION
  }

  TributaryInputPartition {
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
    records = records == null ? List.of() : List.copyOf(records);
    parents = parents == null ? List.of() : List.copyOf(parents);
    driverCounters = driverCounters == null ? new long[4] : driverCounters.clone();
  }

  static TributaryInputPartition cached(Feed feed, List<UnsafeRow> records, List<UnsafeRow> parents, long[] counters) {
    return new TributaryInputPartition(Work.CACHED, feed, null, null, records, parents, counters);
  }

  static TributaryInputPartition readOnce(Feed feed, String startOffset) {
    return new TributaryInputPartition(Work.READ_ONCE, feed, startOffset, null, null, null, null);
  }

  static TributaryInputPartition readAll(Feed feed) {
    return new TributaryInputPartition(Work.READ_ALL, feed, null, null, null, null, null);
  }

  /**
   * The task slots of the session's cluster: Spark's default parallelism (its executors' cores, or
   * {@code spark.default.parallelism}); one without a session.
   */
  static int taskSlots() {
    SparkSession session = SparkSession.getActiveSession().orElse(SparkSession::getDefaultSession)
        .getOrElse(() -> null);
    return session == null ? 1 : session.sparkContext().defaultParallelism();
  }

  /**
   * A plan's partitions as tasks: as many as the cluster has task slots, or fewer when the plan is
   * smaller, each holding every so many of the plan's partitions (the first, the slots + 1st, ...),
   * so every window of the plan is read at once and each task's windows spread over the range.
   */
  static List<TributaryInputPartition> tasks(List<ReadPartition> plan, int slots) {
    int tasks = Math.max(1, Math.min(slots, plan.size()));
    List<List<ReadPartition>> groups = new java.util.ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      groups.add(new java.util.ArrayList<>());
    }
    for (int i = 0; i < plan.size(); i++) {
      groups.get(i % tasks).add(plan.get(i));
    }
    return groups.stream().filter(g -> !g.isEmpty())
        .map(g -> new TributaryInputPartition(Work.PARTITION, Feed.RECORDS, null, g, null, null, null))
        .toList();
  }

  /** The connector partitions' ids, comma-separated. */
  String ids() {
    return String.join(",", partitions.stream().map(ReadPartition::id).toList());
  }

  @Override
  public String toString() {
    return "TributaryInputPartition[" + work + " " + feed
        + (partitions.isEmpty() ? "" : " " + ids())
        + (work == Work.CACHED ? " " + records.size() + " records" : "") + "]";
  }
}
