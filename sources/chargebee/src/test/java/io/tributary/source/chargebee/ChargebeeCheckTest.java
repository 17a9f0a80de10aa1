package io.tributary.source.chargebee;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Connector;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.chargebee.ChargebeeSimulator;
import io.tributary.simulator.chargebee.ProductCatalog;
import io.tributary.testkit.CheckCases;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Connector#check()}: one {@code GET /api/v2/configurations}, and the option to fix when it fails. */
class ChargebeeCheckTest {
  private static final String CONFIGURATIONS = "/api/v2/configurations";
  private final ChargebeeSimulator sim = ChargebeeSimulator.start(ProductCatalog.V2);
  private final CheckCases cases = new CheckCases(new ChargebeeConnectorFactory(), sim::connectionOptions);

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void namesTheSiteAndItsCatalogWithOneRequest() {
    String line = cases.line();

    assertThat(line).contains("'" + ChargebeeSimulator.SITE + "'")
        .contains("Product Catalog " + ChargebeeCatalog.V2.apiValue());
    assertThat(sim.server().requests()).extracting(LoggedRequest::path).containsExactly(CONFIGURATIONS);
  }

  @Test
  void rejectedKeyNamesApiKeyWithoutRetrying() {
    cases.rejected(sim.server(), Map.of("api_key", "test_cb_wrong_5e0d"), "api_key").hasMessageContaining("401");
  }

  @Test
  void hostAnswering404IsNotAChargebeeSite() {
    cases.notFound(sim.server(), Map.of("base_url", sim.server().baseUrl() + "/no-such-site"), "base_url")
        .hasMessageContaining("not a Chargebee site");
  }

  @Test
  void htmlPageInsteadOfTheApiNamesBaseUrl() {
    cases.notJson(sim.server(), CONFIGURATIONS, "base_url").hasMessageContaining(CONFIGURATIONS);
  }

  @Test
  void unreachableHostNamesBaseUrlAfterAtMostTwoAttempts() {
    cases.unreachable("base_url");
  }

  @Test
  void forbiddenKeySaysWhatItLacks() {
    cases.forbidden(sim.server(), CONFIGURATIONS).hasMessageContaining("API key").hasMessageContaining("plan");
  }

  @Test
  void providerOutageIsRetriedOnceThenReported() {
    cases.outageRetriedOnce(sim.server(), CONFIGURATIONS);
  }
}
