package io.tributary.source.freshservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.Connector;
import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import io.tributary.api.UserException;
import io.tributary.simulator.Fault;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What a user sees when credentials, domain, plan or rate limit get in the way. */
class FreshserviceErrorsTest {

  @Test
  void rejectedApiKeySaysToCheckApiKeyWithoutShowingIt() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim, Map.of("api_key", "wrong-key-51d0"))) {
      assertThatThrownBy(() -> FreshserviceReads.records(connector, "agents", Offset.START, Map.of()))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("check api_key")
          .hasMessageContaining("401")
          .hasMessageNotContaining("wrong-key-51d0");
    }
  }

  @Test
  void unknownDomainSaysToCheckDomain() {
    Connector connector = new FreshserviceConnectorFactory()
        .create(Map.of("api_key", "some-key-123", "domain", "no-such-tenant-zz9"));
    assertThatThrownBy(() -> FreshserviceReads.records(connector, "agents", Offset.START, Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("check domain")
        .hasMessageNotContaining("some-key-123");
  }

  @Test
  void tableThePlanLacksFailsNamingTheFeatureWhileOtherTablesRead() {
    FreshserviceSimulator.Config config = FreshserviceSimulator.Config.defaults().without("/api/v2/releases");
    try (FreshserviceSimulator sim = FreshserviceSimulator.start(config);
        Connector connector = FreshserviceReads.connect(sim)) {
      assertThatThrownBy(() -> FreshserviceReads.records(connector, "releases", Offset.START, Map.of()))
          .isInstanceOf(ExternalException.class)
          .hasMessageStartingWith("Cannot read table 'releases': Freshservice refused /api/v2/releases with "
              + "403 Forbidden. Your plan may not include Release Management")
          .hasMessageContaining("You are not authorized to perform this action.");
      assertThat(new TreeSet<>(FreshserviceReads.records(connector, "changes", Offset.START, Map.of()).ids()))
          .containsExactlyElementsOf(sim.table("changes").ids());
    }
  }

  @Test
  void runCompletesThroughA429Storm() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      sim.server().faults().next("/api/v2/tickets", 4, Fault.tooManyRequests(1));

      FreshserviceReads.Run run = FreshserviceReads.records(connector, "tickets", Offset.START, Map.of());

      assertThat(new TreeSet<>(run.ids())).containsExactlyElementsOf(sim.table("tickets").ids());
      assertThat(sim.requests("/api/v2/tickets").stream().filter(r -> r.status() == 429)).hasSize(4);
      assertThat(connector.metrics().retries()).isGreaterThanOrEqualTo(4);
      assertThat(connector.metrics().throttledMillis()).isGreaterThanOrEqualTo(1000);
    }
  }

  @Test
  void planLimitHeadersKeepARunUnderTheBudget() {
    // A Starter-sized budget of 100 a minute; the connector is told nothing and must learn it.
    FreshserviceSimulator.Config config = FreshserviceSimulator.Config.defaults().plan(100);
    try (FreshserviceSimulator sim = FreshserviceSimulator.start(config);
        Connector connector = FreshserviceReads.connect(sim)) {
      for (String table : new String[] {"agents", "groups", "departments", "locations", "vendors"}) {
        FreshserviceReads.records(connector, table, Offset.START, Map.of("per_page", "2"));
      }
      assertThat(sim.server().requests()).isNotEmpty()
          .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }
  }
}
