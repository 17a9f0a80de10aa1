package io.tributary.spark;

import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;

/**
 * Builds the scan. Nothing is pushed down: a connector reads whole records, and Spark prunes
 * columns and filters rows after conversion.
 */
final class TributaryScanBuilder implements ScanBuilder {
  private final ReadContext context;

  TributaryScanBuilder(ReadContext context) {
    this.context = context;
  }

  @Override
  public Scan build() {
    return new TributaryScan(context);
  }
}
