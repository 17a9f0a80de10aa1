package io.tributary.source.freshservice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ConnectorFactory;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import io.tributary.testkit.ConnectorConformanceTest;
import io.tributary.testkit.FaultTarget;
import io.tributary.simulator.Simulator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;

/** The shared conformance suite, for every table, against the simulator's ground truth. */
class FreshserviceConformanceTest extends ConnectorConformanceTest {
  private static final FreshserviceSimulator SIM = FreshserviceSimulator.start();

  @AfterAll
  static void stopSimulator() {
    SIM.close();
  }

  @Override
  protected ConnectorFactory factory() {
    return new FreshserviceConnectorFactory();
  }

  @Override
  protected Map<String, String> connectionOptions() {
    return SIM.connectionOptions();
  }

  /** Only service requests have requested items; the API answers an error for an incident. */
  @Override
  protected boolean mayHaveChildren(String childTable, ObjectNode parent) {
    return !childTable.equals("requested_items") || parent.path("type").asText().equals("Service Request");
  }

  @Override
  protected Optional<Set<List<String>>> expectedKeys(String table) {
    if (table.equals("requested_items")) {
      // The items of every ticket the tickets table keeps, spam ones included; a trashed ticket's
      // items go with it.
      Set<List<String>> kept = SIM.table("tickets").keys();
      Set<List<String>> items = new LinkedHashSet<>();
      SIM.table(table).keys("id", "ticket_id").stream()
          .filter(item -> kept.contains(List.of(item.get(1))))
          .forEach(items::add);
      return Optional.of(items);
    }
    // Trashed tickets are not records (they are deletes); spam tickets are, flagged spam=true.
    return Optional.of(SIM.table(table).keys());
  }

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
