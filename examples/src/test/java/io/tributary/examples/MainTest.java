package io.tributary.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.Json;
import io.tributary.spark.pipeline.PipelineSpec;
import io.tributary.spark.pipeline.TableSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MainTest {
  private static final Path SPECS = Path.of("specs");

  @Test
  void tablesOfARealConnectorNeedNoCredentials() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = Main.run(new String[] {"tables", "--source", "freshservice"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(code).isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).startsWith("freshservice: ");
    try (Connector connector = ConnectorFactory.find("freshservice").create(
        ConnectorFactory.find("freshservice").connectionOptions().validateForDescription(Map.of()))) {
      for (String table : connector.listTables()) {
        assertThat(text).containsPattern("(?m)^" + table + " ");
      }
    }
  }

  @Test
  void everySampleSpecNamesTablesItsConnectorHas() throws IOException {
    JsonNode connections = Json.MAPPER.readTree(SPECS.resolve("connections.json").toFile());
    try (Stream<Path> files = Files.list(SPECS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".pipeline.json")).toList()) {
        PipelineSpec spec = PipelineSpec.load(file);
        String source = connections.path(spec.connectionName()).path("source").asText();
        assertThat(source).as(file + ": connection '" + spec.connectionName() + "' in connections.json").isNotEmpty();
        ConnectorFactory factory = ConnectorFactory.find(source);
        try (Connector connector = factory.create(factory.connectionOptions().validateForDescription(Map.of()))) {
          assertThat(spec.tables()).extracting(TableSpec::sourceTable)
              .as(file.toString())
              .allSatisfy(table -> assertThat(connector.listTables()).contains(table));
        }
      }
    }
  }

  @Test
  void usageListsTheDemoAndDocsCommandsToo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int code = Main.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("  ingest ", "  sql ", "  tables ", "  read ", "  demo ", "  docs ");
  }

  @Test
  void demoAndDocsHaveGeneratedHelpAndRefuseUnknownOptions() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int help = Main.run(new String[] {"help", "demo"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int typo = Main.run(new String[] {"docs", "--wirte"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(help).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: tributary demo ")
        .contains("--warehouse", "--source", "--verbose");
    assertThat(typo).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("error: Unknown option '--wirte'; did you mean '--write'? Valid options: --check, --dir, --help,"
            + " --verbose, --write\nRun 'tributary docs --help' for usage.\n");
  }
}
