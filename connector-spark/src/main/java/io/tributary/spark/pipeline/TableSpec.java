package io.tributary.spark.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code objects[].table} entry of a pipeline spec, with defaults applied.
 *
 * @param index the entry's position in {@code objects}, for JSON paths in messages
 * @param tableOptions the connector's table options from {@code table_configuration} (pipeline
 *     options removed), as strings
 * @param primaryKeys the spec's {@code primary_keys}; empty means the connector's keys
 * @param sequenceBy the spec's {@code sequence_by}; empty means the connector's cursor
 */
public record TableSpec(
    int index,
    String sourceTable,
    Optional<String> destinationCatalog,
    String destinationSchema,
    String destinationTable,
    Map<String, String> tableOptions,
    ScdType scdType,
    List<String> primaryKeys,
    Optional<String> sequenceBy,
    List<String> clusterBy,
    List<PartitionColumn> partitionBy) {

  public static final String DEFAULT_SCHEMA = "default";

  public TableSpec {
    Objects.requireNonNull(sourceTable, "sourceTable");
    Objects.requireNonNull(destinationCatalog, "destinationCatalog");
    Objects.requireNonNull(destinationSchema, "destinationSchema");
    Objects.requireNonNull(destinationTable, "destinationTable");
    tableOptions = Map.copyOf(tableOptions);
    Objects.requireNonNull(scdType, "scdType");
    primaryKeys = List.copyOf(primaryKeys);
    Objects.requireNonNull(sequenceBy, "sequenceBy");
    clusterBy = List.copyOf(clusterBy);
    partitionBy = List.copyOf(partitionBy);
  }

  /** The JSON path of this entry, such as {@code objects[2].table}. */
  public String path() {
    return "objects[" + index + "].table";
  }

  /** {@code <schema>.<table>}: the name the table is queried by locally. */
  public String destination() {
    return destinationSchema + "." + destinationTable;
  }
}
