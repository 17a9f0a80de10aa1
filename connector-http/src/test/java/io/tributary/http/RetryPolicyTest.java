package io.tributary.http;

import static io.tributary.http.ScriptedServer.json;
import static io.tributary.http.ScriptedServer.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.ExternalException;
import io.tributary.api.ReadMetrics;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
  private final ScriptedServer server = new ScriptedServer();

  @AfterEach
  void close() {
    server.close();
  }

  private HttpSettings.Builder settings() {
    return HttpSettings.builder("demo", server.baseUrl())
        .auth(Auth.basicApiKey("k3y-for-tests"))
        .credentialOption("api_key")
        .hostOption("domain")
        .requestsPerMinute(100_000)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(40))
        .retries(4, Duration.ofSeconds(10));
  }

  private RestClient client() {
    return RestClient.create(settings().build());
  }

  @Test
  void retriesOn429HonouringRetryAfterSeconds() {
    server.then(429, "{\"message\":\"slow down\"}", "Retry-After", "1").then(json("{\"ok\":true}"));

    JsonResponse response = client().get("/api/v2/tickets", Map.of());

    assertThat(response.body().path("ok").asBoolean()).isTrue();
    assertThat(server.requestCount()).isEqualTo(2);
    assertThat(server.millisBetween(0, 1)).isGreaterThanOrEqualTo(1000);
  }

  /** The time requests wait for their answers is counted, the Retry-After wait before a retry is not. */
  @Test
  void countsTheTimeAnswersTookApartFromTheWaitsBeforeRetries() {
    server.then(429, "{\"message\":\"slow down\"}", "Retry-After", "1")
        .then(new MockResponse.Builder().body("{\"ok\":true}").headersDelay(300, TimeUnit.MILLISECONDS).build());
    RestClient client = client();

    client.get("/api/v2/tickets", Map.of());

    ReadMetrics metrics = client.metrics();
    assertThat(metrics.requests()).isEqualTo(2);
    assertThat(metrics.throttledMillis()).isGreaterThanOrEqualTo(900);
    assertThat(metrics.other().get(ReadMetrics.ANSWER_MILLIS)).isBetween(300L, 900L);
    assertThat(metrics.meanAnswer()).hasValueSatisfying(mean -> assertThat(mean).isBetween(
        Duration.ofMillis(150), Duration.ofMillis(450)));
  }

  @Test
  void retriesOn429HonouringRetryAfterHttpDate() {
    Instant retryAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
    String httpDate = DateTimeFormatter.RFC_1123_DATE_TIME.format(retryAt.atOffset(ZoneOffset.UTC));
    server.then(429, "", "Retry-After", httpDate).then(json("{\"ok\":true}"));
    RestClient client = client();

    client.get("/api/v2/tickets", Map.of());

    long secondArrivalEpochMillis = System.currentTimeMillis()
        - (System.nanoTime() - server.arrivals().get(1).nanos()) / 1_000_000;
    assertThat(secondArrivalEpochMillis).isGreaterThanOrEqualTo(retryAt.toEpochMilli() - 5);
    assertThat(client.metrics().throttledMillis()).isGreaterThanOrEqualTo(500);
  }

  @Test
  void retriesOn429UsingRateLimitResetWhenNoRetryAfter() {
    server.then(429, "", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1").then(json("{}"));

    client().get("/api/v2/tickets", Map.of());

    assertThat(server.millisBetween(0, 1)).isGreaterThanOrEqualTo(1000);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void retriesServerErrors(int status) {
    server.then(status, "").then(status, "").then(json("{\"ok\":true}"));
    RestClient client = client();

    assertThat(client.get("/api/v2/tickets", Map.of()).body().path("ok").asBoolean()).isTrue();
    assertThat(client.metrics().requests()).isEqualTo(3);
    assertThat(client.metrics().retries()).isEqualTo(2);
  }

  @Test
  void stopsAfterBoundedAttemptsCountingThem() {
    for (int i = 0; i < 6; i++) {
      server.then(503, Fixtures.text("service-down.json"));
    }

    assertThatThrownBy(() -> client().get("/api/v2/tickets", query("page", "2")))
        .isInstanceOfSatisfying(ExternalException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.retryable()).isTrue();
          assertThat(e.providerMessage()).contains("Service temporarily unavailable");
        })
        .hasMessage("Cannot GET /api/v2/tickets from demo: gave up after 4 attempts; last response "
            + "503: Service temporarily unavailable");
    assertThat(server.requestCount()).isEqualTo(4);
  }

  @Test
  void stopsWhenTheProviderAsksForMoreThanTheTotalWait() {
    server.then(429, "{\"message\":\"hourly quota used\"}", "Retry-After", "3600");

    assertThatThrownBy(() -> client().get("/api/v2/tickets", Map.of()))
        .isInstanceOf(ExternalException.class)
        .hasMessage("Cannot GET /api/v2/tickets from demo: gave up after 1 attempt: waiting 60 min more "
            + "would pass the 10 s one request may take in all (attempts and waits); last response 429: "
            + "hourly quota used");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void retriesConnectionResets() {
    server.then(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build())
        .then(json("{\"ok\":true}"));
    RestClient client = client();

    assertThat(client.get("/api/v2/tickets", Map.of()).body().path("ok").asBoolean()).isTrue();
    assertThat(client.metrics().retries()).isEqualTo(1);
  }

  @Test
  void retriesReadTimeouts() {
    server.then(new MockResponse.Builder().body("{}").headersDelay(2, TimeUnit.SECONDS).build())
        .then(json("{\"ok\":true}"));
    RestClient client = RestClient.create(settings()
        .timeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(5)).build());

    assertThat(client.get("/api/v2/tickets", Map.of()).body().path("ok").asBoolean()).isTrue();
    assertThat(client.metrics().retries()).isEqualTo(1);
  }

  @Test
  void givesUpOnPersistentConnectionFailuresCountingAttempts() {
    for (int i = 0; i < 4; i++) {
      server.then(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    }

    assertThatThrownBy(() -> client().get("/api/v2/tickets", Map.of()))
        .isInstanceOfSatisfying(ExternalException.class, e -> assertThat(e.status()).isZero())
        .hasMessageStartingWith("Cannot GET /api/v2/tickets from demo: gave up after 4 attempts; last error ");
  }

  @Test
  void retriesBodiesThatAreNotJson() {
    server.then(200, "{\"tickets\": [").then(json("{\"ok\":true}"));

    assertThat(client().get("/api/v2/tickets", Map.of()).body().path("ok").asBoolean()).isTrue();
  }

  @Test
  void reportsAnHtmlPageInsteadOfJsonBySummary() {
    for (int i = 0; i < 4; i++) {
      server.then(502, Fixtures.text("gateway-error.html"), "Content-Type", "text/html");
    }

    assertThatThrownBy(() -> client().get("/api/v2/tickets", Map.of()))
        .hasMessage("Cannot GET /api/v2/tickets from demo: gave up after 4 attempts; last response "
            + "502: HTML page titled '502 Bad Gateway | Freshworks'");
  }

  @Test
  void countsRequestsRetriesAndBytes() {
    server.then(500, "").then(json("{\"tickets\":[]}"));
    RestClient client = client();

    client.get("/api/v2/tickets", Map.of());

    ReadMetrics metrics = client.metrics();
    assertThat(metrics.requests()).isEqualTo(2);
    assertThat(metrics.retries()).isEqualTo(1);
    assertThat(metrics.bytes()).isEqualTo("{\"tickets\":[]}".length());
  }
}
