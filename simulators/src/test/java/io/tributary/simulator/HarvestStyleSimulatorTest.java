package io.tributary.simulator;

import static io.tributary.simulator.Paging.PageField.FIRST_PAGE_URL;
import static io.tributary.simulator.Paging.PageField.LAST_PAGE_URL;
import static io.tributary.simulator.Paging.PageField.PAGE;
import static io.tributary.simulator.Paging.PageField.PER_PAGE;
import static io.tributary.simulator.Paging.PageField.PREVIOUS_PAGE;
import static io.tributary.simulator.Paging.PageField.PREVIOUS_PAGE_URL;
import static io.tributary.simulator.Paging.PageField.TOTAL_ENTRIES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A page-number API in the style of Harvest API v2, declared rather than hand-written: the body
 * envelope with per_page, total_pages, total_entries, next_page, previous_page, page and links;
 * a bearer token plus the Harvest-Account-Id header; 100 requests per 15 seconds; a latency.
 */
class HarvestStyleSimulatorTest {
  private static final String TOKEN = "harvest-token";
  private static final String ACCOUNT = "123456";
  private static final Map<String, String> CREDENTIALS =
      Map.of("Authorization", "Bearer " + TOKEN, "Harvest-Account-Id", ACCOUNT);

  // ---- the declaration: everything the simulator does is here
  private static Simulator harvest(int entries, Duration latency, LongSupplier nanoTime) {
    Dataset data = Dataset.seeded(3, SimClock.at(Fixtures.NOW));
    data.table("time_entries", TableLayout.standard())
        .seed(entries, (id, random) -> Json.object().put("hours", 1 + random.nextInt(8)).put("billable", true));
    return Simulator.builder(data)
        .errors((status, code, message) -> Json.object().put("error", code).put("error_description", message)
            .toString())
        .auth(AuthCheck.bearer(TOKEN).rejectingWith(401, "{\"error\":\"invalid_token\",\"error_description\":"
                + "\"The access token provided is expired, revoked, malformed or invalid for other reasons.\"}")
            .and(AuthCheck.header("Harvest-Account-Id", ACCOUNT).rejectingWith(403,
                "{\"error\":\"forbidden\",\"error_description\":\"Missing or unknown Harvest-Account-Id\"}")))
        .rateLimit(RateLimit.perWindow(100, Duration.ofSeconds(15)).withTicker(nanoTime))
        .latency(latency)
        .endpoint(Endpoint.list("/v2/time_entries", data.table("time_entries"))
            .envelope(Envelope.key("time_entries"))
            .paging(Paging.pageNumber("page", "per_page").perPage(100, 2000)
                .pageField(PER_PAGE, "per_page").totalPages("total_pages")
                .pageField(TOTAL_ENTRIES, "total_entries").nextPage("next_page")
                .pageField(PREVIOUS_PAGE, "previous_page").pageField(PAGE, "page")
                .pageField(FIRST_PAGE_URL, "links.first").nextUrl("links.next")
                .pageField(PREVIOUS_PAGE_URL, "links.previous").pageField(LAST_PAGE_URL, "links.last")))
        .start();
  }
  // ---- end of the declaration

