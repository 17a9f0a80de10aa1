package io.tributary.spark;

import io.tributary.api.ReadPartition;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One task's share of a read.
 *
 * @param work what the task does
 * @param feed the records or the deletes
 * @param startOffset for {@link Work#READ_ONCE}: the connector offset JSON to read from
 * @param partition for {@link Work#PARTITION}: the connector's partition
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
    ReadPartition partition,
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
    /** One connector partition, read on an executor. */
    PARTITION
  }

  TributaryInputPartition {
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

  static TributaryInputPartition partition(ReadPartition partition) {
    return new TributaryInputPartition(Work.PARTITION, Feed.RECORDS, null, partition, null, null, null);
  }

  @Override
  public String toString() {
    return "TributaryInputPartition[" + work + " " + feed
        + (partition != null ? " " + partition.id() : "")
        + (work == Work.CACHED ? " " + records.size() + " records" : "") + "]";
  }
}
