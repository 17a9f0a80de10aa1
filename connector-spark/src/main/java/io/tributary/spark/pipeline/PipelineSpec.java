package io.tributary.spark.pipeline;

import io.tributary.api.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Lakeflow {@code pipeline_spec}: a connection name and the tables to ingest.
 *
 * <pre>{
 *   "connection_name": "freshservice_prod",
 *   "objects": [
 *     {"table": {"source_table": "tickets", "destination_schema": "support",
 *                "table_configuration": {"scd_type": "SCD_TYPE_2", "per_page": "100"}}}
 *   ]
 * }</pre>
 *
 * <p>{@link #parse} checks the spec's own shape; {@link #parse(String, Connections)} also checks
 * it against the connector (tables, columns, table options), reporting every problem of both
 * kinds at once, each with its JSON path.
 */
public record PipelineSpec(String connectionName, List<TableSpec> tables) {
  /** Pipeline options a {@code table_configuration} may hold besides the connector's table options. */
  public static final List<String> PIPELINE_OPTIONS =
      List.of("scd_type", "primary_keys", "sequence_by", "cluster_by", "partition_by", "stats_columns");

  public PipelineSpec {
    Objects.requireNonNull(connectionName, "connectionName");
    tables = List.copyOf(tables);
  }

  /**
   * Parses and checks the spec's shape: unknown keys, value types, scd_type, destinations used
   * twice.
   *
   * @throws UserException listing every problem with its JSON path
   */
  public static PipelineSpec parse(String json) {
    SpecParser.Parsed parsed = SpecParser.parse(json);
    if (!parsed.problems().isEmpty()) {
      throw new UserException(parsed.problems());
    }
    return parsed.spec();
  }

  /**
   * Parses the spec and validates it against its connection's connector, so that problems of the
   * spec's shape and problems with tables, columns and options come in one report.
   *
   * @throws UserException listing every problem with its JSON path
   */
  public static PipelineSpec parse(String json, Connections connections) {
    SpecParser.Parsed parsed = SpecParser.parse(json);
    List<String> problems = new ArrayList<>(parsed.problems());
    if (parsed.spec() != null) {
      problems.addAll(SpecValidator.problems(parsed.spec(), connections));
    }
    if (!problems.isEmpty()) {
      throw new UserException(problems);
    }
    return parsed.spec();
  }

  public static PipelineSpec load(Path file) {
    return parse(read(Location.uriOf(file)));
  }

  public static PipelineSpec load(Path file, Connections connections) {
    return load(Location.uriOf(file), connections);
  }

  /** Loads a spec file at a local path or a Hadoop URI, such as {@code dbfs:/...} or {@code hdfs://...}. */
  public static PipelineSpec load(String file, Connections connections) {
    return parse(read(file), connections);
  }

  private static String read(String file) {
    try {
      return Location.of(file, "pipeline spec").readString();
    } catch (java.io.FileNotFoundException e) {
      throw new UserException("Cannot read pipeline spec " + file + ": it does not exist");
    }
  }
}
