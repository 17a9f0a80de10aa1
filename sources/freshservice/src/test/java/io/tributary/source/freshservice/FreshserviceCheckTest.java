package io.tributary.source.freshservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.ExternalException;
import io.tributary.api.UserException;
import io.tributary.testkit.sim.Fault;
import io.tributary.testkit.sim.LoggedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Connector#check()}: one {@code GET /api/v2/agents/me}, and the option to fix when it fails. */
class FreshserviceCheckTest {
  private FreshserviceSimulator sim = FreshserviceSimulator.start();

  @AfterEach
  void stop() {
    sim.close();
  }

  private Connector connect(Map<String, String> overrides) {
    Map<String, String> raw = new LinkedHashMap<>(sim.connectionOptions());
    raw.putAll(overrides);
    FreshserviceConnectorFactory factory = new FreshserviceConnectorFactory();
    return factory.create(factory.connectionOptions().validate(raw));
  }

  @Test
  void namesTheAccountAndTheAgentWithOneRequest() {
    ObjectNode me = sim.me();

    String line = connect(Map.of()).check();

    assertThat(line).contains("'" + FreshserviceSimulator.DOMAIN + "'")
        .contains("agent " + me.path("id").asLong())
        .doesNotContain(FreshserviceSimulator.API_KEY)
        .doesNotContain("\n");
    assertThat(me.path("email").asText()).contains("@");
    for (String personal : new String[] {"email", "first_name", "last_name"}) {
      String value = me.path(personal).asText("");
      if (!value.isBlank()) {
        assertThat(line).as(personal).doesNotContain(value);
      }
    }
    assertThat(sim.server().requests()).extracting(LoggedRequest::path).containsExactly("/api/v2/agents/me");
  }

  @Test
  void rejectedKeyNamesApiKeyWithoutRetrying() {
    String wrongKey = "fs-wrong-key-77a1c9";
    Connector connector = connect(Map.of("api_key", wrongKey));

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("401").hasMessageContaining("check api_key")
        .hasMessageNotContaining(wrongKey).hasMessageNotContaining(FreshserviceSimulator.API_KEY);
    assertThat(sim.server().requests()).hasSize(1);
  }

  @Test
  void hostAnswering404IsNotAFreshserviceAccount() {
    // Freshworks answers 404 for a domain that is not an account; a path nobody serves does the same here.
    Connector connector = connect(Map.of("base_url", sim.server().baseUrl() + "/no-such-account"));

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("404").hasMessageContaining("not a Freshservice account")
        .hasMessageContaining("check base_url").hasMessageNotContaining(FreshserviceSimulator.API_KEY);
    assertThat(sim.server().requests()).hasSize(1);
  }

  @Test
  void unreachableHostNamesBaseUrlAfterAtMostTwoAttempts() throws IOException {
    Connector connector = connect(Map.of("base_url", "http://127.0.0.1:" + closedPort()));

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("cannot be reached").hasMessageContaining("check base_url");
    assertThat(connector.metrics().requests()).isBetween(1L, 2L);
  }

  @Test
  void htmlPageInsteadOfTheApiNamesBaseUrl() {
    sim.server().faults().next("/api/v2/agents/me", 5, Fault.htmlErrorPage(200));
    Connector connector = connect(Map.of());

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("not JSON").hasMessageContaining("check base_url")
        .hasMessageNotContaining(Fault.RECORD_EMAIL).hasMessageNotContaining(Fault.RECORD_NAME);
    assertThat(sim.server().requests()).hasSize(2);
  }

  @Test
  void forbiddenSaysThePlanLacksTheApi() {
    sim.close();
    sim = FreshserviceSimulator.start(FreshserviceSimulator.Config.defaults().without("/api/v2/agents/me"));
    Connector connector = connect(Map.of());

    assertThatThrownBy(connector::check).isInstanceOf(ExternalException.class)
        .hasMessageContaining("403").hasMessageContaining("plan does not include API access");
    assertThat(sim.server().requests()).hasSize(1);
  }

  @Test
  void providerOutageIsRetriedOnceThenReported() {
    sim.server().faults().next("/api/v2/agents/me", 5, Fault.status(503));
    Connector connector = connect(Map.of());

    assertThatThrownBy(connector::check).isInstanceOf(ExternalException.class)
        .hasMessageContaining("2 attempts").hasMessageContaining("503");
    assertThat(sim.server().requests()).hasSize(2);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
