package io.tributary.source.freshservice;

import io.tributary.api.ConnectorFactory;
import io.tributary.testkit.ConnectorConformanceTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  @Override
  protected Optional<Set<List<String>>> expectedKeys(String table) {
    if (table.equals("requested_items")) {
      return Optional.of(SIM.table(table).keys("id", "ticket_id"));
    }
    // Trashed tickets are not records (they are deletes); spam tickets are, flagged spam=true.
    return Optional.of(SIM.table(table).keys());
  }
}
