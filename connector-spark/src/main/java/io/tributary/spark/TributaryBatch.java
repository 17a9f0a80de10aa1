package io.tributary.spark;

import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.PartitionedReads;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/**
 * A batch read: every feed from {@link Offset#START} to its fixed point. When the connector plans
 * partitions, the records are read as those partitions in parallel on executors; otherwise each
 * feed is one task that follows the offsets.
 */
final class TributaryBatch implements Batch {
  private final ReadContext context;
  /** What executors receive: the context with the driver's delegated token, if the connector delegates. */
  private ReadContext shipped;

  TributaryBatch(ReadContext context) {
    this.context = context;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    List<InputPartition> partitions = new ArrayList<>();
    for (Feed feed : Feed.of(context)) {
      if (feed == Feed.RECORDS) {
        partitions.addAll(plannedPartitions().tasks());
        if (!partitions.isEmpty()) {
          continue;
        }
      }
      partitions.add(TributaryInputPartition.readAll(feed));
    }
    return partitions.toArray(InputPartition[]::new);
  }

  private TimedPlan plannedPartitions() {
    try (Connector connector = context.options().connect()) {
      try {
        TimedPlan planned = TimedPlan.of(connector, () -> connector instanceof PartitionedReads planner
            ? planner.planPartitions(context.table(), Offset.START, context.tableValues())
            : List.of());
        ship(connector);
        return planned;
      } finally {
        context.spent(connector.metrics());
      }
    }
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new TributaryReaderFactory(shipped());
  }

  private synchronized void ship(Connector driver) {
    shipped = context.forExecutors(driver);
  }

  /** Spark plans the partitions first; should it not, the token is delegated here. */
  private synchronized ReadContext shipped() {
    if (shipped == null) {
      try (Connector connector = context.options().connect()) {
        ship(connector);
      }
    }
    return shipped;
  }
}
