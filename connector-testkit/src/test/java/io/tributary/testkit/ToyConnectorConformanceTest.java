package io.tributary.testkit;

import io.tributary.api.ConnectorFactory;
import io.tributary.simulator.Dataset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A correct connector passes the suite: this is how a source's test reads. {@link
 * ConformanceKitTest} shows the same suite failing each broken variant.
 */
class ToyConnectorConformanceTest extends ConnectorConformanceTest {
  private static final Dataset DATA = ToyData.create();

  @Override
  protected ConnectorFactory factory() {
    return new ToyConnector.Factory(DATA, Set.of());
  }

  @Override
  protected Map<String, String> connectionOptions() {
    return Map.of();
  }

  @Override
  protected Map<String, String> tableOptions(String table) {
    return Map.of("per_page", "5", "max_pages_per_batch", "1", "lookback_seconds", "0");
  }

  @Override
  protected Optional<Set<List<String>>> expectedKeys(String table) {
    return Optional.of(ToyData.expectedKeys(DATA, table));
  }
}
