package io.tributary.spark.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemoryConnectorTest {
  private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
  private MemoryDataset data;
  private Connector connector;
  private ConnectorFactory factory;

  @BeforeEach
  void setUp() {
    data = MemoryDataset.create("memory-connector-test").clock(NOW);
    factory = ConnectorFactory.find("memory");
    connector = factory.create(Map.of("dataset", "memory-connector-test"));
  }

  @AfterEach
  void tearDown() {
    MemoryDataset.drop("memory-connector-test");
  }

  @Test
  void incrementalReadPagesUntilFixedPointAndKeepsTiesAcrossPages() {
    for (int i = 1; i <= 5; i++) {
      data.put("contacts", "{\"id\":" + i + ",\"name\":\"c" + i + "\",\"updated_at\":\"2024-01-01T00:00:0" + (i / 2) + "Z\"}");
    }
    OptionValues options = tableOptions(Map.of("per_page", "2", "max_pages_per_batch", "1", "lookback_seconds", "0"));

    List<Long> ids = new ArrayList<>();
    Offset offset = Offset.START;
    int calls = 0;
    while (true) {
      ReadResult result = connector.read("contacts", offset, options);
      calls++;
      if (result.caughtUp(offset)) {
        break;
      }
      result.records().forEach(r -> ids.add(r.get("id").asLong()));
      offset = result.endOffset();
    }

    assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(offset.watermark()).isEqualTo(Instant.parse("2024-01-01T00:00:02Z"));
    assertThat(offset.state()).isEmpty();
    assertThat(calls).isEqualTo(4);
  }

  @Test
  void watermarkNeverPassesTheListingStart() {
    data.put("contacts", "{\"id\":1,\"updated_at\":\"2024-07-01T00:00:00Z\"}");

    ReadResult result = connector.read("contacts", Offset.START, tableOptions(Map.of()));

    assertThat(result.endOffset().watermark()).isEqualTo(NOW);
  }

  @Test
  void snapshotReadsEveryPageThenReturnsItsStart() {
    for (int i = 1; i <= 3; i++) {
      data.put("items", "{\"id\":" + i + "}");
    }
    OptionValues options = tableOptions(Map.of("per_page", "2", "max_pages_per_batch", "1"));

    ReadResult first = connector.read("items", Offset.START, options);
    ReadResult second = connector.read("items", first.endOffset(), options);
    ReadResult third = connector.read("items", second.endOffset(), options);

    assertThat(first.records()).extracting(r -> r.get("id").asLong()).containsExactly(1L, 2L);
    assertThat(second.records()).extracting(r -> r.get("id").asLong()).containsExactly(3L);
    assertThat(third.caughtUp(second.endOffset())).isTrue();
  }

  @Test
  void deletesAreReportedWithKeyAndCursor() {
    data.put("tickets", "{\"id\":7,\"updated_at\":\"2024-01-01T00:00:00Z\"}");
    data.delete("tickets", Instant.parse("2024-01-02T00:00:00Z"), 7);

    ReadResult deletes = connector.readDeletes("tickets", Offset.START, tableOptions(Map.of()));

    assertThat(deletes.records()).hasSize(1);
    assertThat(deletes.records().get(0).toString()).isEqualTo("{\"id\":7,\"updated_at\":\"2024-01-02T00:00:00Z\"}");
    assertThat(data.records("tickets")).isEmpty();
  }

  @Test
  void childReadReportsListedParentsAsComplete() {
    data.put("tickets", "{\"id\":1,\"updated_at\":\"2024-01-01T00:00:00Z\"}");
    data.put("tickets", "{\"id\":2,\"updated_at\":\"2024-01-01T00:00:01Z\"}");
    data.put("conversations", "{\"ticket_id\":1,\"id\":10,\"updated_at\":\"2024-01-01T00:00:00Z\"}");

    ReadResult result = connector.read("conversations", Offset.START, tableOptions(Map.of()));

    assertThat(result.records()).extracting(ObjectNode::toString)
        .containsExactly("{\"ticket_id\":1,\"id\":10,\"updated_at\":\"2024-01-01T00:00:00Z\"}");
    assertThat(result.completeParents()).extracting(ObjectNode::toString)
        .containsExactly("{\"ticket_id\":1}", "{\"ticket_id\":2}");
  }

  @Test
  void injectedFailureHitsTheNamedReadOnly() {
    data.put("items", "{\"id\":1}");
    data.failOnRead("items", 2);
    OptionValues options = tableOptions(Map.of());

    connector.read("items", Offset.START, options);

    assertThatThrownBy(() -> connector.read("items", Offset.START, options))
        .isInstanceOf(ExternalException.class)
        .hasMessage("Cannot read table 'items': injected failure");
    assertThat(connector.read("items", Offset.START, options).records()).hasSize(1);
  }

  private OptionValues tableOptions(Map<String, String> raw) {
    return factory.tableOptions().validate(raw);
  }
}
