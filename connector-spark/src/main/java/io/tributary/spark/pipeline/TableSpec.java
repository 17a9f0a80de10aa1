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
 * @param statsColumns the spec's {@code stats_columns}: the columns Delta keeps statistics of when
 *     it creates the table; empty means Tributary's choice, {@link #DELTA_STATS} Delta's
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
    List<PartitionColumn> partitionBy,
    List<String> statsColumns) {

  /** {@code stats_columns: "*"}: Delta's own choice of statistics columns, its first 32. */
  public static final String DELTA_STATS = "*";

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
    statsColumns = List.copyOf(statsColumns);
  }

  /** A spec entry with Tributary's choice of statistics columns ({@code stats_columns} unset). */
  public TableSpec(int index, String sourceTable, Optional<String> destinationCatalog, String destinationSchema,
      String destinationTable, Map<String, String> tableOptions, ScdType scdType, List<String> primaryKeys,
      Optional<String> sequenceBy, List<String> clusterBy, List<PartitionColumn> partitionBy) {
    this(index, sourceTable, destinationCatalog, destinationSchema, destinationTable, tableOptions, scdType,
        primaryKeys, sequenceBy, clusterBy, partitionBy, List.of());
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
