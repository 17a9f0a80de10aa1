package io.tributary.source.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ConnectorFactory;
import io.tributary.simulator.salesforce.SalesforceSimulator;
import io.tributary.testkit.ConnectorConformanceTest;
import io.tributary.testkit.FaultTarget;
import io.tributary.simulator.DataTable;
import io.tributary.simulator.Simulator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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

  @Override
  protected Optional<Simulator> simulator() {
    return Optional.of(SIM.simulator());
  }

  /**
   * A record moves to the end of its SystemModstamp-ascending query: a second later, it is
   * updated. History objects are appended, never updated.
   */
  @Override
  protected Optional<Consumer<ObjectNode>> updateBetweenPages(String table) {
    if (table.endsWith("History")) {
      return Optional.empty();
    }
    DataTable data;
    try {
      data = SIM.table(table);
    } catch (IllegalArgumentException notSimulatedUnderThatName) {
      return Optional.empty();
    }
    return Optional.of(record -> {
      String id = record.path("Id").asText();
      long seq = data.select(r -> r.path("Id").asText().equals(id)).get(0).get("_seq").asLong();
      SIM.clock().advance(Duration.ofSeconds(1));
      data.update(seq, r -> { });
    });
  }
}
