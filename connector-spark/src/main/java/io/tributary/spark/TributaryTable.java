package io.tributary.spark;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** One connector table. Its name is safe to print: it never holds an option value. */
final class TributaryTable implements SupportsRead {
  private final ReadContext context;

  TributaryTable(ReadContext context) {
    this.context = context;
  }

  @Override
  public String name() {
    return TributaryDataSource.NAME + "." + context.options().source() + "." + context.table();
  }

  @Override
  public StructType schema() {
    return context.outputSchema();
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_READ, TableCapability.MICRO_BATCH_READ);
  }

  /**
   * The table was resolved from the options it was loaded with; options given again at scan time
   * (Spark passes the same ones for {@code spark.read}) are ignored.
   */
  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return new TributaryScanBuilder(context);
  }

  @Override
  public String toString() {
    return name();
  }
}
