package io.tributary.source.zendesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ConnectorFactory;
import io.tributary.simulator.zendesk.ZendeskSimulator;
import io.tributary.testkit.ConnectorConformanceTest;
import io.tributary.testkit.FaultTarget;
import io.tributary.simulator.Simulator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;

class ZendeskConformanceTest extends ConnectorConformanceTest {
  static final ZendeskSimulator SIM =
      ZendeskSimulator.start(ZendeskSimulator.Config.defaults().withEmptyPageBeforeEnd());

  @AfterAll
  static void stop() {
    SIM.close();
  }

  @Override
  protected ConnectorFactory factory() {
    return new ZendeskConnectorFactory();
  }

  @Override
  protected Map<String, String> connectionOptions() {
    return SIM.connectionOptions();
  }

  @Override
  protected Map<String, String> tableOptions(String table) {
    return Map.of("max_pages_per_batch", "3", "per_page", "7");
  }

  /** Time-based exports restart at a page's last second: a page must hold more than one tie group. */
  @Override
  protected Map<String, String> smallPageOptions(String table) {
    Map<String, String> options = new LinkedHashMap<>(tableOptions(table));
    options.put("per_page", ZendeskTables.require(table).kind() == ZendeskTables.Kind.TIME_EXPORT ? "4" : "2");
    return options;
  }

  @Override
  protected Set<String> allowedNullColumns(String table) {
    return switch (table) {
      // Live organizations have no deleted_at; deleted ones are reported as deletes.
      case "organizations" -> Set.of("deleted_at");
      // The simulator's vias are web ones, whose source has no from, to or rel.
      case "tickets" -> Set.of("via.source.rel");
      case "ticket_comments" -> Set.of("via.source.rel", "via.source.from", "via.source.to");
      default -> Set.of();
    };
  }

  /**
   * Custom roles, schedules and SLA policies are documented as unpaged lists; the simulator's tags
   * endpoint answers whole too, though the API pages tags by cursor.
   */
  @Override
  protected boolean pagesByPerPage(String table) {
    return !Set.of("custom_roles", "schedules", "sla_policies", "tags").contains(table);
  }

  @Override
  protected Optional<Set<List<String>>> expectedKeys(String table) {
    return Optional.of(SIM.expectedKeys(table));
  }

  /** Tickets through the cursor-based incremental export. */
  @Override
  protected Optional<FaultTarget> faultTarget() {
    return Optional.of(new FaultTarget("tickets", "/api/v2/incremental/tickets/cursor.json", SIM.simulator().faults()));
  }

  @Override
  protected Optional<Simulator> simulator() {
    return Optional.of(SIM.simulator());
  }

  /** A record moves to the end of its updated_at-ascending list: a second later, it is updated. */
  @Override
  protected Optional<Consumer<ObjectNode>> updateBetweenPages(String table) {
    return updatedASecondLater(SIM.clock(), () -> SIM.dataset().table(table));
  }
}
