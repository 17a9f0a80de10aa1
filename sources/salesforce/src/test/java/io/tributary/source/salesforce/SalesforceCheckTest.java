package io.tributary.source.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Connector;
import io.tributary.api.ExternalException;
import io.tributary.simulator.Fault;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.salesforce.SalesforceSimulator;
import io.tributary.testkit.CheckCases;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Connector#check()}: the grant's token request, then {@code GET /services/data/vXX.X/limits},
 * and the option to fix when either fails.
 */
class SalesforceCheckTest {
  private static final String TOKEN = "/services/oauth2/token";
  private static final String LIMITS = "/services/data/" + SalesforceSimulator.VERSION + "/limits";
  private final SalesforceSimulator sim = SalesforceSimulator.start(7, 5);
  private final CheckCases cases = new CheckCases(new SalesforceConnectorFactory(), sim::connectionOptions);

  @AfterEach
  void stop() {
    sim.close();
  }

  private void assertPaths(String... paths) {
    assertThat(sim.simulator().requests()).extracting(LoggedRequest::path).containsExactly(paths);
  }

  @Test
  void namesTheOrgAndTheUserWithTwoRequests() {
    String line = cases.line();

    assertThat(line).contains("org " + SalesforceSimulator.ORG_ID).contains("user " + SalesforceSimulator.USER_ID)
        .contains("refresh token grant").contains("DailyApiRequests")
        .doesNotContain("access-");
    assertPaths(TOKEN, LIMITS);
  }

  @Test
  void refusedRefreshTokenNamesTheGrantsOptionsWithoutRetrying() {
    cases.rejected(sim.simulator(), Map.of("refresh_token", "5Aep-wrong-refresh-token-1c2d"),
        "client_id, client_secret and refresh_token").hasMessageContaining("invalid_grant");
    assertPaths(TOKEN);
  }

  @Test
  void refusedAccessTokenNamesAccessTokenWithoutRefreshing() {
    Map<String, String> accessTokenOnly = new LinkedHashMap<>();
    accessTokenOnly.put("client_id", null);
    accessTokenOnly.put("client_secret", null);
    accessTokenOnly.put("refresh_token", null);
    accessTokenOnly.put("access_token", "00Dsim!wrong-access-token-77");

    cases.rejected(sim.simulator(), accessTokenOnly, "access_token").hasMessageContaining("401");
    assertPaths(LIMITS);
  }

  @Test
  void freshTokenRefusedByTheInstanceNamesInstanceUrlWithoutAnotherToken() {
    sim.simulator().faults().next(LIMITS, 1, Fault.status(401));

    cases.rejected(sim.simulator(), Map.of(), "instance_url").hasMessageContaining("401");
    assertPaths(TOKEN, LIMITS);
  }

  @Test
  void instanceAnswering404NamesInstanceUrlAndApiVersion() {
    cases.notFound(sim.simulator(), Map.of("instance_url", sim.baseUrl() + "/not-an-org"), "instance_url and api_version")
        .hasMessageContaining("not a Salesforce instance");
    assertThat(sim.simulator().requests()).hasSize(2);
  }

  @Test
  void htmlPageInsteadOfTheLimitsNamesInstanceUrl() {
    cases.notJson(sim.simulator(), LIMITS, "instance_url").hasMessageContaining(LIMITS);
  }

  @Test
  void unreachableLoginUrlIsNamed() {
    cases.unreachable("login_url");
    assertThat(sim.simulator().requests()).isEmpty();
  }

  @Test
  void usedUpDailyQuotaIsReportedAsTheProvidersRefusal() {
    sim.quota(1_000, 1_000);

    cases.fails(Map.of())
        .isInstanceOfSatisfying(ExternalException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessageContaining("REQUEST_LIMIT_EXCEEDED");
    assertThat(sim.simulator().requests()).hasSize(2);
  }

  @Test
  void limitsOutageIsRetriedOnceThenReported() {
    cases.outageRetriedOnce(sim.simulator(), LIMITS);
  }
}
