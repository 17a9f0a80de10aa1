package io.tributary.spark.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The columns a destination's Delta table keeps file statistics of ({@code
 * delta.dataSkippingStatsColumns}), set when Tributary creates the table.
 *
 * <p>Delta's own choice is the first 32 columns, whatever they hold; it computes their minimum,
 * maximum and null count for every row it writes, and a SaaS record's first columns are often long
 * texts (a ticket's subject and description). Tributary's choice is the columns its writes and
 * their readers filter on: the primary keys, the sequence column, the clustering columns and the
 * SCD2 validity columns. Row counts are kept either way. A spec's {@code stats_columns} lists
 * other columns, or {@code "*"} for Delta's choice.
 */
final class StatsColumns {
  /** The table property Delta reads. */
  static final String PROPERTY = "delta.dataSkippingStatsColumns";
  /** Session defaults of Delta's table properties that choose statistics columns: a user's setting wins. */
  private static final List<String> SESSION_DEFAULTS = List.of(
      "spark.databricks.delta.properties.defaults.dataSkippingStatsColumns",
      "spark.databricks.delta.properties.defaults.dataSkippingNumIndexedCols");

  private StatsColumns() {}

  /**
   * The property's value for a new table of {@code columns}, or empty to leave Delta's choice: the
   * spec's {@code "*"}, or Tributary's default when the session sets a default of its own ({@code
   * sessionChoice}). {@code chosen} are the spec's columns (empty for Tributary's default: {@code
   * defaults} that the table has and Delta can keep statistics of); clustering columns are always
   * added, since Delta clusters by their statistics, and partition columns never.
   */
  static java.util.Optional<String> property(StructType columns, List<String> chosen, List<String> defaults,
      List<String> clusterBy, List<String> partitionBy, boolean sessionChoice) {
    if (chosen.equals(List.of(TableSpec.DELTA_STATS)) || (chosen.isEmpty() && sessionChoice)) {
      return java.util.Optional.empty();
    }
    Set<String> names = new LinkedHashSet<>(chosen.isEmpty() ? defaults : chosen);
    names.addAll(clusterBy);
    List<String> kept = new ArrayList<>();
    for (String name : names) {
      StructField field = field(columns, name);
      if (field != null && !partitionBy.contains(field.name()) && eligible(field.dataType())) {
        kept.add(field.name());
      }
    }
    if (kept.isEmpty()) {
      // An empty list would keep no column's statistics; a table with none of its keys eligible
      // (a struct key, say) is left to Delta.
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(kept.stream().map(StatsColumns::quoted).collect(Collectors.joining(",")));
  }

  /** Whether the session sets Delta's choice of statistics columns itself. */
  static boolean sessionChoice(org.apache.spark.sql.SparkSession spark) {
    return SESSION_DEFAULTS.stream().anyMatch(key -> spark.conf().getOption(key).isDefined());
  }

  /** Whether Delta keeps statistics of a column of {@code type}: numbers, strings, dates, timestamps, structs of them. */
  static boolean eligible(DataType type) {
    if (type instanceof StructType struct) {
      return struct.fields().length > 0 && java.util.Arrays.stream(struct.fields()).allMatch(f -> eligible(f.dataType()));
    }
    return type instanceof NumericType || type instanceof StringType || type instanceof DateType
        || type instanceof TimestampType || type instanceof TimestampNTZType;
  }

  private static StructField field(StructType columns, String name) {
    for (StructField field : columns.fields()) {
      if (field.name().equalsIgnoreCase(name)) {
        return field;
      }
    }
    return null;
  }

  /** A column name as Delta's list reads it: in backticks unless a plain identifier. */
  private static String quoted(String name) {
    return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "`" + name.replace("`", "``") + "`";
  }
}
