package io.tributary.source.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Connector;
import io.tributary.simulator.Fault;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.zendesk.ZendeskSimulator;
import io.tributary.testkit.CheckCases;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Connector#check()}: one "Show Self" ({@code GET /api/v2/users/me}), and the option to fix when it fails. */
class ZendeskCheckTest {
  private static final String ME = "/api/v2/users/me";
  private ZendeskSimulator sim = ZendeskSimulator.start(ZendeskSimulator.Config.defaults());
  private final CheckCases cases = new CheckCases(new ZendeskConnectorFactory(), () -> sim.connectionOptions());

  @AfterEach
  void stop() {
    sim.close();
  }

  private void restartWithOAuth() {
    sim.close();
    sim = ZendeskSimulator.start(ZendeskSimulator.Config.defaults().withOAuth());
  }

  @Test
  void namesTheAccountAndTheUserWithOneRequest() {
    String line = cases.line();

    assertThat(line).contains("'acme-care'").contains("user " + ZendeskSimulator.SELF_ID)
        .contains("(" + sim.self().path("role").asText() + ")")
        .doesNotContain(ZendeskSimulator.EMAIL).doesNotContain(sim.self().path("name").asText());
    assertThat(sim.simulator().requests()).extracting(LoggedRequest::path).containsExactly(ME);
  }

  @Test
  void checksAnOAuthTokenToo() {
    restartWithOAuth();

    assertThat(cases.line()).contains("user " + ZendeskSimulator.SELF_ID);
  }

  @Test
  void anonymousUserForAWrongTokenIsARejectionNamingEmailAndApiToken() {
    cases.rejected(sim.simulator(), Map.of("api_token", "zd-wrong-token-40c2aa"), "email and api_token")
        .hasMessageContaining("anonymous user").hasMessageNotContaining(ZendeskSimulator.EMAIL);
    // Zendesk served the anonymous user with 200, not a 401.
    assertThat(sim.simulator().requests()).extracting(LoggedRequest::status).containsExactly(200);
  }

  @Test
  void anonymousUserForAWrongOAuthTokenNamesOAuthToken() {
    restartWithOAuth();

    cases.rejected(sim.simulator(), Map.of("oauth_token", "zd-wrong-oauth-91be07"), "oauth_token")
        .hasMessageContaining("anonymous user");
  }

  @Test
  void unauthorizedNamesTheCredentialOptionsWithoutRetrying() {
    sim.simulator().faults().next(ME, 1, Fault.status(401));

    cases.rejected(sim.simulator(), Map.of(), "email and api_token").hasMessageContaining("401");
  }

  @Test
  void unknownSubdomainPageIsNotAZendeskAccount() {
    // Zendesk answers an unknown subdomain with an HTML "not found" page and 404.
    sim.simulator().faults().next(ME, 1, Fault.htmlErrorPage(404));

    cases.notFound(sim.simulator(), Map.of(), "base_url").hasMessageContaining("not a Zendesk account");
  }

  @Test
  void htmlPageInsteadOfTheApiNamesBaseUrl() {
    cases.notJson(sim.simulator(), ME, "base_url").hasMessageContaining(ME);
  }

  @Test
  void forbiddenSaysTheAccountLacksTheApi() {
    cases.forbidden(sim.simulator(), ME).hasMessageContaining("API access");
  }

  @Test
  void unreachableHostNamesBaseUrlAfterAtMostTwoAttempts() {
    cases.unreachable("base_url");
  }

  @Test
  void providerOutageIsRetriedOnceThenReported() {
    cases.outageRetriedOnce(sim.simulator(), ME);
  }
}
