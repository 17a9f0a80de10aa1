package io.tributary.http;

import static io.tributary.http.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole-call bound: attempts, timeouts included, and the waits between them; the WARN line a
 * slow call leaves while it waits; and 200 responses whose body is not JSON.
 */
class CallBoundTest {
  private static final String EMAIL = "aoife.brennan@example.com";
  private static final String NAME = "Aoife Brennan";
  private final ScriptedServer server = new ScriptedServer();
  private final Logger logger = Logger.getLogger("io.tributary.http");
  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @AfterEach
  void close() {
    logger.removeHandler(capture);
    server.close();
  }

  private HttpSettings.Builder settings() {
    return HttpSettings.builder("demo", server.baseUrl())
        .requestsPerMinute(100_000)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(40));
  }

  private static MockResponse hung() {
    return new MockResponse.Builder().body("{}").headersDelay(5, TimeUnit.SECONDS).build();
  }

  @Test
  void boundsTheWholeCallTimeoutsIncluded() {
    for (int i = 0; i < 10; i++) {
      server.then(hung());
    }
    RestClient client = RestClient.create(settings()
        .timeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(10))
        .retries(10, Duration.ofSeconds(1)).build());
    long started = System.nanoTime();

    Throwable failure = catchThrowable(() -> client.get("/api/v2/tickets", Map.of()));

    // Ten read timeouts of 300 ms would take 3 s; the bound stops the call after about 1 s.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_600));
    assertThat(failure).isInstanceOf(ExternalException.class)
        .hasMessageStartingWith("Cannot GET /api/v2/tickets from demo: gave up after ")
        .hasMessageContaining(" one request may take in all (attempts and waits); last timeout after ");
    assertThat(server.requestCount()).isBetween(2, 4);
  }

  @Test
  void givesNoAttemptLongerThanWhatIsLeftOfTheBound() {
    server.then(hung());
    RestClient client = RestClient.create(settings()
        .timeouts(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60))
        .retries(6, Duration.ofMillis(800)).build());
    long started = System.nanoTime();

    assertThatThrownBy(() -> client.get("/api/v2/tickets", Map.of())).isInstanceOf(ExternalException.class)
        .hasMessageMatching("Cannot GET /api/v2/tickets from demo: gave up after 1 attempt in \\d+ ms, the most one "
            + "request may take in all \\(attempts and waits\\); last timeout after \\d+ ms \\(\\w+\\)");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));
  }

  @Test
  void warnsWhileASlowCallKeepsWaitingNamingPathTableAndDeadline() {
    logger.addHandler(capture);
    server.then(hung()).then(hung()).then(json("{\"tickets\":[{\"id\":1}]}"));
    RestClient client = RestClient.create(settings()
        .timeouts(Duration.ofSeconds(1), Duration.ofMillis(400), Duration.ofSeconds(10))
        .retries(4, Duration.ofSeconds(3)).build());

    new SnapshotListing("tickets", 1).read(Offset.START,
        next -> new Page(Paging.records(client.get("/api/v2/tickets", Map.of("page", "1")), "/tickets"), Optional.empty()));

    List<String> warnings = logged.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).matches("Still waiting for GET 127\\.0\\.0\\.1/api/v2/tickets \\(table 'tickets', demo\\): "
        + "attempt 1 of 4 got timeout after 4\\d\\d ms \\(SocketTimeoutException\\); retrying in \\d+ ms, "
        + "giving up by \\d\\d:\\d\\d:\\d\\d at the latest");
    assertThat(warnings.get(1)).contains("attempt 2 of 4 got timeout after");
  }

  @Test
  void logsQuickRetriesBelowWarn() {
    logger.addHandler(capture);
    server.then(503, "").then(json("{}"));
    RestClient client = RestClient.create(settings().retries(4, Duration.ofSeconds(30)).build());

    client.get("/api/v2/tickets", Map.of());

    assertThat(logged).filteredOn(r -> r.getLevel() == Level.WARNING).isEmpty();
    assertThat(logged).filteredOn(r -> r.getLevel() == Level.INFO).extracting(LogRecord::getMessage)
        .singleElement().asString().startsWith("demo: GET 127.0.0.1/api/v2/tickets got response 503; retrying in ");
  }

  @Test
  void reportsWhatCameBackWhenA200IsNeverJsonNamingTheTable() {
    for (int i = 0; i < 3; i++) {
      server.then(200, Fixtures.text("maintenance.html"), "Content-Type", "text/html; charset=utf-8");
    }
    RestClient client = RestClient.create(settings().retries(3, Duration.ofSeconds(5)).build());

    Throwable failure = catchThrowable(() -> new SnapshotListing("tickets", 1).read(Offset.START,
        next -> new Page(Paging.records(client.get("/api/v2/tickets", Map.of()), "/tickets"), Optional.empty())));

    assertThat(failure).isInstanceOf(ExternalException.class)
        .hasMessage("Cannot GET /api/v2/tickets for table 'tickets' from demo: gave up after 3 attempts; "
            + "last response 200 (text/html) that is not JSON: HTML page titled 'Maintenance'");
    assertThat(client.metrics().retries()).isEqualTo(2);
    assertThat(client.metrics().requests()).isEqualTo(3);
  }

  @Test
  void describesATruncated200ByItsShapeWithoutItsValues() {
    String truncated = Fixtures.text("truncated-page.json");
    for (int i = 0; i < 2; i++) {
      server.then(200, truncated, "Content-Type", "application/json");
    }
    RestClient client = RestClient.create(settings().retries(2, Duration.ofSeconds(5)).build());

    Throwable failure = catchThrowable(() -> client.get("/api/v2/tickets", Map.of()));

    String size = ErrorBodies.number(truncated.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    assertThat(failure).hasMessage("Cannot GET /api/v2/tickets from demo: gave up after 2 attempts; last response "
        + "200 (application/json) that is not JSON: a body of " + size + " bytes that is not JSON (truncated at byte "
        + size + "; top-level with keys tickets)");
    assertThat(failure.getMessage()).doesNotContain(EMAIL).doesNotContain(NAME);
    assertThat(((ExternalException) failure).providerMessage().orElse("")).doesNotContain(EMAIL).doesNotContain(NAME);
  }

  @Test
  void retriesAnEmpty200WithinTheSameBound() {
    server.then(200, "").then(json("{\"ok\":true}"));
    RestClient client = RestClient.create(settings().retries(3, Duration.ofSeconds(5)).build());

    assertThat(client.get("/api/v2/tickets", Map.of()).body().path("ok").asBoolean()).isTrue();
    assertThat(client.metrics().retries()).isEqualTo(1);
  }

  @Test
  void namesTheTableOfASourceThatPagesByItself() {
    for (int i = 0; i < 4; i++) {
      server.then(503, "");
    }
    RestClient client = RestClient.create(settings().retries(2, Duration.ofSeconds(5)).build());

    Throwable failure = catchThrowable(() -> TableContext.reading("ticket_events",
        () -> client.get("/api/v2/incremental/ticket_events.json", Map.of())));
    Throwable outside = catchThrowable(() -> client.get("/api/v2/incremental/ticket_events.json", Map.of()));

    assertThat(failure).hasMessageStartingWith(
        "Cannot GET /api/v2/incremental/ticket_events.json for table 'ticket_events' from demo: gave up after 2 attempts");
    assertThat(outside).hasMessageStartingWith("Cannot GET /api/v2/incremental/ticket_events.json from demo: ");
  }

  @Test
  void keepsRecordValuesOutOfAnErrorStatusMessage() {
    server.then(400, Fixtures.text("record-shaped.json"), "Content-Type", "application/json");
    RestClient client = RestClient.create(settings().build());

    assertThatThrownBy(() -> client.get("/api/v2/contacts", Map.of()))
        .hasMessage("Cannot GET /api/v2/contacts from demo: the provider refused the request (400: JSON object "
            + "with keys id, name, email, description, phone (no error message field))");
  }
}
