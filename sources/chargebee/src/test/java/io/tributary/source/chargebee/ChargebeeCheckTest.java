package io.tributary.source.chargebee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** {@link Connector#check()}: one {@code GET /api/v2/configurations}, and the option to fix when it fails. */
class ChargebeeCheckTest {
  private static final String CONFIGURATIONS = "/api/v2/configurations";
  private final ChargebeeSimulator sim = ChargebeeSimulator.start(ChargebeeCatalog.V2);

  @AfterEach
  void stop() {
    sim.close();
  }

  private Connector connect(Map<String, String> overrides) {
    Map<String, String> raw = new LinkedHashMap<>(sim.connectionOptions());
    raw.putAll(overrides);
    ChargebeeConnectorFactory factory = new ChargebeeConnectorFactory();
    return factory.create(factory.connectionOptions().validate(raw));
  }

  @Test
  void namesTheSiteAndItsCatalogWithOneRequest() {
    String line = connect(Map.of()).check();

    assertThat(line).contains("'" + ChargebeeSimulator.SITE + "'")
        .contains("Product Catalog " + ChargebeeCatalog.V2.apiValue())
        .doesNotContain(ChargebeeSimulator.API_KEY).doesNotContain("\n");
    assertThat(sim.server().requests()).extracting(LoggedRequest::path).containsExactly(CONFIGURATIONS);
  }

  @Test
  void rejectedKeyNamesApiKeyWithoutRetrying() {
    String wrongKey = "test_cb_wrong_5e0d";
    Connector connector = connect(Map.of("api_key", wrongKey));

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("401").hasMessageContaining("check api_key")
        .hasMessageNotContaining(wrongKey).hasMessageNotContaining(ChargebeeSimulator.API_KEY);
    assertThat(sim.server().requests()).hasSize(1);
  }

  @Test
  void hostAnswering404IsNotAChargebeeSite() {
    Connector connector = connect(Map.of("base_url", sim.server().baseUrl() + "/no-such-site"));

    assertThatThrownBy(connector::check).isInstanceOf(UserException.class)
        .hasMessageContaining("404").hasMessageContaining("not a Chargebee site")
        .hasMessageContaining("check base_url").hasMessageNotContaining(ChargebeeSimulator.API_KEY);
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
  void forbiddenKeySaysWhatItLacks() {
    sim.server().faults().next(CONFIGURATIONS, 1, Fault.status(403));
    Connector connector = connect(Map.of());

    assertThatThrownBy(connector::check).isInstanceOf(ExternalException.class)
        .hasMessageContaining("403").hasMessageContaining("lacks permission");
    assertThat(sim.server().requests()).hasSize(1);
  }

  @Test
  void providerOutageIsRetriedOnceThenReported() {
    sim.server().faults().next(CONFIGURATIONS, 5, Fault.status(503));
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
