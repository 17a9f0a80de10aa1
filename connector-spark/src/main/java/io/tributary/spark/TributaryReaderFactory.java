package io.tributary.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Shipped to executors; creates each task's reader, which builds its own connector there. */
final class TributaryReaderFactory implements PartitionReaderFactory {
  private final ReadContext context;

  TributaryReaderFactory(ReadContext context) {
    this.context = context;
  }

  /** What the tasks read with: the driver's context as shipped, see {@link ReadContext#forExecutors}. */
  ReadContext context() {
    return context;
  }

  @Override
  public String toString() {
    return "TributaryReaderFactory[" + context.options().describe() + "]";
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new TributaryPartitionReader(context, (TributaryInputPartition) partition);
  }
}
