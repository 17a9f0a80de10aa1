package io.tributary.source.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.Connector;
import io.tributary.api.ExternalException;
import io.tributary.api.UserException;
import io.tributary.testkit.sim.Fault;
import io.tributary.testkit.sim.LoggedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
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

  @AfterEach
  void stop() {
    sim.close();
  }

  private Connector connect(Map<String, String> overrides) {
    Map<String, String> raw = new LinkedHashMap<>(sim.connectionOptions());
    raw.putAll(overrides);
    raw.values().removeIf(v -> v == null);
    return new SalesforceConnector(SalesforceOptions.connection().validate(raw), Clock.systemUTC());
  }

  @Test
  void namesTheOrgAndTheUserWithTwoRequests() {
    String refreshToken = sim.currentRefreshToken();

    String line = connect(Map.of()).check();

    assertThat(line).contains("org " + SalesforceSimulator.ORG_ID).contains("user " + SalesforceSimulator.USER_ID)
        .contains("refresh token grant").contains("DailyApiRequests")
        .doesNotContain(SalesforceSimulator.CLIENT_SECRET).doesNotContain(refreshToken)
        .doesNotContain("access-").doesNotContain("\n");
    assertThat(sim.simulator().requests()).extracting(LoggedRequest::path).containsExactly(TOKEN, LIMITS);
  }

  @Test
  void refusedRefreshTokenNamesTheGrantsOptionsWithoutRetrying() {
    String wrong = "5Aep-wrong-refresh-token-1c2d";
    Connector connector = connect(Map.of("refresh_token", wrong));

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("invalid_grant").hasMessageContaining("check client_id, client_secret and refresh_token")
        .hasMessageNotContaining(wrong).hasMessageNotContaining(SalesforceSimulator.CLIENT_SECRET);
    assertThat(sim.simulator().requests()).extracting(LoggedRequest::path).containsExactly(TOKEN);
  }

  @Test
  void refusedAccessTokenNamesAccessTokenWithoutRefreshing() {
    String wrong = "00Dsim!wrong-access-token-77";
    Map<String, String> accessTokenOnly = new LinkedHashMap<>();
    accessTokenOnly.put("client_id", null);
    accessTokenOnly.put("client_secret", null);
    accessTokenOnly.put("refresh_token", null);
    accessTokenOnly.put("access_token", wrong);
    Connector connector = connect(accessTokenOnly);

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("401").hasMessageContaining("check access_token").hasMessageNotContaining(wrong);
    assertThat(sim.simulator().requests()).extracting(LoggedRequest::path).containsExactly(LIMITS);
  }

  @Test
  void freshTokenRefusedByTheInstanceNamesInstanceUrlWithoutAnotherToken() {
    sim.simulator().faults().next(LIMITS, 1, Fault.status(401));
    Connector connector = connect(Map.of());

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("401").hasMessageContaining("check instance_url")
        .hasMessageNotContaining(SalesforceSimulator.CLIENT_SECRET);
    assertThat(sim.simulator().requests()).extracting(LoggedRequest::path).containsExactly(TOKEN, LIMITS);
  }

  @Test
  void instanceAnswering404NamesInstanceUrlAndApiVersion() {
    Connector connector = connect(Map.of("instance_url", sim.baseUrl() + "/not-an-org"));

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("404").hasMessageContaining("not a Salesforce instance")
        .hasMessageContaining("check instance_url and api_version");
    assertThat(sim.simulator().requests()).hasSize(2);
  }

  @Test
  void unreachableLoginUrlIsNamed() throws IOException {
    Connector connector = connect(Map.of("login_url", "http://127.0.0.1:" + closedPort()));

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("cannot be reached").hasMessageContaining("check login_url");
    assertThat(sim.simulator().requests()).isEmpty();
  }

  @Test
  void usedUpDailyQuotaIsReportedAsTheProvidersRefusal() {
    sim.quota(1_000, 1_000);
    Connector connector = connect(Map.of());

    assertThatThrownBy(connector::check).isInstanceOf(ExternalException.class)
        .hasMessageContaining("403").hasMessageContaining("REQUEST_LIMIT_EXCEEDED");
    assertThat(sim.simulator().requests()).hasSize(2);
  }

  @Test
  void limitsOutageIsRetriedOnceThenReported() {
    sim.simulator().faults().next(LIMITS, 5, Fault.status(503));
    Connector connector = connect(Map.of());

    assertThatThrownBy(connector::check).isInstanceOf(ExternalException.class)
        .hasMessageContaining("2 attempts").hasMessageContaining("503");
    assertThat(sim.simulator().requests(LIMITS)).hasSize(2);
    assertThat(connector.metrics().requests()).isEqualTo(2);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
