package io.tributary.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;

/**
 * An optional mixin for a {@link Connector} that can split a backfill into independent
 * partitions, such as time windows or parent-id ranges, which Spark executors then read in
 * parallel. Connectors without it are read in a single partition.
 */
public interface PartitionedReads {

  /**
   * Plans the partitions that together hold every record {@link Connector#read} would return from
   * {@code start} until caught up. Returns an empty list when the table should be read serially
   * from this offset, for example because it is already close to caught up. Must be cheap: at
   * most a few requests.
   */
  List<ReadPartition> planPartitions(String table, Offset start, OptionValues tableOptions);

  /**
   * Plans again a batch that was planned from {@code start} and ended at {@code end}, when Spark
   * replays it after a restart: its offsets are in the checkpoint, its partitions are not. The
   * partitions together must hold the records of a read from {@code start} up to {@code end}
   * (the same windows, or others with the same union), and their {@link ReadPartition#endOffset}
   * must be {@code end}. Returns an empty list when the batch should be read again serially from
   * {@code start}, for example because {@code end} stands inside a listing. By default, {@link
   * #planPartitions(String, Offset, OptionValues)} when it ends at {@code end}, else empty.
   */
  default List<ReadPartition> planPartitions(String table, Offset start, Offset end, OptionValues tableOptions) {
    List<ReadPartition> plan = planPartitions(table, start, tableOptions);
    return !plan.isEmpty() && Offset.fromJson(plan.get(0).endOffset()).equals(end) ? plan : List.of();
  }

  /**
   * Reads every record of one partition, following its pages to the end. Runs on an executor, in
   * a connector built there from the same options. May be called again after a failure.
   */
  ReadResult readPartition(String table, ReadPartition partition, OptionValues tableOptions);

  /**
   * Reads one partition as {@link #readPartition(String, ReadPartition, OptionValues)} does, but
   * hands its records to {@code pages} a page at a time, as they are read, so a partition's memory
   * does not grow with its window: the caller converts and writes each page while the next is
   * fetched. Returns what else the read found, with no records: its end offset and complete
   * parents. {@code pages} may block until the caller has taken the page before; it returns
   * normally or the read stops with its exception.
   *
   * <p>A record may be handed over twice when it was read again (a tie at a page boundary, a
   * record updated while the window was read): the caller keeps, per key, the newest by the
   * table's cursor. By default the partition is read whole and handed over as one page.
   */
  default ReadResult readPartition(String table, ReadPartition partition, OptionValues tableOptions,
      Consumer<List<ObjectNode>> pages) {
    ReadResult whole = readPartition(table, partition, tableOptions);
    pages.accept(whole.records());
    return whole.withRecords(List.of());
  }
}
