package io.tributary.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.UserException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TributaryOptionsTest {

  @Test
  void splitsConnectionAndTableOptionsByTheirDeclaredNames() {
    TributaryOptions options = TributaryOptions.parse(Map.of(
        "source", "memory", "tableName", "tickets", "dataset", "d1", "api_key", "k-123",
        "per_page", "5", "strict", "true", "read", "changes"));

    assertThat(options.resolved().connection().asMap()).containsEntry("dataset", "d1").containsEntry("api_key", "k-123");
    assertThat(options.tableValues().integer("per_page")).isEqualTo(5);
    assertThat(options.strict()).isTrue();
    assertThat(options.mode()).isEqualTo(ReadMode.CHANGES);
  }

  @Test
  void matchesNamesIgnoringCaseAsSqlOptionsMayArriveLowerCased() {
    TributaryOptions options = TributaryOptions.parse(Map.of(
        "SOURCE", "memory", "tablename", "tickets", "Max_Pages_Per_Batch", "2"));

    assertThat(options.table()).isEqualTo("tickets");
    assertThat(options.tableValues().integer("max_pages_per_batch")).isEqualTo(2);
  }

  @Test
  void reportsEveryBadOptionAtOnceWithTheClosestName() {
    assertThatThrownBy(() -> TributaryOptions.parse(Map.of(
        "source", "memory", "tableName", "tickets", "per_pag", "5", "strict", "maybe", "read", "all")))
        .isInstanceOf(UserException.class)
        .satisfies(e -> assertThat(((UserException) e).problems()).containsExactly(
            "Invalid value 'maybe' for option 'strict': must be true or false",
            "Invalid value 'all' for option 'read': must be one of records, deletes, changes",
            "Unknown option 'per_pag'; did you mean 'per_page'? Valid options: api_key, dataset, "
                + "externalOptionsAllowList, lookback_seconds, max_pages_per_batch, partitions, "
                + "per_page, read, source, start_date, strict, tableName (table 'tickets')"));
  }

  @Test
  void missingSourceSaysWhatItIs() {
    assertThatThrownBy(() -> TributaryOptions.parse(Map.of("tableName", "tickets")))
        .hasMessage("Missing option 'source': it names the connector to read, such as freshservice");
  }

  @Test
  void missingTableNameListsTheTables() {
    assertThatThrownBy(() -> TributaryOptions.parse(Map.of("source", "memory")))
        .hasMessage("Missing option 'tableName': it names the table to read; valid tables are "
            + "items, tickets, contacts, events, conversations");
  }

  @Test
  void unknownSourceListsTheAvailableConnectors() {
    assertThatThrownBy(() -> TributaryOptions.parse(Map.of("source", "nope", "tableName", "t")))
        .hasMessageStartingWith("Invalid value 'nope' for option 'source': no such connector; available: ")
        .hasMessageContaining("memory");
  }

  @Test
  void allowListRefusesOtherTableOptions() {
    assertThatThrownBy(() -> TributaryOptions.parse(Map.of(
        "source", "memory", "tableName", "tickets", "externalOptionsAllowList", "per_page",
        "per_page", "5", "lookback_seconds", "0")))
        .hasMessage("Cannot set option 'lookback_seconds' for table 'tickets': the connection's "
            + "externalOptionsAllowList permits only per_page");
  }

  @Test
  void toStringHidesSecrets() {
    TributaryOptions options = TributaryOptions.parse(Map.of(
        "source", "memory", "tableName", "tickets", "api_key", "k-very-secret"));

    assertThat(options.toString()).doesNotContain("k-very-secret").contains("api_key=*****");
  }
}
