package io.tributary.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.UserException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineSpecTest {
  private static final Connections MEMORY =
      Connections.fromSettings(Map.of("mem.source", "memory"), name -> null);

  static Path resource(String name) {
    try {
      return Path.of(PipelineSpecTest.class.getResource("/pipeline/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void appliesLakeflowDefaultsAndReadsPipelineOptions() {
    PipelineSpec spec = PipelineSpec.load(resource("full-spec.json"), MEMORY);

    TableSpec tickets = spec.tables().get(0);
    assertThat(spec.connectionName()).isEqualTo("mem");
    assertThat(tickets.destination()).isEqualTo("support.tickets");
    assertThat(tickets.destinationCatalog()).contains("no_such_catalog");
    assertThat(tickets.scdType()).isEqualTo(ScdType.SCD_TYPE_1);
    assertThat(tickets.tableOptions()).isEqualTo(Map.of("per_page", "100"));
    assertThat(tickets.primaryKeys()).containsExactly("id");
    assertThat(tickets.clusterBy()).containsExactly("status");
    TableSpec events = spec.tables().get(1);
    assertThat(events.destination()).isEqualTo("default.events");
    assertThat(events.scdType()).isEqualTo(ScdType.APPEND_ONLY);
    assertThat(events.partitionBy()).containsExactly(new PartitionColumn("month", "created_at", Optional.of("yyyy-MM")));
  }

  @Test
  void reportsEveryProblemAtOnceWithItsJsonPath() {
    assertThatThrownBy(() -> PipelineSpec.load(resource("invalid-spec.json"), MEMORY))
        .isInstanceOfSatisfying(UserException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "objects[0].table.destination_tabel: Unknown key 'destination_tabel'; did you mean 'destination_table'? "
                + "Valid keys: destination_catalog, destination_schema, destination_table, source_table, table_configuration",
            "objects[0].table.table_configuration.scd_type: Invalid value 'SCD_TYPE_3' for option 'scd_type': "
                + "must be one of SCD_TYPE_1, SCD_TYPE_2, APPEND_ONLY",
            "objects[3].table.destination_table: Cannot write 'items' to default.contacts: objects[2].table already "
                + "writes there; set a different destination_table or destination_schema",
            "objects[0].table.table_configuration.per_pgae: Unknown option 'per_pgae'; did you mean 'per_page'? "
                + "Valid options: cluster_by, lookback_seconds, max_pages_per_batch, partition_by, partitions, per_page, "
                + "primary_keys, scd_type, sequence_by, start_date, stats_columns (table 'tickets')",
            "objects[1].table.source_table: Cannot use table 'tikets': no such table (did you mean 'tickets'?); "
                + "valid tables are items, tickets, contacts, events, conversations",
            "objects[2].table.table_configuration.per_page: Invalid value 5000 for option 'per_page': "
                + "must be between 1 and 1000 (table 'contacts')",
            "objects[2].table.table_configuration.primary_keys: Cannot use primary key 'uuid' for table 'contacts': "
                + "no such column (did you mean 'id'?); columns are id, name, email, updated_at",
            "objects[2].table.table_configuration.sequence_by: Cannot use sequence_by column 'modified_at' for table "
                + "'contacts': no such column (did you mean 'updated_at'?); columns are id, name, email, updated_at"));
  }

  @Test
  void shapeProblemsAreReportedWithoutAConnection() {
    assertThatThrownBy(() -> PipelineSpec.parse("{\"objects\": [{\"view\": {}}], \"conection_name\": \"x\"}"))
        .isInstanceOfSatisfying(UserException.class, e -> assertThat(e.problems()).containsExactly(
            "conection_name: Unknown key 'conection_name'; did you mean 'connection_name'? Valid keys: connection_name, objects",
            "connection_name: is required",
            "objects[0].view: Unknown key 'view'. Valid keys: table",
            "objects[0].table: is required and must be an object"));
  }

  @Test
  void rejectsTextThatIsNotJson() {
    assertThatThrownBy(() -> PipelineSpec.parse("{\"connection_name\": "))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("Cannot read pipeline spec: it is not valid JSON");
  }

  @Test
  void rejectsClusteringAndPartitioningTogetherAndUnknownPartitionFunctions() {
    String json = "{\"connection_name\": \"mem\", \"objects\": [{\"table\": {\"source_table\": \"events\", "
        + "\"table_configuration\": {\"cluster_by\": \"type\", \"partition_by\": \"week(created_at)\"}}}]}";

    assertThatThrownBy(() -> PipelineSpec.parse(json))
        .isInstanceOfSatisfying(UserException.class, e -> assertThat(e.problems()).containsExactly(
            "objects[0].table.table_configuration.partition_by: Invalid partition_by 'week(created_at)': "
                + "the function must be year, month or day, as in month(created_at)"));
  }

  @Test
  void namesAnUnknownConnectionAndTheDefinedOnes() {
    String json = "{\"connection_name\": \"prod\", \"objects\": [{\"table\": {\"source_table\": \"items\"}}]}";

    assertThatThrownBy(() -> PipelineSpec.parse(json, MEMORY))
        .isInstanceOfSatisfying(UserException.class, e -> assertThat(e.problems()).containsExactly(
            "connection_name: Cannot use connection 'prod': it is not defined in Spark configuration; "
                + "defined connections: mem"));
  }

  @Test
  void partitionByDerivedMonthNeedsATimestampColumn() {
    String json = "{\"connection_name\": \"mem\", \"objects\": [{\"table\": {\"source_table\": \"contacts\", "
        + "\"table_configuration\": {\"partition_by\": [\"month(email)\"]}}}]}";

    assertThatThrownBy(() -> PipelineSpec.parse(json, MEMORY))
        .hasMessage("objects[0].table.table_configuration.partition_by: Cannot derive month(email) for table "
            + "'contacts': column 'email' is string, not a timestamp or date");
  }

  @Test
  void listsKeysForTablesThatNeedThem() {
    assertThat(PipelineSpec.PIPELINE_OPTIONS)
        .isEqualTo(List.of("scd_type", "primary_keys", "sequence_by", "cluster_by", "partition_by", "stats_columns"));
  }

  @Test
  void statsColumnsAreReadAsAListOrDeltasOwnChoice() {
    String listed = "{\"connection_name\": \"mem\", \"objects\": [{\"table\": {\"source_table\": \"tickets\", "
        + "\"table_configuration\": {\"stats_columns\": \"id, status\"}}}]}";
    String delta = listed.replace("id, status", "*");
    String unset = "{\"connection_name\": \"mem\", \"objects\": [{\"table\": {\"source_table\": \"tickets\"}}]}";

    assertThat(PipelineSpec.parse(listed, MEMORY).tables().get(0).statsColumns()).containsExactly("id", "status");
    assertThat(PipelineSpec.parse(delta, MEMORY).tables().get(0).statsColumns()).containsExactly(TableSpec.DELTA_STATS);
    assertThat(PipelineSpec.parse(unset, MEMORY).tables().get(0).statsColumns()).isEmpty();
  }

  @Test
  void statsColumnsMustBeColumnsDeltaKeepsStatisticsOf() {
    String json = "{\"connection_name\": \"mem\", \"objects\": [{\"table\": {\"source_table\": \"tickets\", "
        + "\"table_configuration\": {\"stats_columns\": [\"updated_at\", \"tags\", \"sttus\"]}}}]}";

    assertThatThrownBy(() -> PipelineSpec.parse(json, MEMORY))
        .hasMessageContaining("objects[0].table.table_configuration.stats_columns: Cannot keep statistics of column "
            + "'tags' of table 'tickets': it is array<string>; Delta keeps them of numbers, strings, dates and "
            + "timestamps (and structs of them) only")
        .hasMessageContaining("objects[0].table.table_configuration.stats_columns: Cannot use stats_columns column "
            + "'sttus' for table 'tickets': no such column (did you mean 'status'?)")
        .hasMessageNotContaining("'updated_at'");
  }

  @Test
  void deltasOwnChoiceOfStatsColumnsStandsAlone() {
    String json = "{\"connection_name\": \"mem\", \"objects\": [{\"table\": {\"source_table\": \"tickets\", "
        + "\"table_configuration\": {\"stats_columns\": [\"*\", \"id\"]}}}]}";

    assertThatThrownBy(() -> PipelineSpec.parse(json))
        .hasMessageContaining("objects[0].table.table_configuration.stats_columns: Invalid value [*, id] for option "
            + "'stats_columns': '*' (Delta's own choice) stands alone; list columns or give '*'");
  }
}
