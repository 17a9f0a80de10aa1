package io.tributary.http;

import static io.tributary.http.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.ExternalException;
import io.tributary.api.UserException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ConnectionCheck}: one capped GET, and the option to fix when it fails. */
class ConnectionCheckTest {
  private static final String ME = "/api/v2/agents/me";
  private static final String KEY = "Sup3rSecretKey42";
  /** The signed-in user the maintenance page names. */
  private static final String EMAIL = "aoife.brennan@example.com";
  private static final String NAME = "Aoife Brennan";
  private final ScriptedServer server = new ScriptedServer();

  @AfterEach
  void close() {
    server.close();
  }

  /** The connection's own settings: six attempts and five minutes, as in production. */
  private HttpSettings.Builder settings(String baseUrl) {
    return HttpSettings.builder("demo", baseUrl)
        .auth(Auth.basicApiKey(KEY))
        .credentialOption("api_key")
        .hostOption("domain")
        .requestsPerMinute(100_000)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(40));
  }

  private ConnectionCheck check() {
    return ConnectionCheck.of(settings(server.baseUrl()).build(), "Demo", ME);
  }

  private String host() {
    return server.baseUrl().substring("http://".length());
  }

  @Test
  void answersTheBodyWithOneRequest() {
    server.then(json("{\"id\":42,\"type\":\"support_agent\"}"));
    ConnectionCheck check = check();

    assertThat(check.run().path("id").asLong()).isEqualTo(42);
    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(server.request(0).getTarget()).isEqualTo(ME);
    assertThat(check.metrics().requests()).isEqualTo(1);
  }

  @Test
  void hostAnswering404IsNotTheVendorsAccountNamingTheHostOption() {
    server.then(404, Fixtures.text("not-found.json"), "Content-Type", "application/json");

    assertThatThrownBy(check()::run).isInstanceOf(UserException.class)
        .hasMessage("Cannot check the Demo connection to " + host() + ": GET " + ME + " answered 404: "
            + "Not found (RecordNotFound), so the host is not a Demo account; check domain");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void notFoundWordingAndFurtherOptionsAreTheSources() {
    server.then(404, "");
    ConnectionCheck check = check().notFoundMeans("the host does not serve that API version", "api_version");

    assertThatThrownBy(check::run).isInstanceOf(UserException.class)
        .hasMessageEndingWith("answered 404, so the host does not serve that API version; check domain and api_version");
  }

  @Test
  void pageThatIsNeverJsonNamesTheHostOptionAfterOneRetry() {
    for (int i = 0; i < 3; i++) {
      server.then(200, Fixtures.text("maintenance.html"), "Content-Type", "text/html; charset=utf-8");
    }

    assertThatThrownBy(check()::run).isInstanceOf(UserException.class)
        .hasMessageStartingWith("Cannot check the Demo connection to " + host() + ": GET " + ME + " answered 200 "
            + "with a body that is not JSON")
        .hasMessageContaining("Maintenance")
        .hasMessageEndingWith("so the host is not Demo's API; check domain")
        .hasMessageNotContaining(EMAIL).hasMessageNotContaining(NAME);
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void closedPortCannotBeReachedNamingTheHostOptionAfterAtMostTwoAttempts() throws IOException {
    int port = closedPort();
    ConnectionCheck check = ConnectionCheck.of(settings("http://127.0.0.1:" + port).build(), "Demo", ME);

    assertThatThrownBy(check::run).isInstanceOf(UserException.class)
        .hasMessage("Cannot check the Demo connection to 127.0.0.1:" + port
            + ": the host cannot be reached (ConnectException); check domain")
        .hasRootCauseInstanceOf(ConnectException.class);
    assertThat(check.metrics().requests()).isBetween(1L, 2L);
  }

  @Test
  void forbiddenSaysWhatTheSourceSaysItMeansWithoutRetrying() {
    server.then(403, Fixtures.text("forbidden-plan.json"), "Content-Type", "application/json");
    ConnectionCheck check = check().forbiddenMeans("the plan lacks the API");

    assertThatThrownBy(check::run).isInstanceOfSatisfying(ExternalException.class, e -> {
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.retryable()).isFalse();
      assertThat(e.providerMessage()).hasValueSatisfying(m -> assertThat(m).contains("not available in your plan"));
    }).hasMessage("Cannot check the Demo connection to " + host() + ": Demo refused GET " + ME + " with 403: "
        + "The Asset management feature is not available in your plan. (access_denied): the plan lacks the API");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void forbiddenWithoutWordingSaysPlanOrCredentials() {
    server.then(403, "");

    assertThatThrownBy(check()::run).isInstanceOf(ExternalException.class)
        .hasMessageEndingWith("with 403: the account's plan does not include API access, or the credentials may not use it");
  }

  @Test
  void rejectedCredentialsPassThroughNamingTheCredentialOption() {
    server.then(401, Fixtures.text("echoes-key.json"), "Content-Type", "application/json");

    assertThatThrownBy(check()::run).isInstanceOf(UserException.class)
        .hasMessageContaining("401").hasMessageEndingWith("; check api_key")
        .hasMessageNotContaining(KEY);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void outageIsRetriedOnceThenAnswers() {
    server.then(503, Fixtures.text("service-down.json")).then(json("{\"id\":7}"));
    ConnectionCheck check = check();

    assertThat(check.run().path("id").asLong()).isEqualTo(7);
    assertThat(server.requestCount()).isEqualTo(2);
    assertThat(check.metrics().retries()).isEqualTo(1);
  }

  @Test
  void persistentOutageGivesUpAfterTwoRequests() {
    for (int i = 0; i < 6; i++) {
      server.then(503, Fixtures.text("service-down.json"));
    }

    assertThatThrownBy(check()::run).isInstanceOfSatisfying(ExternalException.class, e -> {
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.retryable()).isTrue();
    }).hasMessageContaining("2 attempts");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void neverAllowsMoreThanTheConnectionDoes() {
    for (int i = 0; i < 3; i++) {
      server.then(503, "");
    }
    ConnectionCheck check = ConnectionCheck.of(settings(server.baseUrl()).retries(1, Duration.ofSeconds(5)).build(),
        "Demo", ME);

    assertThatThrownBy(check::run).isInstanceOf(ExternalException.class);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void credentialsTheProviderAnsweredAnywayAreARejectionNamingTheCredentialOption() {
    assertThat(check().credentialsRefused("with the anonymous user"))
        .hasMessage("Cannot check the Demo connection to " + host() + ": GET " + ME + " answered with the "
            + "anonymous user, so Demo did not accept the credentials; check api_key");
  }

  @Test
  void hostLeavesOutTheDefaultPortAndThePath() {
    ConnectionCheck check = ConnectionCheck.of(settings("https://acme.example.com/api-proxy").build(), "Demo", ME);

    assertThat(check.host()).isEqualTo("acme.example.com");
    assertThat(check().host()).isEqualTo(host());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
