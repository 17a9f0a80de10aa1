package io.tributary.source.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.Connector;
import io.tributary.api.ExternalException;
import io.tributary.api.UserException;
import io.tributary.testkit.sim.Fault;
import io.tributary.testkit.sim.LoggedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Connector#check()}: one "Show Self" ({@code GET /api/v2/users/me}), and the option to fix when it fails. */
class ZendeskCheckTest {
  private static final String ME = "/api/v2/users/me";
  private ZendeskSimulator sim = ZendeskSimulator.start(ZendeskSimulator.Config.defaults());

  @AfterEach
  void stop() {
    sim.close();
  }

  private Connector connect(Map<String, String> overrides) {
    Map<String, String> options = new HashMap<>(sim.connectionOptions());
    options.putAll(overrides);
    return new ZendeskConnectorFactory().create(options);
  }

  @Test
  void namesTheAccountAndTheUserWithOneRequest() {
    String line = connect(Map.of()).check();

    assertThat(line).contains("'acme-care'").contains("user " + ZendeskSimulator.SELF_ID)
        .contains("(" + sim.self().path("role").asText() + ")")
        .doesNotContain(ZendeskSimulator.API_TOKEN).doesNotContain(ZendeskSimulator.EMAIL)
        .doesNotContain(sim.self().path("name").asText()).doesNotContain("\n");
    assertThat(sim.simulator().requests()).extracting(LoggedRequest::path).containsExactly(ME);
  }

  @Test
  void checksAnOAuthTokenToo() {
    sim.close();
    sim = ZendeskSimulator.start(ZendeskSimulator.Config.defaults().withOAuth());

    assertThat(connect(Map.of()).check()).contains("user " + ZendeskSimulator.SELF_ID)
        .doesNotContain(ZendeskSimulator.OAUTH_TOKEN);
  }

  @Test
  void anonymousUserForAWrongTokenIsARejectionNamingEmailAndApiToken() {
    String wrongToken = "zd-wrong-token-40c2aa";
    Connector connector = connect(Map.of("api_token", wrongToken));

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("anonymous user").hasMessageContaining("check email and api_token")
        .hasMessageNotContaining(wrongToken).hasMessageNotContaining(ZendeskSimulator.API_TOKEN)
        .hasMessageNotContaining(ZendeskSimulator.EMAIL);
    assertThat(sim.simulator().requests()).hasSize(1);
  }

  @Test
  void anonymousUserForAWrongOAuthTokenNamesOAuthToken() {
    sim.close();
    sim = ZendeskSimulator.start(ZendeskSimulator.Config.defaults().withOAuth());
    String wrongToken = "zd-wrong-oauth-91be07";
    Connector connector = connect(Map.of("oauth_token", wrongToken));

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("check oauth_token").hasMessageNotContaining(wrongToken);
  }

  @Test
  void unauthorizedNamesTheCredentialOptionsWithoutRetrying() {
    sim.simulator().faults().next(ME, 1, Fault.status(401));
    Connector connector = connect(Map.of());

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("401").hasMessageContaining("check email and api_token")
        .hasMessageNotContaining(ZendeskSimulator.API_TOKEN);
    assertThat(sim.simulator().requests()).hasSize(1);
  }

  @Test
  void unknownSubdomainPageIsNotAZendeskAccount() {
    // Zendesk answers an unknown subdomain with an HTML "not found" page and 404.
    sim.simulator().faults().next(ME, 1, Fault.htmlErrorPage(404));
    Connector connector = connect(Map.of());

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("404").hasMessageContaining("not a Zendesk account")
        .hasMessageContaining("check base_url")
        .hasMessageNotContaining(Fault.RECORD_EMAIL).hasMessageNotContaining(Fault.RECORD_NAME);
    assertThat(sim.simulator().requests()).hasSize(1);
  }

  @Test
  void unreachableHostNamesBaseUrlAfterAtMostTwoAttempts() throws IOException {
    Connector connector = connect(Map.of("base_url", "http://127.0.0.1:" + closedPort()));

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("cannot be reached").hasMessageContaining("check base_url");
    assertThat(connector.metrics().requests()).isBetween(1L, 2L);
  }

  @Test
  void providerOutageIsRetriedOnceThenReported() {
    sim.simulator().faults().next(ME, 5, Fault.status(503));
    Connector connector = connect(Map.of());

    assertThatThrownBy(connector::check).isInstanceOf(ExternalException.class)
        .hasMessageContaining("2 attempts").hasMessageContaining("503");
    assertThat(sim.simulator().requests()).hasSize(2);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
