package io.tributary.source.chargebee;

import io.tributary.api.ConnectorFactory;
import io.tributary.simulator.chargebee.ChargebeeSimulator;
import io.tributary.simulator.chargebee.ProductCatalog;
import io.tributary.testkit.ConnectorConformanceTest;
import io.tributary.testkit.FaultTarget;
import io.tributary.simulator.Simulator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/** The conformance kit over every table of a Product Catalog 2.0 site. */
class ChargebeeCatalog2ConformanceTest extends ConnectorConformanceTest {
  static final ChargebeeSimulator SIM = ChargebeeSimulator.start(ProductCatalog.V2);

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
    return listed.stream().filter(t -> ChargebeeTables.require(t).existsIn(ChargebeeCatalog.V2)).toList();
  }

  @Override
  protected Optional<Set<List<String>>> expectedKeys(String table) {
    return ChargebeeConformanceSupport.expectedKeys(SIM, table);
  }

  @Override
  protected Set<String> allowedNullColumns(String table) {
    return ChargebeeConformanceSupport.allowedNullColumns(ChargebeeCatalog.V2, table);
  }

  /** Customers; the Catalog 1.0 suite reads the same client code and leaves the matrix to this one. */
  @Override
  protected Optional<FaultTarget> faultTarget() {
    return Optional.of(new FaultTarget("customers", "/api/v2/customers", SIM.server().faults()));
  }

  @Override
  protected Optional<Simulator> simulator() {
    return Optional.of(SIM.server());
  }
}
