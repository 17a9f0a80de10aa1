package io.tributary.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.simulator.DemoSource;
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
}
