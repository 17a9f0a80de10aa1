package io.tributary.source.chargebee;

import io.tributary.api.ConnectorFactory;
import io.tributary.simulator.chargebee.ChargebeeSimulator;
import io.tributary.simulator.chargebee.ProductCatalog;
import io.tributary.testkit.ConnectorConformanceTest;
import io.tributary.simulator.Simulator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/** The conformance kit over every table of a Product Catalog 1.0 site. */
class ChargebeeCatalog1ConformanceTest extends ConnectorConformanceTest {
  static final ChargebeeSimulator SIM = ChargebeeSimulator.start(ProductCatalog.V1);

  @AfterAll
  static void stop() {
    SIM.close();
  }

  @Override
  protected ConnectorFactory factory() {
    return new ChargebeeConnectorFactory();
  }

  @Override
  protected Map<String, String> connectionOptions() {
    return SIM.connectionOptions();
  }

  @Override
  protected List<String> tablesToCheck(List<String> listed) {
    return listed.stream().filter(t -> ChargebeeTables.require(t).existsIn(ChargebeeCatalog.V1)).toList();
  }

  @Override
  protected Optional<Set<List<String>>> expectedKeys(String table) {
    return ChargebeeConformanceSupport.expectedKeys(SIM, table);
  }

  @Override
  protected Set<String> allowedNullColumns(String table) {
    return ChargebeeConformanceSupport.allowedNullColumns(ChargebeeCatalog.V1, table);
  }

  @Override
  protected Optional<Simulator> simulator() {
    return Optional.of(SIM.server());
  }
}
