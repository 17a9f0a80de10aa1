package io.tributary.source.salesforce;

import io.tributary.api.ConnectorFactory;
import io.tributary.simulator.salesforce.SalesforceSimulator;
import io.tributary.testkit.ConnectorConformanceTest;
import io.tributary.testkit.FaultTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/** The conformance kit over every standard table, the history tables and a custom object. */
class SalesforceConformanceTest extends ConnectorConformanceTest {
  static final SalesforceSimulator SIM = SalesforceSimulator.start(42, 250);

  static {
    // Several connectors of one suite share the refresh token; rotation is tested elsewhere.
    SIM.rotateRefreshTokens(false);
  }

  @AfterAll
  static void stop() {
    SIM.close();
  }

  @Override
  protected ConnectorFactory factory() {
    return new SalesforceConnectorFactory();
  }

  @Override
  protected Map<String, String> connectionOptions() {
    Map<String, String> options = new HashMap<>(SIM.connectionOptions());
    options.put("refresh_token", SIM.currentRefreshToken());
    options.put("objects", "Invoice__c");
    return options;
  }

  @Override
  protected Map<String, String> tableOptions(String table) {
    return Map.of("bulk_threshold", "0");
  }

  @Override
  protected Map<String, String> smallPageOptions(String table) {
    return Map.of("bulk_threshold", "0", "batch_size", "200");
  }

  @Override
  protected Optional<Set<List<String>>> expectedKeys(String table) {
    return Optional.of(SIM.liveKeys(table));
  }

  /** Accounts through the REST queryAll (deleted rows included), the path every non-Bulk read of a standard object takes. */
  @Override
  protected Optional<FaultTarget> faultTarget() {
    return Optional.of(new FaultTarget("Account", "/services/data/{v}/queryAll", SIM.simulator().faults()));
  }
}
