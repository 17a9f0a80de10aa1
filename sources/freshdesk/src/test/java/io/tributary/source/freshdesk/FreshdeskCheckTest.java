package io.tributary.source.freshdesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.freshdesk.FreshdeskSimulator;
import io.tributary.testkit.CheckCases;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Connector#check()}: one {@code GET /api/v2/agents/me}, and the option to fix when it fails. */
class FreshdeskCheckTest {
  private static final String ME = "/api/v2/agents/me";
  private final FreshdeskSimulator sim = FreshdeskSimulator.start();
  private final CheckCases cases = new CheckCases(new FreshdeskConnectorFactory(), sim::connectionOptions);

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void namesTheAccountAndTheAgentWithOneRequest() {
    ObjectNode me = sim.me();

    String line = cases.line();

    assertThat(line).contains("'" + FreshdeskSimulator.DOMAIN + "'").contains("agent " + me.path("id").asLong())
        .doesNotContain(me.path("contact").path("name").asText())
        .doesNotContain(me.path("contact").path("email").asText());
    assertThat(sim.server().requests()).extracting(LoggedRequest::path).containsExactly(ME);
  }

  @Test
  void rejectedKeyNamesApiKeyWithoutRetrying() {
    cases.rejected(sim.server(), Map.of("api_key", "fd-wrong-key-77a1c9"), "api_key").hasMessageContaining("401");
  }

  @Test
  void hostAnswering404IsNotAFreshdeskAccount() {
    // Freshdesk answers 404 for a domain that is not an account; a path nobody serves does the same here.
    cases.notFound(sim.server(), Map.of("base_url", sim.server().baseUrl() + "/no-such-account"), "base_url")
        .hasMessageContaining("not a Freshdesk account");
  }

  @Test
  void unreachableHostNamesBaseUrlAfterAtMostTwoAttempts() {
    cases.unreachable("base_url");
  }

  @Test
  void htmlPageInsteadOfTheApiNamesBaseUrl() {
    cases.notJson(sim.server(), ME, "base_url").hasMessageContaining("not JSON");
  }

  @Test
  void forbiddenSaysThePlanLacksTheApi() {
    cases.forbidden(sim.server(), ME).hasMessageContaining("plan does not include API access");
  }

  @Test
  void providerOutageIsRetriedOnceThenReported() {
    cases.outageRetriedOnce(sim.server(), ME);
  }
}
