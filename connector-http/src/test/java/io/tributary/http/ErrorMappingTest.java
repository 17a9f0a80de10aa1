package io.tributary.http;

import static io.tributary.http.ScriptedServer.json;
import static io.tributary.http.ScriptedServer.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.ExternalException;
import io.tributary.api.UserException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {
  private final ScriptedServer server = new ScriptedServer();

  @AfterEach
  void close() {
    server.close();
  }

  private RestClient client(String baseUrl) {
    return RestClient.create(HttpSettings.builder("demo", baseUrl)
        .auth(Auth.basicApiKey("k3y-for-tests"))
        .credentialOption("api_key")
        .hostOption("domain")
        .requestsPerMinute(100_000)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(40))
        .retries(3, Duration.ofSeconds(5))
        .build());
  }

  private RestClient client() {
    return client(server.baseUrl());
  }

  @Test
  void failsAt401NamingTheCredentialOption() {
    server.then(401, Fixtures.text("unauthorized.json"));

    assertThatThrownBy(() -> client().get("/api/v2/tickets", Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessage("Cannot GET /api/v2/tickets from demo: the credentials were rejected (401: You "
            + "are not authorized to perform this action. (access_denied)); check api_key");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void failsAt403SayingForbiddenWithTheProviderMessage() {
    server.then(403, Fixtures.text("forbidden-plan.json"));

    assertThatThrownBy(() -> client().get("/api/v2/assets", Map.of()))
        .isInstanceOfSatisfying(ExternalException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.retryable()).isFalse();
        })
        .hasMessage("Cannot GET /api/v2/assets from demo: access is forbidden (403: The Asset "
            + "management feature is not available in your plan. (access_denied)); the credentials "
            + "lack permission for it, or the account's plan does not include this feature");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void names404PathWithoutQuery() {
    server.then(404, Fixtures.text("not-found.json"));

    assertThatThrownBy(() -> client().get("/api/v2/tickets/42", query("include", "stats", "token", "t0ken")))
        .isInstanceOfSatisfying(ExternalException.class, e -> assertThat(e.status()).isEqualTo(404))
        .hasMessage("Cannot GET /api/v2/tickets/42 from demo: not found (404: Not found (RecordNotFound))");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void names404OnTheApiRootAsAHostProblem() {
    server.then(404, "<html><title>Page not found</title></html>");

    assertThatThrownBy(() -> client(server.baseUrl() + "/api/v2/").get("/", Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessage("Cannot GET /api/v2/ from demo: the API root was not found (404: HTML page "
            + "titled 'Page not found'), so 127.0.0.1 is not a demo API; check domain");
  }

  @Test
  void namesTheHostOptionWhenTheHostIsUnknown() {
    assertThatThrownBy(() -> client("https://no-such-host.invalid").get("/api/v2/tickets", Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessage("Cannot reach demo at no-such-host.invalid: the host is unknown (DNS lookup "
            + "failed); check domain");
  }

  @Test
  void suggestsTheHostOptionWhenNothingListens() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }

    assertThatThrownBy(() -> client("http://127.0.0.1:" + closedPort).get("/api/v2/tickets", Map.of()))
        .isInstanceOf(ExternalException.class)
        .hasMessageStartingWith("Cannot GET /api/v2/tickets from demo: gave up after 3 attempts; last error ")
        .hasMessageEndingWith("(ConnectException); check domain if 127.0.0.1 is not the right host");
  }

  @Test
  void failsAtOnceOnOther4xxSummarizingTheBody() {
    server.then(400, Fixtures.text("freshservice-validation-error.json"));

    assertThatThrownBy(() -> client().get("/api/v2/tickets", query("updated_since", "yesterday")))
        .isInstanceOfSatisfying(ExternalException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.retryable()).isFalse();
        })
        .hasMessage("Cannot GET /api/v2/tickets from demo: the provider refused the request (400: "
            + "Validation failed; updated_since: It should be in the 'valid date time' format "
            + "(invalid_value))");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void refusesPlainHttpToAHostThatIsNotLoopback() {
    assertThatThrownBy(() -> client("http://acme.freshservice.com"))
        .isInstanceOf(UserException.class)
        .hasMessage("Invalid value 'http://acme.freshservice.com' for option 'base_url': must use "
            + "https (plain http is allowed only for localhost and 127.0.0.1)");
  }

  @Test
  void refusesABaseUrlWithAQueryWithoutShowingIt() {
    assertThatThrownBy(() -> client("https://acme.freshservice.com/?token=abc123"))
        .isInstanceOf(UserException.class)
        .hasMessage("Invalid value 'https://acme.freshservice.com/?...' for option 'base_url': "
            + "must not have a query string or fragment");
  }

  @Test
  void refreshesABearerTokenOnceAfter401() {
    CountingTokens tokens = new CountingTokens();
    server.then(401, "{\"message\":\"token expired\"}").then(json("{\"ok\":true}"));
    RestClient client = RestClient.create(HttpSettings.builder("demo", server.baseUrl())
        .auth(Auth.bearer(tokens)).credentialOption("client_secret").build());

    assertThat(client.get("/services/data", Map.of()).body().path("ok").asBoolean()).isTrue();
    assertThat(tokens.refreshes).isEqualTo(1);
    assertThat(server.request(0).getHeaders().get("Authorization")).isEqualTo("Bearer token-0");
    assertThat(server.request(1).getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
  }

  @Test
  void failsWhenTheRefreshedTokenIsAlsoRejected() {
    CountingTokens tokens = new CountingTokens();
    server.then(401, "{\"message\":\"token expired\"}").then(401, Fixtures.text("salesforce-errors.json"));
    RestClient client = RestClient.create(HttpSettings.builder("demo", server.baseUrl())
        .auth(Auth.bearer(tokens)).credentialOption("client_secret").build());

    assertThatThrownBy(() -> client.get("/services/data", Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessage("Cannot GET /services/data from demo: the credentials were rejected (401: "
            + "Session expired or invalid (INVALID_SESSION_ID)); check client_secret");
    assertThat(tokens.refreshes).isEqualTo(1);
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void sendsBasicAuthForEachScheme() {
    server.then(json("{}")).then(json("{}"));

    RestClient.create(HttpSettings.builder("demo", server.baseUrl()).auth(Auth.basicApiKey("abc")).build())
        .get("/a", Map.of());
    RestClient.create(HttpSettings.builder("demo", server.baseUrl())
            .auth(Auth.emailToken("me@acme.com", "tok")).build())
        .get("/a", Map.of());

    // base64("abc:X") and base64("me@acme.com/token:tok")
    assertThat(server.request(0).getHeaders().get("Authorization")).isEqualTo("Basic YWJjOlg=");
    assertThat(server.request(1).getHeaders().get("Authorization"))
        .isEqualTo("Basic bWVAYWNtZS5jb20vdG9rZW46dG9r");
  }

  @Test
  void keepsProvidedUrlsOnTheConfiguredHost() {
    server.then(json("{}"));

    client().get("https://acme.freshservice.com/api/v2/tickets?page=2&per_page=100");

    assertThat(server.request(0).getUrl().encodedPath()).isEqualTo("/api/v2/tickets");
    assertThat(server.request(0).getUrl().query()).isEqualTo("page=2&per_page=100");
  }

  @Test
  void resolvesPathsUnderTheBaseUrlPath() {
    server.then(json("{}"));

    client(server.baseUrl() + "/proxy/").get("/api/v2/tickets", query("a", "1", "b", "x y"));

    assertThat(server.request(0).getTarget()).isEqualTo("/proxy/api/v2/tickets?a=1&b=x%20y");
  }

  @Test
  void sharesOneConnectionPoolAndDispatcherWithPerClientTimeouts() {
    HttpSettings a = HttpSettings.builder("a", server.baseUrl()).build();
    HttpSettings b = HttpSettings.builder("b", server.baseUrl())
        .timeouts(Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5)).build();

    assertThat(HttpClients.forSettings(a).connectionPool()).isSameAs(HttpClients.forSettings(b).connectionPool());
    assertThat(HttpClients.forSettings(a).dispatcher()).isSameAs(HttpClients.forSettings(b).dispatcher());
    assertThat(HttpClients.forSettings(b).connectTimeoutMillis()).isEqualTo(3000);
    assertThat(HttpClients.forSettings(b).readTimeoutMillis()).isEqualTo(4000);
    assertThat(HttpClients.forSettings(b).callTimeoutMillis()).isEqualTo(5000);
  }

  /** Hands out token-0, then token-1 after each refresh. */
  private static final class CountingTokens implements TokenSource {
    private int refreshes;

    @Override
    public synchronized String token() {
      return "token-" + refreshes;
    }

    @Override
    public synchronized String refresh() {
      refreshes++;
      return token();
    }
  }
}
