package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A keyset listing resumes after the last (cursor, key) delivered, narrows on timeouts, and keeps to closed seconds. */
class KeysetListingTest {
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00.400Z");
  private static final Instant T0 = Instant.parse("2024-06-01T00:00:00Z");

  /** The provider gave up on a query. */
  static final class Timeout extends RuntimeException {
    Timeout() {
      super("QUERY_TIMEOUT");
    }
  }

  /**
   * Runs queries over its records as SOQL does, ordered by (cursor, Id), in pages of {@code
   * pageSize}; a window wider than {@code maxSeconds} (up to now when it is open) times out.
   */
  private static final class Provider implements KeysetListing.Query {
    final List<ObjectNode> records = new ArrayList<>();
    final List<KeysetListing.Range> ranges = new ArrayList<>();
    final List<String> answers = new ArrayList<>();
    private final List<List<ObjectNode>> results = new ArrayList<>();
    private final int pageSize;
    private final long maxSeconds;
    private Instant now = NOW;

    Provider(int pageSize, long maxSeconds) {
      this.pageSize = pageSize;
      this.maxSeconds = maxSeconds;
    }

    Provider put(String id, String cursor) {
      records.add(Json.object().put("Id", id).put("SystemModstamp", cursor));
      return this;
    }

    Provider at(Instant value) {
      now = value;
      return this;
    }

    @Override
    public Page first(KeysetListing.Range range) {
      ranges.add(range);
      Instant upper = range.until().orElse(now);
      if (Duration.between(range.since(), upper).getSeconds() > maxSeconds) {
        answers.add(window(range) + " timeout");
        throw new Timeout();
      }
      answers.add(window(range));
      results.add(records.stream().filter(r -> matches(range, r))
          .sorted(Comparator.comparing(KeysetListingTest::cursor).thenComparing(r -> r.path("Id").asText()))
          .toList());
      return page(results.size() - 1, 0);
    }

