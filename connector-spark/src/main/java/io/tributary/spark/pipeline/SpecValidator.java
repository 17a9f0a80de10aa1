package io.tributary.spark.pipeline;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import io.tributary.api.ResolvedOptions;
import io.tributary.api.TableMetadata;
import io.tributary.api.TributaryException;
import io.tributary.api.UserException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks a parsed spec against its connector: the connection resolves, each table is listed,
 * table options are valid, and the keys, sequence, clustering and partition columns exist. Works
 * without network: listing tables and schemas never needs credentials.
 */
final class SpecValidator {
  private final List<String> problems = new ArrayList<>();

  private SpecValidator() {}

  /** Every problem, each prefixed with its JSON path; empty when the spec can run. */
  static List<String> problems(PipelineSpec spec, Connections connections) {
    SpecValidator validator = new SpecValidator();
    validator.plan(spec, connections);
    return List.copyOf(validator.problems);
  }

  /**
   * The planned tables, in spec order.
   *
   * @throws UserException listing every problem with its JSON path
   */
  static Plan planOrThrow(PipelineSpec spec, Connections connections) {
    SpecValidator validator = new SpecValidator();
    Plan plan = validator.plan(spec, connections);
    if (!validator.problems.isEmpty()) {
      throw new UserException(validator.problems);
    }
    return plan;
  }

  /** A connection with its factory and validated options, and the tables to ingest. */
  record Plan(Connection connection, ConnectorFactory factory, OptionValues connectionOptions, List<PlannedTable> tables) {}

  private Plan plan(PipelineSpec spec, Connections connections) {
    Connection connection;
    ConnectorFactory factory;
    try {
      connection = connections.connection(spec.connectionName());
      factory = ConnectorFactory.find(connection.source());
    } catch (UserException e) {
      e.problems().forEach(p -> problems.add("connection_name: " + p));
      return null;
    }
    ResolvedOptions resolved = ResolvedOptions.connection(factory, connection.options());
    resolved.connectionProblems().forEach(p -> problems.add(
        "connection_name: Cannot use connection '" + connection.name() + "': " + p.message()));
    OptionValues connectionOptions = resolved.connection();
    List<PlannedTable> tables = new ArrayList<>();
    // The options left after refusing bad ones still list tables and schemas, without credentials.
    try (Connector connector = factory.create(connectionOptions)) {
      List<String> listed = connector.listTables();
      for (TableSpec table : spec.tables()) {
        plan(table, factory, connector, listed, resolved).ifPresent(tables::add);
      }
    } catch (TributaryException e) {
      problems.add("connection_name: Cannot open connection '" + connection.name() + "': "
          + connectionOptions.redact(e.getMessage()));
    }
    return new Plan(connection, factory, connectionOptions, tables);
  }

  private Optional<PlannedTable> plan(
      TableSpec table, ConnectorFactory factory, Connector connector, List<String> listed, ResolvedOptions connection) {
    String path = table.path();
    if (!listed.contains(table.sourceTable())) {
      problems.add(path + ".source_table: Cannot use table '" + table.sourceTable() + "': "
          + closest("no such table", table.sourceTable(), listed) + "; valid tables are " + String.join(", ", listed));
      return Optional.empty();
    }
    int before = problems.size();
    // Bad table options fall back to defaults so that column checks still run in this round.
    ResolvedOptions resolved = connection.withTable(factory, table.sourceTable(), table.tableOptions(),
        PipelineSpec.PIPELINE_OPTIONS);
    String config = path + ".table_configuration";
    resolved.tableProblems().forEach(p -> problems.add(config + "." + p.option() + ": " + p.message()));
    OptionValues options = resolved.table();
    StructType schema;
    TableMetadata metadata;
    try {
      schema = connector.schema(table.sourceTable(), options);
      metadata = connector.metadata(table.sourceTable(), options);
    } catch (TributaryException e) {
      problems.add(path + ": Cannot describe table '" + table.sourceTable() + "': " + e.getMessage());
      return Optional.empty();
    }
    List<String> keys = table.primaryKeys().isEmpty() ? metadata.primaryKeys() : table.primaryKeys();
    for (String key : table.primaryKeys()) {
      column(schema, key, config + ".primary_keys", "primary key", table);
    }
    Optional<String> sequence = table.sequenceBy().or(metadata::cursorField);
    table.sequenceBy().ifPresent(s -> column(schema, s, config + ".sequence_by", "sequence_by column", table));
    for (String column : table.clusterBy()) {
      column(schema, column, config + ".cluster_by", "cluster_by column", table);
    }
    for (String column : table.statsColumns()) {
      if (column.equals(TableSpec.DELTA_STATS)) {
        continue;
      }
      column(schema, column, config + ".stats_columns", "stats_columns column", table).ifPresent(field -> {
        if (!StatsColumns.eligible(field.dataType())) {
          problems.add(config + ".stats_columns: Cannot keep statistics of column '" + column + "' of table '"
              + table.sourceTable() + "': it is " + field.dataType().simpleString() + "; Delta keeps them of "
              + "numbers, strings, dates and timestamps (and structs of them) only");
        } else if (table.partitionBy().stream().anyMatch(p -> p.name().equals(column))) {
          problems.add(config + ".stats_columns: Cannot keep statistics of column '" + column + "' of table '"
              + table.sourceTable() + "': it is a partition column, which Delta skips by its values");
        }
      });
    }
    for (PartitionColumn partition : table.partitionBy()) {
      Optional<StructField> field = column(schema, partition.sourceColumn(), config + ".partition_by", "partition_by column", table);
      DataType type = field.map(StructField::dataType).orElse(null);
      if (partition.derived() && type != null && type != DataTypes.TimestampType && type != DataTypes.DateType) {
        problems.add(config + ".partition_by: Cannot derive " + partition.name() + "(" + partition.sourceColumn()
            + ") for table '" + table.sourceTable() + "': column '" + partition.sourceColumn()
            + "' is " + type.simpleString() + ", not a timestamp or date");
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new PlannedTable(table, metadata, schema, keys, sequence, options));
  }

  private Optional<StructField> column(StructType schema, String name, String path, String role, TableSpec table) {
    List<String> names = Arrays.asList(schema.fieldNames());
    if (names.contains(name)) {
      return Optional.of(schema.apply(name));
    }
    problems.add(path + ": Cannot use " + role + " '" + name + "' for table '" + table.sourceTable() + "': "
        + closest("no such column", name, names) + "; columns are " + String.join(", ", names));
    return Optional.empty();
  }

  private static String closest(String reason, String name, List<String> candidates) {
    String message = OptionSet.unknownOption(name, candidates);
    int mean = message.indexOf("; did you mean '");
    if (mean < 0) {
      return reason;
    }
    return reason + " (did you mean '" + message.substring(mean + 16, message.indexOf("'?", mean)) + "'?)";
  }
}