  @Test
  void pagesByNextPageUntilNullWithHarvestsEnvelope() {
    try (Simulator sim = harvest(250, Duration.ZERO, System::nanoTime)) {
      List<Long> ids = new ArrayList<>();
      List<JsonNode> pages = new ArrayList<>();
      String url = sim.baseUrl() + "/v2/time_entries";
      while (url != null) {
        JsonNode page = Http.json(Http.get(url, CREDENTIALS));
        pages.add(page);
        ids.addAll(Fixtures.ids(page.get("time_entries")));
        url = page.get("next_page").isNull() ? null : sim.baseUrl() + "/v2/time_entries?page=" + page.get("next_page");
      }

      assertThat(ids).hasSize(250).doesNotHaveDuplicates();
      assertThat(pages).extracting(p -> p.get("page").asInt()).containsExactly(1, 2, 3);
      JsonNode first = pages.get(0);
      assertThat(first.get("per_page").asInt()).isEqualTo(100);
      assertThat(first.get("total_pages").asInt()).isEqualTo(3);
      assertThat(first.get("total_entries").asInt()).isEqualTo(250);
      assertThat(first.get("next_page").asInt()).isEqualTo(2);
      assertThat(first.get("previous_page").isNull()).isTrue();
      SimulatorPageBodyTest.assertPageUrl(first.at("/links/next").asText(), sim.baseUrl() + "/v2/time_entries", "page=2");
      SimulatorPageBodyTest.assertPageUrl(first.at("/links/last").asText(), sim.baseUrl() + "/v2/time_entries", "page=3");
      assertThat(pages.get(2).get("next_page").isNull()).isTrue();
      assertThat(pages.get(2).at("/links/next").isNull()).isTrue();
      SimulatorPageBodyTest.assertPageUrl(pages.get(2).at("/links/previous").asText(), sim.baseUrl() + "/v2/time_entries", "page=2");
    }
  }

  @Test
  void rejectsAMissingTokenWith401AndAMissingAccountWith403() {
    try (Simulator sim = harvest(5, Duration.ZERO, System::nanoTime)) {
      String url = sim.baseUrl() + "/v2/time_entries";
      HttpResponse<String> noToken = Http.get(url, Map.of("Harvest-Account-Id", ACCOUNT));
      HttpResponse<String> wrongToken = Http.get(url, Map.of("Authorization", "Bearer old", "Harvest-Account-Id", ACCOUNT));
      HttpResponse<String> noAccount = Http.get(url, Map.of("Authorization", "Bearer " + TOKEN));

      assertThat(noToken.statusCode()).isEqualTo(401);
      assertThat(Http.json(wrongToken).get("error").asText()).isEqualTo("invalid_token");
      assertThat(noAccount.statusCode()).isEqualTo(403);
      assertThat(Http.json(noAccount).get("error").asText()).isEqualTo("forbidden");
      assertThat(Http.get(url, CREDENTIALS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void allowsAHundredRequestsPerFifteenSecondsThenAnswers429WithRetryAfter() {
    AtomicLong nanos = new AtomicLong();
    try (Simulator sim = harvest(5, Duration.ZERO, nanos::get)) {
      String url = sim.baseUrl() + "/v2/time_entries";
      List<Integer> statuses = IntStream.range(0, 100).mapToObj(i -> Http.get(url, CREDENTIALS).statusCode()).toList();
      HttpResponse<String> limited = Http.get(url, CREDENTIALS);
      nanos.addAndGet(Duration.ofSeconds(15).toNanos());
      HttpResponse<String> afterTheWindow = Http.get(url, CREDENTIALS);

      assertThat(statuses).containsOnly(200);
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(Http.json(limited).get("error").asText()).isEqualTo("rate_limit_exceeded");
      assertThat(afterTheWindow.statusCode()).isEqualTo(200);
      assertThat(afterTheWindow.headers().firstValue("X-RateLimit-Remaining")).hasValue("99");
    }
  }

  @Test
  void answersAfterItsLatencyWithConcurrentRequestsInParallel() {
    ExecutorService clients = Executors.newFixedThreadPool(10);
    try (Simulator sim = harvest(5, Duration.ofMillis(300), System::nanoTime)) {
      long start = System.nanoTime();
      List<CompletableFuture<Integer>> calls = IntStream.range(0, 10)
          .mapToObj(i -> CompletableFuture.supplyAsync(
              () -> Http.get(sim.baseUrl() + "/v2/time_entries", CREDENTIALS).statusCode(), clients))
          .toList();
      List<Integer> statuses = calls.stream().map(CompletableFuture::join).toList();
      long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

      assertThat(statuses).containsOnly(200);
      assertThat(elapsedMillis).isGreaterThanOrEqualTo(300).isLessThan(10 * 300 / 3);
    } finally {
      clients.shutdownNow();
    }
  }
}
