package io.tributary.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.UserException;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class ConnectionsTest {
  private static final Map<String, String> ENV = Map.of("TRIBUTARY_TEST_DATASET", "orders");

  @Test
  void resolvesEnvironmentAndFileReferences() {
    Connections connections = Connections.load(PipelineSpecTest.resource("connections.json"), ENV::get);

    Connection mem = connections.connection("mem");

    assertThat(mem.source()).isEqualTo("memory");
    assertThat(mem.options()).isEqualTo(Map.of("dataset", "ds-orders", "api_key", "sk-file-secret-123"));
  }

  @Test
  void missingVariableNamesConnectionOptionAndVariable() {
    Connections connections = Connections.load(PipelineSpecTest.resource("connections.json"), ENV::get);

    assertThatThrownBy(() -> connections.connection("broken"))
        .isInstanceOf(UserException.class)
        .hasMessage("Cannot resolve option 'api_key' of connection 'broken': "
            + "environment variable TRIBUTARY_UNSET_VARIABLE is not set");
  }

  @Test
  void toStringNeverShowsValues() {
    Connections connections = Connections.load(PipelineSpecTest.resource("connections.json"), ENV::get);

    assertThat(connections.connection("mem").toString())
        .isEqualTo("Connection[name=mem, source=memory, options=[api_key, dataset]]")
        .doesNotContain("sk-file-secret-123");
    assertThat(connections.toString()).doesNotContain("sk-file").contains("mem=memory");
  }

  @Test
  void readsConnectionsFromSparkConfiguration() {
    SparkConf conf = new SparkConf(false)
        .set("spark.tributary.connection.fs.source", "freshservice")
        .set("spark.tributary.connection.fs.domain", "acme")
        .set("spark.tributary.connection.fs.api_key", "k-123");

    Connection fs = Connections.fromSparkConf(conf).connection("fs");

    assertThat(fs).isEqualTo(new Connection("fs", "freshservice", Map.of("domain", "acme", "api_key", "k-123")));
  }

  @Test
  void sparkSettingsWithoutASourceAreRejected() {
    SparkConf conf = new SparkConf(false).set("spark.tributary.connection.fs.domain", "acme");

    assertThatThrownBy(() -> Connections.fromSparkConf(conf))
        .hasMessage("Cannot use connection 'fs' from Spark configuration: set "
            + "spark.tributary.connection.fs.source to the connector's name");
  }

  @Test
  void aFileConnectionWinsOverOneOfTheSameNameInSparkConfiguration() {
    Connections file = Connections.load(PipelineSpecTest.resource("connections.json"), ENV::get);
    Connections conf = Connections.fromSettings(Map.of("mem.source", "other", "extra.source", "memory"), ENV::get);

    Connections merged = file.orElse(conf);

    assertThat(merged.names()).containsExactly("broken", "extra", "mem");
    assertThat(merged.connection("mem").source()).isEqualTo("memory");
  }

  @Test
  void rejectsConnectionsWithoutSource() {
    assertThatThrownBy(() -> Connections.fromSettings(Map.of(), ENV::get).connection("x"))
        .hasMessage("Cannot use connection 'x': it is not defined in Spark configuration");
  }
}
