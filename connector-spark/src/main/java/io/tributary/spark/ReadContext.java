package io.tributary.spark;

import io.tributary.api.Connector;
import io.tributary.api.DelegatesAuth;
import io.tributary.api.IngestionType;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.api.TableMetadata;
import io.tributary.api.UserException;
import io.tributary.api.rows.RowConverter;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Everything a read needs, resolved once on the driver from the options and shipped to
 * executors: the resolved options, the connector's schema, the table's metadata, and the {@link ReadTally}
 * open on the loading thread (null when none), which the read's connector calls report to.
 */
record ReadContext(
    TributaryOptions options, StructType connectorSchema, List<String> primaryKeys, IngestionType ingestionType,
    ReadTally.Sink tally) implements Serializable {

  ReadContext {
    primaryKeys = List.copyOf(primaryKeys);
  }

  /**
   * Describes the table for resolved options: validates the table name and checks the read mode
   * fits the table. Needs no credentials.
   */
  static ReadContext resolve(TributaryOptions options) {
    OptionValues tableValues = options.tableValues();
    try (Connector connector = options.connectForDescription()) {
      StructType schema = connector.schema(options.table(), tableValues);
      TableMetadata metadata = connector.metadata(options.table(), tableValues);
      if (options.mode() == ReadMode.DELETES
          && metadata.ingestionType() != IngestionType.CDC_WITH_DELETES) {
        throw new UserException("Cannot read deletes of table '" + options.table() + "': its "
            + "ingestion type is " + metadata.ingestionType() + "; only "
            + IngestionType.CDC_WITH_DELETES + " tables report deletes");
      }
      return new ReadContext(options, schema, metadata.primaryKeys(), metadata.ingestionType(),
          ReadTally.current().orElse(null));
    }
  }

  /**
   * This context as a driver ships it to executors. For a connector that {@link DelegatesAuth},
   * the connection options carry an access token {@code driver} obtained instead of the grant's
   * secrets, so executors never redeem (or rotate) the grant; otherwise this context itself.
   * Called each time a read is planned, so every plan ships a token young enough to use.
   */
  ReadContext forExecutors(Connector driver) {
    if (!(driver instanceof DelegatesAuth delegating)) {
      return this;
    }
    return new ReadContext(options.withConnection(delegating.delegate()), connectorSchema, primaryKeys,
        ingestionType, tally);
  }

  /** Reports requests a connector spent for this read to the tally open when it was loaded, if any. */
  void spent(ReadMetrics metrics) {
    if (tally != null) {
      tally.add(metrics);
    }
  }

  String table() {
    return options.table();
  }

  /** True when a {@code changes} read also carries deletes. */
  boolean readsDeletesToo() {
    return options.mode() == ReadMode.CHANGES
        && ingestionType == IngestionType.CDC_WITH_DELETES;
  }

  /** The output schema: the connector's columns, {@code _rescued_data}, and for changes {@code _change_type}. */
  StructType outputSchema() {
    StructType withRescued = RowConverter.withRescuedColumn(connectorSchema);
    return options.mode() == ReadMode.CHANGES
        ? withRescued.add(ChangeType.COLUMN, DataTypes.StringType, false)
        : withRescued;
  }

  RowConverter converter() {
    RowConverter converter = RowConverter.forSchema(connectorSchema, table(), primaryKeys);
    return options.strict() ? converter.strict() : converter;
  }

  /** The table options, resolved on the driver; never checked again. */
  OptionValues tableValues() {
    return options.tableValues();
  }
}
