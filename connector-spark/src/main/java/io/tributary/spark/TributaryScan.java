package io.tributary.spark;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.types.StructType;

/** A read of one table, as a batch or a micro-batch stream. */
final class TributaryScan implements Scan {
  private final ReadContext context;

  TributaryScan(ReadContext context) {
    this.context = context;
  }

  @Override
  public StructType readSchema() {
    return context.outputSchema();
  }

  /** Shown in plans and the UI: source, table, mode and table options, never connection options. */
  @Override
  public String description() {
    return TributaryDataSource.NAME + " " + context.options().describe();
  }

  @Override
  public Batch toBatch() {
    return new TributaryBatch(context);
  }

  @Override
  public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
    if (!context.ingestionType().incremental()) {
      // Snapshot tables are read whole each run; streaming them would repeat the table forever.
      throw new io.tributary.api.UserException("Cannot stream table '" + context.table()
          + "': it is a snapshot table; read it with spark.read instead of spark.readStream");
    }
    return new TributaryMicroBatchStream(context);
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return TributaryMetrics.all();
  }
}
