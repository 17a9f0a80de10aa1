package io.tributary.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ConnectorFactory;
import io.tributary.simulator.Dataset;
import io.tributary.simulator.Simulator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;

/**
 * The shape of every source's conformance test: a correct connector reading a simulator over
 * HTTP, checked against the simulator's ground truth.
 */
class ToySimulatorConformanceTest extends ConnectorConformanceTest {
  private static final Dataset DATA = ToyData.create();
  private static final Simulator SIM = ToySimulator.start(DATA);

  @AfterAll
  static void stopSimulator() {
    SIM.close();
  }

  @Override
  protected ConnectorFactory factory() {
    return ToyConnector.Factory.overHttp(DATA);
  }

  @Override
  protected Map<String, String> connectionOptions() {
    return Map.of("base_url", SIM.baseUrl(), "api_key", ToySimulator.API_KEY);
  }

  @Override
  protected Map<String, String> tableOptions(String table) {
    return Map.of("per_page", "5", "max_pages_per_batch", "2", "lookback_seconds", "0");
  }

  @Override
  protected Optional<Set<List<String>>> expectedKeys(String table) {
    return Optional.of(ToyData.expectedKeys(DATA, table));
  }

  @Override
  protected Optional<Simulator> simulator() {
    return Optional.of(SIM);
  }

  @Override
  protected Optional<Consumer<ObjectNode>> updateBetweenPages(String table) {
    return ToySimulator.moveToEnd(DATA, table);
  }
}
