package io.tributary.api;

import java.util.List;

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
   * Reads every record of one partition, following its pages to the end. Runs on an executor, in
   * a connector built there from the same options. May be called again after a failure.
   */
  ReadResult readPartition(String table, ReadPartition partition, OptionValues tableOptions);
}
