package io.tributary.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.api.UserException;
import io.tributary.spark.cli.IngestReportJson;
import io.tributary.spark.pipeline.Connections;
import io.tributary.spark.pipeline.Ingestion;
import io.tributary.spark.pipeline.IngestionOptions;
import io.tributary.spark.pipeline.PipelineSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The entry point for a notebook: JSON strings in, a JSON report out, which is what a PySpark cell
 * can pass through {@code spark._jvm}:
 *
 * <pre>
 * report = json.loads(spark._jvm.io.tributary.spark.Tributary.ingest(
 *     spark._jsparkSession, json.dumps(pipeline_spec), json.dumps(connections),
 *     json.dumps({"warehouse": "/Volumes/main/raw/lake"})))
 * </pre>
 *
 * <p>A bad spec, bad connections or bad options run nothing and return {@code {"status":
 * "invalid", "problems": [...]}} with every problem found; otherwise the report is the one {@code
 * tributary ingest --json} prints, whose {@code status} is {@code ok}, {@code failed}, {@code
 * paused} or {@code interrupted}.
 */
public final class Tributary {
  /** The keys {@link #ingest}'s options take. */
  static final Set<String> OPTIONS = Set.of(
      "warehouse", "state_location", "max_concurrent_tables", "reconcile", "strict", "time_budget_seconds");

  private Tributary() {}

  /**
   * Ingests {@code pipelineSpecJson} on {@code spark}.
   *
   * @param connectionsJson the connections, in the connections file's format; {@code
   *     spark.tributary.connection.*} settings of the session apply as well
   * @param optionsJson {@code {"warehouse": ..., "state_location": ..., "max_concurrent_tables": n,
   *     "reconcile": true, "strict": false, "time_budget_seconds": n}}; {@code warehouse} is
   *     required
   * @return the run's report, or the problems, as JSON
   */
  public static String ingest(SparkSession spark, String pipelineSpecJson, String connectionsJson, String optionsJson) {
    IngestionOptions options;
    Connections connections;
    PipelineSpec spec;
    List<String> problems = new ArrayList<>();
    try {
      options = options(optionsJson);
    } catch (UserException e) {
      problems.addAll(e.problems());
      options = null;
    }
    try {
      connections = Connections.fromJson(connectionsJson == null || connectionsJson.isBlank() ? "{}" : connectionsJson)
          .orElse(Connections.fromSparkConf(spark.sparkContext().getConf()));
      spec = PipelineSpec.parse(pipelineSpecJson, connections);
    } catch (UserException e) {
      problems.addAll(e.problems());
      connections = null;
      spec = null;
    }
    if (!problems.isEmpty()) {
      return invalid(problems);
    }
    try {
      return IngestReportJson.render(Ingestion.run(spark, spec, connections, options));
    } catch (UserException e) {
      // Found before anything ran: a warehouse the cluster cannot reach, a catalog it lacks.
      return invalid(e.problems());
    }
  }

  private static IngestionOptions options(String json) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json == null || json.isBlank() ? "{}" : json);
    } catch (JsonProcessingException e) {
      throw new UserException("Cannot read the options: not JSON (" + e.getOriginalMessage() + ")");
    }
    List<String> problems = new ArrayList<>();
    if (!root.isObject()) {
      throw new UserException("Cannot read the options: expected a JSON object such as {\"warehouse\": \"/Volumes/main/raw/lake\"}");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!OPTIONS.contains(name)) {
        problems.add("Unknown option '" + name + "': the options are " + String.join(", ", OPTIONS.stream().sorted().toList()));
      }
    }
    JsonNode warehouse = root.path("warehouse");
    if (!warehouse.isTextual() || warehouse.asText().isBlank()) {
      problems.add("Option 'warehouse' is required: the directory or URI of the lakehouse, such as /Volumes/main/raw/lake");
    }
    if (!problems.isEmpty()) {
      throw new UserException(problems);
    }
    IngestionOptions options = IngestionOptions.at(warehouse.asText());
    if (root.hasNonNull("state_location")) {
      options = options.withStateLocation(text(root, "state_location", problems));
    }
    if (root.hasNonNull("max_concurrent_tables")) {
      int tables = root.path("max_concurrent_tables").asInt(0);
      if (tables < 1) {
        problems.add("Option 'max_concurrent_tables' must be a whole number of at least 1, got "
            + root.path("max_concurrent_tables"));
      } else {
        options = options.withMaxConcurrentTables(tables);
      }
    }
    if (!flag(root, "reconcile", true, problems)) {
      options = options.withoutReconciliation();
    }
    if (flag(root, "strict", false, problems)) {
      options = options.withStrictRows();
    }
    if (root.hasNonNull("time_budget_seconds")) {
      long seconds = root.path("time_budget_seconds").asLong(0);
      if (seconds < 1) {
        problems.add("Option 'time_budget_seconds' must be a whole number of seconds, at least 1, got "
            + root.path("time_budget_seconds"));
      } else {
        options = options.withTimeBudget(Duration.ofSeconds(seconds));
      }
    }
    if (!problems.isEmpty()) {
      throw new UserException(problems);
    }
    return options;
  }

  private static String text(JsonNode root, String name, List<String> problems) {
    JsonNode value = root.path(name);
    if (!value.isTextual() || value.asText().isBlank()) {
      problems.add("Option '" + name + "' must be a directory or URI as a string, got " + value);
      return "";
    }
    return value.asText();
  }

  private static boolean flag(JsonNode root, String name, boolean otherwise, List<String> problems) {
    JsonNode value = root.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return otherwise;
    }
    if (!value.isBoolean()) {
      problems.add("Option '" + name + "' must be true or false, got " + value);
      return otherwise;
    }
    return value.asBoolean();
  }

  private static String invalid(List<String> problems) {
    ObjectNode root = Json.object().put("status", "invalid");
    ArrayNode list = root.putArray("problems");
    problems.forEach(list::add);
    return root.toString();
  }
}
