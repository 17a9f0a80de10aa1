package io.tributary.source.freshservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import io.tributary.testkit.CheckCases;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Connector#check()}: one {@code GET /api/v2/agents/me}, and the option to fix when it fails. */
class FreshserviceCheckTest {
  private static final String ME = "/api/v2/agents/me";
  private final FreshserviceSimulator sim = FreshserviceSimulator.start();
  private final CheckCases cases = new CheckCases(new FreshserviceConnectorFactory(), sim::connectionOptions);

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void namesTheAccountAndTheAgentWithOneRequest() {
    ObjectNode me = sim.me();

    String line = cases.line();

    assertThat(line).contains("'" + FreshserviceSimulator.DOMAIN + "'").contains("agent " + me.path("id").asLong());
    assertThat(me.path("email").asText()).contains("@");
    for (String personal : new String[] {"email", "first_name", "last_name"}) {
      String value = me.path(personal).asText("");
      if (!value.isBlank()) {
        assertThat(line).as(personal).doesNotContain(value);
      }
    }
    assertThat(sim.server().requests()).extracting(LoggedRequest::path).containsExactly(ME);
  }

  @Test
  void rejectedKeyNamesApiKeyWithoutRetrying() {
    cases.rejected(sim.server(), Map.of("api_key", "fs-wrong-key-77a1c9"), "api_key").hasMessageContaining("401");
  }

  @Test
  void hostAnswering404IsNotAFreshserviceAccount() {
    // Freshworks answers 404 for a domain that is not an account; a path nobody serves does the same here.
    cases.notFound(sim.server(), Map.of("base_url", sim.server().baseUrl() + "/no-such-account"), "base_url")
        .hasMessageContaining("not a Freshservice account");
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
