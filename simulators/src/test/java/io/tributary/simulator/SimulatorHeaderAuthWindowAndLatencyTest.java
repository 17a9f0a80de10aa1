package io.tributary.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimulatorHeaderAuthWindowAndLatencyTest {
  private static Simulator.Builder tickets(Dataset data) {
    return Simulator.builder(data).endpoint(Endpoint.list("/tickets", data.table("tickets")));
  }

  @Test
  void combinedChecksNeedEveryHeaderAndTheFirstFailedCheckAnswers() {
    AuthCheck check = AuthCheck.bearer("tok").rejectingWith(401, "{\"error\":\"invalid_token\"}")
        .and(AuthCheck.header("Account-Id", "42").rejectingWith(403, "{\"error\":\"wrong_account\"}"));
    try (Simulator sim = tickets(Fixtures.tickets(1)).auth(check).start()) {
      String url = sim.baseUrl() + "/tickets";
      HttpResponse<String> ok = Http.get(url, Map.of("Authorization", "Bearer tok", "account-id", "42"));
      HttpResponse<String> noToken = Http.get(url, Map.of("Account-Id", "42"));
      HttpResponse<String> noAccount = Http.get(url, Map.of("Authorization", "Bearer tok"));
      HttpResponse<String> otherAccount = Http.get(url, Map.of("Authorization", "Bearer tok", "Account-Id", "7"));

      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(noToken.statusCode()).isEqualTo(401);
      assertThat(noToken.body()).isEqualTo("{\"error\":\"invalid_token\"}");
      assertThat(noAccount.statusCode()).isEqualTo(403);
      assertThat(noAccount.body()).isEqualTo("{\"error\":\"wrong_account\"}");
      assertThat(otherAccount.statusCode()).isEqualTo(403);
    }
  }

  @Test
  void aHeaderCheckWithoutItsOwnBodyAnswersInTheVendorsErrorStyle() {
    try (Simulator sim = tickets(Fixtures.tickets(1)).auth(AuthCheck.header("X-Api-Key", "k").rejectingWith(403,
        "{}")).start()) {
      assertThat(Http.get(sim.baseUrl() + "/tickets", Map.of("X-Api-Key", "k")).statusCode()).isEqualTo(200);
    }
    try (Simulator sim = tickets(Fixtures.tickets(1)).auth(AuthCheck.header("X-Api-Key", "k")).start()) {
      HttpResponse<String> missing = Http.get(sim.baseUrl() + "/tickets");

      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(Http.json(missing).get("code").asText()).isEqualTo("invalid_credentials");
    }
    assertThat(AuthCheck.bearer("tok-123").and(AuthCheck.header("Account-Id", "42")).toString())
        .isEqualTo("AuthCheck[bearer and header Account-Id]");
    assertThatThrownBy(() -> AuthCheck.bearer("t").rejectingWith(500, "{}"))
        .hasMessage("Cannot reject credentials with status 500: use 401 or 403");
  }

  @Test
  void aWindowOfFifteenSecondsRefillsAtItsOwnRateAndSaysSoIn429() {
    AtomicLong nanos = new AtomicLong();
    Dataset data = Fixtures.tickets(1);
    try (Simulator sim = tickets(data).rateLimit(RateLimit.perWindow(3, Duration.ofSeconds(15)).withTicker(nanos::get))
        .start()) {
      String url = sim.baseUrl() + "/tickets";
      List<Integer> burst = IntStream.range(0, 4).mapToObj(i -> Http.get(url).statusCode()).toList();
      HttpResponse<String> limited = Http.get(url);
      nanos.addAndGet(Duration.ofSeconds(5).toNanos()); // one of 3 tokens per 15 s
      HttpResponse<String> refilled = Http.get(url);

      assertThat(burst).containsExactly(200, 200, 200, 429);
      assertThat(limited.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(limited.headers().firstValue("X-RateLimit-Total")).hasValue("3");
      assertThat(Http.json(limited).get("message").asText())
          .isEqualTo("You have exceeded the limit of requests per 15 seconds");
      assertThat(refilled.statusCode()).isEqualTo(200);
      assertThat(refilled.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    }
  }

  @Test
  void everyResponseWaitsTheLatencyAndConcurrentRequestsWaitSideBySide() {
    Duration latency = Duration.ofMillis(300);
    int concurrent = 16;
    try (Simulator sim = tickets(Fixtures.tickets(1)).latency(latency).start()) {
      long single = timeMillis(() -> Http.get(sim.baseUrl() + "/tickets"));
      long together = timeMillis(() -> {
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, concurrent)
            .mapToObj(i -> Http.CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/tickets"))
                .build(), HttpResponse.BodyHandlers.ofString()))
            .toList();
        assertThat(calls).allSatisfy(call -> assertThat(call.join().statusCode()).isEqualTo(200));
      });
      sim.latency(Duration.ZERO);
      long without = timeMillis(() -> Http.get(sim.baseUrl() + "/tickets"));

      assertThat(single).isGreaterThanOrEqualTo(latency.toMillis());
      assertThat(together).isGreaterThanOrEqualTo(latency.toMillis())
          .isLessThan(concurrent * latency.toMillis() / 4);
      assertThat(without).isLessThan(latency.toMillis());
    }
  }

  private static long timeMillis(Runnable action) {
    long start = System.nanoTime();
    action.run();
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }
}
