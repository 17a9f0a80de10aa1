package io.tributary.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.simulator.DemoSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The demo's tables come from the simulators, which do not know the connectors; this keeps them
 * in step: every table a demo source offers is one its connector lists, and the sources whose demo
 * ingests everything offer all of them.
 */
class DemoSourcesTest {
  /** Sources whose demo ingests every table; the others ingest a chosen few. */
  private static final Set<String> EVERY_TABLE = Set.of("freshservice", "freshdesk", "zendesk");

  @Test
  void everyDemoSourceOffersTablesItsConnectorLists() {
    for (DemoSource source : Demo.discover()) {
      try (source) {
        Map<String, String> options = source.start();
        try (Connector connector = ConnectorFactory.find(source.source()).create(options)) {
          if (EVERY_TABLE.contains(source.source())) {
            assertThat(source.tables()).as(source.source()).isEqualTo(connector.listTables());
          } else {
            assertThat(connector.listTables()).as(source.source()).containsAll(source.tables());
          }
        }
      }
    }
    assertThat(Demo.discover()).extracting(DemoSource::source)
        .containsExactlyInAnyOrder("freshservice", "freshdesk", "zendesk", "salesforce", "chargebee");
  }

  /**
   * A run started the moment {@code mutate()} returns reads its changes: a read covers only the
   * seconds that had ended when it started, so a demo source that returned within the second its
   * changes were stamped in would leave them to the run after (the demo's second run would show
   * nothing changed). Every incremental table is read until caught up, the demo mutated, and each
   * read again at once from where it stood.
   */
  @Test
  void aReadStartedAsSoonAsMutateReturnsSeesTheChanges() {
    for (DemoSource source : Demo.discover()) {
      try (source) {
        ConnectorFactory factory = ConnectorFactory.find(source.source());
        try (Connector connector = factory.create(source.start())) {
          OptionValues values = factory.tableOptions().validate(Map.of());
          Map<String, Offset> caughtUp = new LinkedHashMap<>();
          for (String table : source.tables()) {
            if (connector.metadata(table, values).cursorField().isPresent()) {
              caughtUp.put(table, readToEnd(connector, table, values));
            }
          }
          source.mutate();
          List<String> moved = new ArrayList<>();
          caughtUp.forEach((table, at) -> {
            if (!connector.read(table, at, values).caughtUp(at)) {
              moved.add(table);
            }
          });
          assertThat(caughtUp).as(source.source() + ": incremental demo tables").isNotEmpty();
          assertThat(moved).as(source.source() + ": tables whose offset a read right after mutate() moves, of "
              + caughtUp.keySet()).isNotEmpty();
        }
      }
    }
  }

  private static Offset readToEnd(Connector connector, String table, OptionValues values) {
    Offset at = Offset.START;
    for (int call = 0; call < 10_000; call++) {
      ReadResult result = connector.read(table, at, values);
      if (result.caughtUp(at)) {
        return at;
      }
      at = result.endOffset();
    }
    throw new AssertionError(table + " never caught up");
  }
}
