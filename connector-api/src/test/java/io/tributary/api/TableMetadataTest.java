package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableMetadataTest {
  @Test
  void incrementalTypesNeedACursor() {
    assertThatThrownBy(() -> new TableMetadata(List.of("id"), Optional.empty(), IngestionType.CDC, Optional.empty()))
        .hasMessage("a cdc table needs a cursor field");
    assertThat(TableMetadata.snapshot("id").cursorField()).isEmpty();
  }

  @Test
  void wireNamesAreLakeflows() {
    assertThat(IngestionType.fromWireName("cdc_with_deletes")).isEqualTo(IngestionType.CDC_WITH_DELETES);
    assertThatThrownBy(() -> IngestionType.fromWireName("upsert"))
        .hasMessage("Invalid ingestion type 'upsert': must be one of snapshot, cdc, cdc_with_deletes, append");
  }

  @Test
  void unknownTableMessageListsValidTables() {
    assertThatThrownBy(() -> Tables.require("tikets", List.of("tickets", "agents")))
        .hasMessage("Cannot use table 'tikets': no such table; valid tables are tickets, agents");
  }
}
