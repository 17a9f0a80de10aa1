package io.tributary.spark.pipeline;

import io.tributary.api.OptionValues;
import io.tributary.api.TableMetadata;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;

/**
 * A spec entry checked against its connector: the keys and sequence column actually used, the
 * source schema and the validated table options.
 *
 * @param sequenceBy the column ordering changes; empty only for snapshot tables without one
 */
record PlannedTable(
    TableSpec spec,
    TableMetadata metadata,
    StructType schema,
    List<String> primaryKeys,
    Optional<String> sequenceBy,
    OptionValues tableOptions) {

  String sourceTable() {
    return spec.sourceTable();
  }

  /** APPEND_ONLY, or an append table whatever scd_type says: every record is appended. */
  boolean appends() {
    return spec.scdType() == ScdType.APPEND_ONLY
        || metadata.ingestionType() == io.tributary.api.IngestionType.APPEND;
  }

  boolean history() {
    return spec.scdType() == ScdType.SCD_TYPE_2 && !appends();
  }
}
