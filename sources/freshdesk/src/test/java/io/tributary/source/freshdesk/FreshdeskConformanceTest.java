package io.tributary.source.freshdesk;

import io.tributary.api.ConnectorFactory;
import io.tributary.simulator.freshdesk.FreshdeskSimulator;
import io.tributary.testkit.ConnectorConformanceTest;
import io.tributary.testkit.FaultTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

class FreshdeskConformanceTest extends ConnectorConformanceTest {
  static final FreshdeskSimulator SIM = FreshdeskSimulator.start();

  @AfterAll
  static void stop() {
    SIM.close();
  }

  @Override
  protected ConnectorFactory factory() {
    return new FreshdeskConnectorFactory();
  }

  @Override
  protected Map<String, String> connectionOptions() {
    return SIM.connectionOptions();
  }

  @Override
  protected Optional<Set<List<String>>> expectedKeys(String table) {
    // Conversations are keyed by id alone here; the kit compares them with the full read.
    return table.equals("conversations") ? Optional.empty() : Optional.of(SIM.table(table).keys());
  }

  /** Tickets: the main table, read through its default, spam and deleted lists. */
  @Override
  protected Optional<FaultTarget> faultTarget() {
    return Optional.of(new FaultTarget("tickets", "/api/v2/tickets", SIM.server().faults()));
  }
}
