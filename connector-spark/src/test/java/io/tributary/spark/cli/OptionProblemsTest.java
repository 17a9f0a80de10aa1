package io.tributary.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.UserException;
import io.tributary.spark.TributaryDataSource;
import io.tributary.spark.pipeline.Connections;
import io.tributary.spark.pipeline.PipelineSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.junit.jupiter.api.Test;

/**
 * The command line, the pipeline spec validator and the data source resolve options through one
 * resolver, so the same bad table options get the same problems, each naming option and table.
 */
class OptionProblemsTest {
  private static final Map<String, String> BAD = Map.of(
      "per_page", "5000", "start_date", "yesterday", "lookback_secs", "0");
  private static final String PER_PAGE =
      "Invalid value 5000 for option 'per_page': must be between 1 and 1000 (table 'tickets')";
  private static final String START_DATE = "Invalid value 'yesterday' for option 'start_date': must be an "
      + "ISO-8601 timestamp such as 2024-01-31T00:00:00Z (table 'tickets')";
  private static final String MISSPELT = "Unknown option 'lookback_secs'; did you mean 'lookback_seconds'? ";

  @Test
  void cliSpecValidatorAndDataSourceReportTheSameProblemsOnceEach() {
    List<List<String>> surfaces = List.of(cli(), spec(), dataSource());

    for (List<String> problems : surfaces) {
      assertThat(problems).hasSize(3);
      assertThat(problems).filteredOn(p -> p.endsWith(PER_PAGE)).hasSize(1);
      assertThat(problems).filteredOn(p -> p.endsWith(START_DATE)).hasSize(1);
      // The valid names differ: the spec's table_configuration takes pipeline options, not connection ones.
      assertThat(problems).filteredOn(p -> p.contains(MISSPELT) && p.endsWith("(table 'tickets')")).hasSize(1);
    }
  }

  private static List<String> cli() {
    List<String> args = new java.util.ArrayList<>(List.of("read", "--source", "memory", "--table", "tickets"));
    BAD.forEach((name, value) -> args.addAll(List.of("--option", name + "=" + value)));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).isEqualTo(2);
    return Arrays.stream(run.err().split("\n")).filter(l -> l.startsWith("  - ")).map(l -> l.substring(4)).toList();
  }

  private static List<String> spec() {
    Map<String, String> configuration = new HashMap<>(BAD);
    StringBuilder json = new StringBuilder("{\"connection_name\": \"mem\", \"objects\": [{\"table\": "
        + "{\"source_table\": \"tickets\", \"table_configuration\": {");
    configuration.forEach((name, value) -> json.append('"').append(name).append("\": \"").append(value).append("\","));
    json.setLength(json.length() - 1);
    json.append("}}}]}");
    Connections connections = Connections.fromSparkConf(
        new SparkConf(false).set(Connections.CONF_PREFIX + "mem.source", "memory"));
    AtomicReference<List<String>> problems = new AtomicReference<>();
    assertThatThrownBy(() -> PipelineSpec.parse(json.toString(), connections))
        .isInstanceOfSatisfying(UserException.class, e -> problems.set(e.problems()));
    assertThat(problems.get()).allMatch(p -> p.startsWith("objects[0].table.table_configuration."));
    return problems.get();
  }

  private static List<String> dataSource() {
    Map<String, String> options = new HashMap<>(BAD);
    options.put("source", "memory");
    options.put("tableName", "tickets");
    AtomicReference<List<String>> problems = new AtomicReference<>();
    assertThatThrownBy(() -> new TributaryDataSource().inferSchema(new CaseInsensitiveStringMap(options)))
        .isInstanceOfSatisfying(UserException.class, e -> problems.set(e.problems()));
    return problems.get();
  }
}
