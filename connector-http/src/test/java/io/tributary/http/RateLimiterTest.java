package io.tributary.http;

import static io.tributary.http.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  /** Time that only moves when someone sleeps, so waits are exact. */
  static final class FakeTime implements LimiterCore.Time {
    long now = 1_000_000_000L;

    @Override
    public synchronized long nanos() {
      return now;
    }

    @Override
    public synchronized void sleep(long nanos) {
      if (nanos > 0) {
        now += nanos;
      }
    }

    void advance(Duration d) {
      sleep(d.toNanos());
    }
  }

  private static long millis(Duration d) {
    return d.toMillis();
  }

  @Test
  void rateLimiterKeepsRunUnderBudget() throws Exception {
    try (ScriptedServer server = new ScriptedServer()) {
      server.answer(request -> json("{}"));
      RateLimiter limiter = new RateLimiter(new LimiterCore(20, Duration.ofSeconds(1), LimiterCore.SYSTEM));
      RestClient client = RestClient.create(HttpSettings.builder("demo", server.baseUrl()).build(), limiter);
      ExecutorService tables = Executors.newFixedThreadPool(3);
      long start = System.nanoTime();
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 45; i++) {
        calls.add(tables.submit(() -> client.get("/api/v2/tickets", Map.of())));
      }
      for (Future<?> call : calls) {
        call.get();
      }
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      tables.shutdown();

      List<ScriptedServer.Arrival> arrivals = server.arrivals();
      assertThat(arrivals).hasSize(45);
      int busiestSecond = 0;
      for (ScriptedServer.Arrival from : arrivals) {
        long to = from.nanos() + 1_000_000_000L;
        int inWindow = (int) arrivals.stream().filter(a -> a.nanos() >= from.nanos() && a.nanos() < to).count();
        busiestSecond = Math.max(busiestSecond, inWindow);
      }
      // The server counts on its own clock; one request of slack covers scheduling jitter.
      assertThat(busiestSecond).isLessThanOrEqualTo(21);
      // 2 burst credits, then 18 per second: the 43 others need about 2.4 s, and not much more.
      assertThat(elapsedMillis).isBetween(2200L, 8000L);
      assertThat(client.metrics().throttledMillis()).isGreaterThan(2000);
    }
  }

  @Test
  void spendsABurstThenRefillsSoNoWindowExceedsTheBudget() {
    FakeTime time = new FakeTime();
    LimiterCore limiter = new LimiterCore(60, Duration.ofMinutes(1), time);

    // 60 per minute: a burst of 3, then one credit per 57th of a minute.
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire(1)).isZero();
    }
    assertThat(millis(limiter.acquire(1))).isEqualTo(60_000 / 57);
    assertThat(millis(limiter.acquire(1))).isEqualTo(60_000 / 57);
  }

  @Test
  void weightedAcquireTakesSeveralCredits() {
    FakeTime time = new FakeTime();
    LimiterCore limiter = new LimiterCore(200, Duration.ofSeconds(190), time); // burst 10, 1 credit per second

    assertThat(limiter.acquire(10)).isZero();
    assertThat(limiter.acquire(3)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void adaptsToRateLimitHeaders() {
    FakeTime time = new FakeTime();
    LimiterCore limiter = new LimiterCore(1000, Duration.ofMinutes(1), time);

    limiter.observe(Map.of("X-RateLimit-Total", List.of("100"), "X-RateLimit-Remaining", List.of("99")), 1);

    assertThat(limiter.requestsPerMinute()).isEqualTo(100);
  }

  @Test
  void acceptsXRateLimitLimitAsTheBudget() {
    LimiterCore limiter = new LimiterCore(1000, Duration.ofMinutes(1), new FakeTime());

    limiter.observe(Map.of("x-ratelimit-limit", List.of("200")), 1);

    assertThat(limiter.requestsPerMinute()).isEqualTo(200);
  }

  @Test
  void neverRaisesTheConfiguredBudget() {
    LimiterCore limiter = new LimiterCore(100, Duration.ofMinutes(1), new FakeTime());

    limiter.observe(Map.of("X-RateLimit-Total", List.of("5000")), 1);

    assertThat(limiter.requestsPerMinute()).isEqualTo(100);
  }

  @Test
  void waitsForTheResetWhenNothingRemains() {
    FakeTime time = new FakeTime();
    LimiterCore limiter = new LimiterCore(600, Duration.ofMinutes(1), time);

    limiter.acquire(1);
    limiter.observe(Map.of("X-RateLimit-Remaining", List.of("0"), "X-RateLimit-Reset", List.of("7")), 1);

    assertThat(limiter.acquire(1)).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void spendsNoMoreThanTheProviderSaysRemains() {
    FakeTime time = new FakeTime();
    LimiterCore limiter = new LimiterCore(600, Duration.ofMinutes(1), time); // burst 60, 9 per second

    limiter.acquire(1);
    limiter.observe(Map.of("X-RateLimit-Remaining", List.of("2")), 1);

    assertThat(limiter.acquire(1)).isZero();
    assertThat(limiter.acquire(1)).isZero();
    assertThat(limiter.acquire(1)).isPositive();
  }

  @Test
  void chargesARequestThatCostMoreThanOneCredit() {
    FakeTime time = new FakeTime();
    LimiterCore limiter = new LimiterCore(200, Duration.ofSeconds(190), time); // burst 10, 1 credit per second

    limiter.acquire(1);
    limiter.observe(Map.of("X-Ratelimit-Used-CurrentRequest", List.of("10")), 1);

    // The request really took 10 credits: the bucket is empty and the next one waits a second.
    assertThat(limiter.acquire(1)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void pausesEveryTableAfterA429() {
    FakeTime time = new FakeTime();
    LimiterCore limiter = new LimiterCore(600, Duration.ofMinutes(1), time);

    limiter.pauseFor(Duration.ofSeconds(30));

    assertThat(limiter.acquire(1)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void chargesLearnedCostOnLaterRequestsToTheSamePath() {
    try (ScriptedServer server = new ScriptedServer()) {
      server.answer(request -> ScriptedServer.response(200, "{}", "X-Ratelimit-Used-CurrentRequest", "3"));
      FakeTime time = new FakeTime();
      RateLimiter limiter = new RateLimiter(new LimiterCore(200, Duration.ofSeconds(190), time));
      RestClient client = RestClient.create(HttpSettings.builder("demo", server.baseUrl()).build(), limiter);

      client.get("/api/v2/tickets", Map.of()); // takes 1, charged 2 more: 7 left
      client.get("/api/v2/tickets", Map.of()); // takes 3: 4 left
      client.get("/api/v2/tickets", Map.of()); // takes 3: 1 left
      Duration waited = limiter.acquire(3);

      assertThat(waited).isEqualTo(Duration.ofSeconds(2));
    }
  }

  @Test
  void connectionsWithTheSameCredentialsShareOneLimiter() {
    HttpSettings a = HttpSettings.builder("demo", "https://acme.example.com").auth(Auth.basicApiKey("k1")).build();
    HttpSettings other = HttpSettings.builder("demo", "https://acme.example.com").auth(Auth.basicApiKey("k2")).build();

    assertThat(RestClient.create(a).rateLimiter()).isSameAs(RestClient.create(a).rateLimiter());
    assertThat(RestClient.create(a).rateLimiter()).isNotSameAs(RestClient.create(other).rateLimiter());
  }

  @Test
  void aBudgetOverFifteenSecondsAdmitsNoMoreThanItInAnyFifteenSecondsAndReportsItsMinuteRate() {
    FakeTime time = new FakeTime();
    LimiterCore core = new LimiterCore(100, Duration.ofSeconds(15), time);
    List<Long> admitted = new ArrayList<>();
    for (int i = 0; i < 450; i++) {
      core.acquire(1);
      admitted.add(time.nanos());
    }
    long window = Duration.ofSeconds(15).toNanos();
    for (int first = 0; first < admitted.size(); first++) {
      int last = first;
      while (last + 1 < admitted.size() && admitted.get(last + 1) - admitted.get(first) < window) {
        last++;
      }
      assertThat(last - first + 1).as("requests in the 15 s from request " + first).isLessThanOrEqualTo(100);
    }
    assertThat(Duration.ofNanos(admitted.get(449) - admitted.get(0)))
        .as("450 requests at 100 per 15 s take at least 3 windows").isGreaterThanOrEqualTo(Duration.ofSeconds(45));
    assertThat(new RateLimiter(core).requestsPerMinute()).isEqualTo(400);
  }

  @Test
  void settingsDeclareAWindowOtherThanAMinute() {
    HttpSettings settings = HttpSettings.builder("harvest", "https://api.harvestapp.com/v2")
        .requestsPer(100, Duration.ofSeconds(15)).build();
    assertThat(settings.requestsPerWindow()).isEqualTo(100);
    assertThat(settings.rateWindow()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.toString()).contains("100 per 15 s");
  }

  @Test
  void aShareOfTheConnectionAdmitsItsPartOfTheBudgetAndOfASmallerLearnedOne() {
    RateLimiter connection = RateLimiter.perMinute(600);
    RateLimiter share = RateLimiter.share(connection, 4);

    assertThat(share.requestsPerMinute()).isEqualTo(150);
    share.observe(Map.of("X-RateLimit-Total", List.of("200")), 1);
    assertThat(share.requestsPerMinute()).as("a quarter of the provider's 200").isEqualTo(50);
    assertThat(connection.requestsPerMinute()).as("the connection learns it too").isEqualTo(200);
  }

  @Test
  void fourSharesOnFourExecutorsTogetherStayUnderTheConnectionsBudget() throws Exception {
    // Each executor has its own limiter for the connection (240 a minute, a burst of 24): alone,
    // 8 requests each would go at once, 32 requests in no time. A quarter share each admits a
    // burst of 6, then one per 1.1 s: 8 requests take 2.2 s, so the four together keep to 240/min.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      long start = System.nanoTime();
      List<Future<?>> readers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        RateLimiter share = RateLimiter.share(RateLimiter.perMinute(240), 4);
        readers.add(pool.submit(() -> {
          for (int r = 0; r < 8; r++) {
            share.acquire();
          }
        }));
      }
      for (Future<?> reader : readers) {
        reader.get();
      }
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(2_000);
    } finally {
      pool.shutdownNow();
    }
  }
}