    @Override
    public Page next(String link) {
      String[] parts = link.split(":");
      return page(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    private Page page(int query, int from) {
      List<ObjectNode> all = results.get(query);
      int to = Math.min(all.size(), from + pageSize);
      List<ObjectNode> copies = all.subList(from, to).stream().map(ObjectNode::deepCopy).toList();
      return new Page(copies, to < all.size() ? Optional.of(query + ":" + to) : Optional.empty());
    }

    private static boolean matches(KeysetListing.Range range, ObjectNode record) {
      Instant c = cursor(record);
      String id = record.path("Id").asText();
      return !c.isBefore(range.since())
          && range.until().map(c::isBefore).orElse(true)
          && range.after().map(a -> c.isAfter(a.cursor()) || (c.equals(a.cursor()) && id.compareTo(a.key()) > 0))
              .orElse(true);
    }

    private static String window(KeysetListing.Range range) {
      return seconds(range.since()) + ".." + range.until().map(u -> String.valueOf(seconds(u))).orElse("");
    }

    private static long seconds(Instant instant) {
      return Duration.between(T0, instant).getSeconds();
    }
  }

  private static Instant cursor(ObjectNode record) {
    return Instant.parse(record.path("SystemModstamp").asText());
  }

  /** A listing with no lookback unless {@code options} (name, value, ...) say otherwise. */
  private static KeysetListing.Builder listing(String... options) {
    Map<String, String> raw = new HashMap<>(Map.of("lookback_seconds", "0"));
    for (int i = 0; i < options.length; i += 2) {
      raw.put(options[i], options[i + 1]);
    }
    return KeysetListing.builder("Account", "SystemModstamp", "Id")
        .tableOptions(CommonOptions.tableOptions(1000, 1000).validate(raw)).clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .narrowOn(Timeout.class, (since, timeout) -> new ExternalException(
            "Cannot read table 'Account': too slow even for a one-second window from " + since, 400,
            timeout.getMessage(), true));
  }

  private static List<String> ids(List<ReadResult> calls) {
    List<String> ids = new ArrayList<>();
    calls.forEach(c -> c.records().forEach(r -> ids.add(r.path("Id").asText())));
    return ids;
  }

  @Test
  void resumesBetweenTwoRecordsTiedOnTheCursorInAnotherProcessWithNothingLostOrRepeated() {
    Provider provider = new Provider(2, Long.MAX_VALUE)
        .put("a1", "2024-06-01T10:00:00Z").put("a2", "2024-06-01T10:00:01Z").put("a3", "2024-06-01T10:00:01Z")
        .put("a4", "2024-06-01T10:00:01Z").put("a5", "2024-06-01T10:00:02Z");
    List<ReadResult> calls = new ArrayList<>();
    Offset offset = Offset.START;

    for (int i = 0; i < 3; i++) {
      // A new listing from the stored JSON each time, as another process would read it.
      ReadResult r = listing("max_pages_per_batch", "1").build().read(offset, provider);
      calls.add(r);
      offset = Offset.fromJson(r.endOffset().toJson());
    }

    assertThat(ids(calls)).containsExactly("a1", "a2", "a3", "a4", "a5");
    assertThat(calls.get(0).endOffset().state())
        .containsEntry("after_ts", "2024-06-01T10:00:01Z").containsEntry("after_id", "a2");
    assertThat(provider.ranges.get(1).after())
        .hasValue(new KeysetListing.After(Instant.parse("2024-06-01T10:00:01Z"), "a2"));
    assertThat(offset).isEqualTo(Offset.at(Instant.parse("2024-06-01T10:00:02Z")));
  }

  @Test
  void aCaughtUpOffsetReReadsItsLookbackPastThePageLimitAndReturnsItself() {
    Provider provider = new Provider(1, Long.MAX_VALUE)
        .put("a1", "2024-06-01T11:59:00Z").put("a2", "2024-06-01T11:59:30Z").put("a3", "2024-06-01T11:59:59Z");
    Offset caughtUp = Offset.at(Instant.parse("2024-06-01T11:59:59Z"));

    ReadResult r = listing("lookback_seconds", "60", "max_pages_per_batch", "1").build().read(caughtUp, provider);

    assertThat(r.caughtUp(caughtUp)).isTrue();
    assertThat(r.records()).hasSize(3);
  }

  @Test
  void aTimeoutHalvesTheWindowAndTheWindowAfterItDoublesUntilItReachesTheListingStart() {
    Instant now = T0.plusMillis(100_400);
    Provider provider = new Provider(10, 30).at(now)
        .put("a1", "2024-06-01T00:00:10Z").put("a2", "2024-06-01T00:01:30Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    ReadResult r = listing("start_date", T0.toString()).clock(clock).build().read(Offset.START, provider);

    // Seconds from T0; the listing started at 100, so an open window first narrows to 0..50.
    assertThat(provider.answers).containsExactly("0.. timeout", "0..50 timeout", "0..25",
        "25..75 timeout", "25..50", "50.. timeout", "50..75", "75..");
    assertThat(ids(List.of(r))).containsExactly("a1", "a2");
    assertThat(r.endOffset()).isEqualTo(Offset.at(T0.plusSeconds(90)));
  }

  @Test
  void aTimeoutOfAOneSecondWindowFailsWithTheSourcesMessage() {
    Provider provider = new Provider(10, -1);

    assertThatThrownBy(() -> listing().build().read(Offset.START, provider))
        .isInstanceOf(ExternalException.class)
        .hasMessageStartingWith("Cannot read table 'Account': too slow even for a one-second window from ");
  }

  @Test
  void theWatermarkStopsAtTheLastClosedSecondThoughLaterRecordsAreDelivered() {
    // 12:00:00 is the second the listing starts in; 12:00:05 is ahead of our clock.
    Provider provider = new Provider(10, Long.MAX_VALUE).put("a1", "2024-06-01T11:59:59Z")
        .put("a2", "2024-06-01T12:00:00Z").put("a3", "2024-06-01T12:00:05Z");

    ReadResult r = listing().build().read(Offset.START, provider);

    assertThat(ids(List.of(r))).containsExactly("a1", "a2", "a3");
    assertThat(r.endOffset()).isEqualTo(Offset.at(Instant.parse("2024-06-01T11:59:59Z")));
  }

  @Test
  void anOffsetWrittenBeforeTheClosedSecondRuleCompletesAtTheClosedSecond() {
    Offset stored = new Offset(null, Map.of("since", "2024-06-01T11:00:00Z",
        "started_at", "2024-06-01T12:00:00Z", "max_seen", "2024-06-01T12:00:00Z"));

    ReadResult r = listing().build().read(stored, new Provider(10, Long.MAX_VALUE));

    assertThat(r.endOffset()).isEqualTo(Offset.at(Instant.parse("2024-06-01T11:59:59Z")));
  }

  @Test
  void resumesAnOffsetSalesforceStoredWithItsKeysAndWritesTheSameKeysBack() {
    Offset stored = Offset.fromJson("{\"version\":1,\"watermark\":\"2024-06-01T08:00:00Z\",\"state\":{"
        + "\"since\":\"2024-06-01T09:00:00Z\",\"until\":\"2024-06-01T10:30:00Z\",\"window_seconds\":\"1800\","
        + "\"after_ts\":\"2024-06-01T10:00:01Z\",\"after_id\":\"a2\",\"started_at\":\"2024-06-01T12:00:00Z\","
        + "\"max_seen\":\"2024-06-01T10:00:01Z\"}}");
    Provider provider = new Provider(10, Long.MAX_VALUE);

    ReadResult r = listing("max_pages_per_batch", "1").build().read(stored, provider);

    assertThat(provider.ranges).containsExactly(new KeysetListing.Range(Instant.parse("2024-06-01T09:00:00Z"),
        Optional.of(Instant.parse("2024-06-01T10:30:00Z")),
        Optional.of(new KeysetListing.After(Instant.parse("2024-06-01T10:00:01Z"), "a2"))));
    assertThat(r.endOffset()).as("the next window starts where this one ended, twice as wide")
        .isEqualTo(new Offset(Instant.parse("2024-06-01T08:00:00Z"), Map.of("since", "2024-06-01T10:30:00Z",
            "until", "2024-06-01T11:30:00Z", "window_seconds", "3600", "started_at", "2024-06-01T12:00:00Z",
            "max_seen", "2024-06-01T10:00:01Z")));
  }
}
