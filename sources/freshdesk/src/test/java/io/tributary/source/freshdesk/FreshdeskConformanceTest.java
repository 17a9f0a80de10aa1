package io.tributary.source.freshdesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ConnectorFactory;
import io.tributary.simulator.freshdesk.FreshdeskSimulator;
import io.tributary.testkit.ConnectorConformanceTest;
import io.tributary.testkit.FaultTarget;
import io.tributary.simulator.Simulator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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

  /**
   * The simulator seeds no conversation with attachments, so their members go unchecked; the
   * nested check would otherwise fail on {@code attachments[]} (no element in any record).
   */
  @Override
  protected Set<String> allowedNullColumns(String table) {
    return table.equals("conversations") ? Set.of("attachments[]") : Set.of();
  }

  /** Tickets: the main table, read through its default, spam and deleted lists. */
  @Override
  protected Optional<FaultTarget> faultTarget() {
    return Optional.of(new FaultTarget("tickets", "/api/v2/tickets", SIM.server().faults()));
  }

  @Override
  protected Optional<Simulator> simulator() {
    return Optional.of(SIM.server());
  }

  /** A record moves to the end of its updated_at-ascending list: a second later, it is updated. */
  @Override
  protected Optional<Consumer<ObjectNode>> updateBetweenPages(String table) {
    return updatedASecondLater(SIM.clock(), () -> SIM.table(table));
  }
}
