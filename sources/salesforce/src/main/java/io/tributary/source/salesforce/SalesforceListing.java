package io.tributary.source.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ExternalException;
import io.tributary.api.UserException;
import io.tributary.http.Cursors;
import io.tributary.http.JsonResponse;
import io.tributary.http.Paging;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The tie-safe, resumable incremental read of one object over {@code queryAll}.
 *
 * <p>A listing reads {@code cursor >= since} ordered by (cursor, Id). Pages follow {@code
 * nextRecordsUrl}, but the offset never stores a query locator (they expire after minutes of
 * idleness and a day at most): it stores the last (cursor, Id) delivered, and the next call resumes
 * with {@code (cursor = ts AND Id > id) OR cursor > ts}, which loses no tie and repeats nothing.
 *
 * <p>A {@code QUERY_TIMEOUT} halves the window: the query gets an upper bound halfway between its
 * lower bound and its current upper bound (the listing's start when it has none). Once a window
 * is read, the next one starts where it ended with twice the width, until it reaches the
 * listing's start.
 *
 * <p>The watermark moves only when the whole listing is read, and only over closed seconds: to the
 * highest cursor seen at or before {@link Cursors#closedBound} of the listing's start; it never
 * moves backwards. SystemModstamp has whole seconds, so a record can still be stamped with the
 * second the listing started in after the listing has read past that second; a watermark on that
 * second would let the next listing re-read the record without moving, return its start offset,
 * and leave the change waiting for an unrelated one. Left just before it, the next listing moves
 * onto that second and delivers the record.
 */
final class SalesforceListing {
  static final String SINCE = "since";
  static final String UNTIL = "until";
  static final String AFTER_TS = "after_ts";
  static final String AFTER_ID = "after_id";
  static final String STARTED_AT = "started_at";
  /** The highest cursor seen at or before the closed bound of the listing's start. */
  static final String MAX_SEEN = "max_seen";
  static final String PROBE = "probe";
  static final String WINDOW = "window_seconds";
  static final Instant EPOCH = Instant.parse("1970-01-01T00:00:00Z");
  /** Bounds a re-read of the lookback window, in case something pages forever. */
  private static final int MAX_PROBE_PAGES = 10_000;

  private final SalesforceClient client;
  private final Clock clock;

  /**
   * What one listing reads.
   *
   * @param extra an additional condition, such as {@code IsDeleted = true}
   * @param keep which records the call returns (all are still used for the position)
   */
  record Spec(String table, String object, String cursor, List<String> select, Optional<String> extra,
      int batchSize, int maxPages, Duration lookback, Optional<Instant> startDate, Predicate<ObjectNode> keep) {}

  /**
   * @param state the listing state to store, empty when the listing completed
   * @param watermark the watermark after this call
   */
  record Result(List<ObjectNode> records, Map<String, String> state, Optional<Instant> watermark) {}

  SalesforceListing(SalesforceClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** The first {@code since} of a listing from {@code watermark}. */
  static Instant firstSince(Optional<Instant> watermark, Duration lookback, Optional<Instant> startDate) {
    Instant since = watermark.map(w -> w.minus(lookback)).orElse(startDate.orElse(EPOCH));
    return startDate.isPresent() && since.isBefore(startDate.get()) ? startDate.get() : since;
  }

  Result read(Spec spec, Optional<Instant> watermark, Map<String, String> start) {
    Map<String, String> s = new HashMap<>(start);
    if (s.isEmpty()) {
      s.put(SINCE, firstSince(watermark, spec.lookback(), spec.startDate()).toString());
      s.put(STARTED_AT, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
      if (watermark.isPresent()) {
        s.put(PROBE, "true");
      }
    }
    Instant closed = Cursors.closedBound(instant(s, STARTED_AT));
    List<ObjectNode> records = new ArrayList<>();
    int pages = 0;
    while (true) {
      String soql = SalesforceSoql.incremental(spec.object(), spec.select(), spec.cursor(),
          instant(s, SINCE), optionalInstant(s, UNTIL), optionalInstant(s, AFTER_TS),
          Optional.ofNullable(s.get(AFTER_ID)), spec.extra());
      JsonResponse page;
      try {
        page = client.queryAll(soql, spec.batchSize());
      } catch (SalesforceClient.QueryTimeout timeout) {
        narrow(spec, s, timeout);
        continue;
      }
      while (true) {
        pages++;
        for (ObjectNode node : records(page)) {
          ObjectNode record = clean(node);
          Instant ts = Cursors.parse(record.get(spec.cursor())).orElseThrow(() -> new ExternalException(
              "Cannot read table '" + spec.table() + "': a record has no " + spec.cursor(), 0, null, false));
          s.put(AFTER_TS, ts.toString());
          s.put(AFTER_ID, record.path("Id").asText());
          if (!ts.isAfter(closed) && (!s.containsKey(MAX_SEEN) || ts.isAfter(Instant.parse(s.get(MAX_SEEN))))) {
            s.put(MAX_SEEN, ts.toString());
          }
          if (spec.keep().test(record)) {
            records.add(record);
          }
        }
        Optional<String> next = nextRecordsUrl(page);
        if (next.isEmpty()) {
          break;
        }
        if (mustStop(spec, s, watermark, pages)) {
          return new Result(records, Map.copyOf(s), watermark);
        }
        page = client.next(next.get());
      }
      if (s.containsKey(UNTIL)) {
        // One narrowed window is read; the next starts where it ended and tries twice the width,
        // so a narrow patch of dense data does not leave every later window narrow.
        Instant end = Instant.parse(s.remove(UNTIL));
        long width = Long.parseLong(s.getOrDefault(WINDOW, "1")) * 2;
        s.put(SINCE, end.toString());
        s.remove(AFTER_TS);
        s.remove(AFTER_ID);
        Instant next = end.plusSeconds(width);
        if (next.isBefore(instant(s, STARTED_AT))) {
          s.put(UNTIL, next.toString());
          s.put(WINDOW, String.valueOf(width));
        } else {
          s.remove(WINDOW);
        }
        if (mustStop(spec, s, watermark, pages)) {
          return new Result(records, Map.copyOf(s), watermark);
        }
        continue;
      }
      return new Result(records, Map.of(), completedWatermark(s, watermark));
    }
  }

  /**
   * A listing from a caught-up offset keeps going while it only re-reads the lookback window, so
   * that it can tell nothing is new; otherwise a call stops at max_pages_per_batch. Records of the
   * still-open second are not new in this sense: they cannot move the watermark yet.
   */
  private static boolean mustStop(Spec spec, Map<String, String> s, Optional<Instant> watermark, int pages) {
    boolean probing = s.containsKey(PROBE) && watermark.isPresent()
        && (!s.containsKey(MAX_SEEN) || !Instant.parse(s.get(MAX_SEEN)).isAfter(watermark.get()));
    return probing ? pages >= MAX_PROBE_PAGES : pages >= spec.maxPages();
  }

  private static Optional<Instant> completedWatermark(Map<String, String> s, Optional<Instant> watermark) {
    if (!s.containsKey(MAX_SEEN)) {
      return watermark;
    }
    Instant seen = Instant.parse(s.get(MAX_SEEN));
    // Offsets written before the closed-second rule may hold a max_seen past the bound.
    Instant closed = Cursors.closedBound(Instant.parse(s.get(STARTED_AT)));
    Instant next = seen.isBefore(closed) ? seen : closed;
    return watermark.isPresent() && next.isBefore(watermark.get()) ? watermark : Optional.of(next);
  }

  private void narrow(Spec spec, Map<String, String> s, SalesforceClient.QueryTimeout timeout) {
    Instant since = instant(s, SINCE);
    Instant upper = optionalInstant(s, UNTIL).orElse(instant(s, STARTED_AT).plusSeconds(1));
    long half = Duration.between(since, upper).getSeconds() / 2;
    if (half < 1) {
      throw new ExternalException("Cannot read table '" + spec.table() + "': Salesforce answers "
          + "QUERY_TIMEOUT even for a one-second window from " + since + "; the object needs a "
          + "selective index on " + spec.cursor() + " (ask Salesforce support) or fewer columns "
          + "(pii=drop, formula_fields=exclude)", 400, timeout.getMessage(), true);
    }
    s.put(UNTIL, since.plusSeconds(half).toString());
    s.put(WINDOW, String.valueOf(half));
  }

  /** Drops the {@code attributes} envelope every REST record carries. */
  /**
   * The records of a query page. A 200 without a {@code records} array is an error, not an empty
   * last page: taken as one, the read would end with nothing and no word of it.
   */
  static List<ObjectNode> records(JsonResponse page) {
    return Paging.records(page, "/records");
  }

  /**
   * The next page of a query, empty once {@code done}. A page that does not say whether it is
   * done is refused for the same reason as one without records.
   */
  static Optional<String> nextRecordsUrl(JsonResponse page) {
    JsonNode done = page.body().get("done");
    if (done == null || !done.isBoolean()) {
      throw new ExternalException("Cannot read the query result at " + page.path() + ": it does not say whether "
          + "it is done (no boolean 'done'), so the listing cannot tell its last page", page.status(), null, false);
    }
    if (done.asBoolean()) {
      return Optional.empty();
    }
    JsonNode next = page.body().get("nextRecordsUrl");
    if (next == null || !next.isTextual() || next.asText().isBlank()) {
      throw new ExternalException("Cannot read the query result at " + page.path() + ": it is not done but has "
          + "no nextRecordsUrl", page.status(), null, false);
    }
    return Optional.of(next.asText());
  }

  static ObjectNode clean(ObjectNode record) {
    record.remove("attributes");
    return record;
  }

  private static Instant instant(Map<String, String> s, String key) {
    return optionalInstant(s, key).orElseThrow(() -> new UserException(
        "Cannot resume from offset state " + s + ": it lacks '" + key + "'"));
  }

  private static Optional<Instant> optionalInstant(Map<String, String> s, String key) {
    String v = s.get(key);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(v));
    } catch (java.time.format.DateTimeParseException e) {
      throw new UserException("Cannot resume from offset state: '" + key + "' is not an ISO-8601 instant: " + v);
    }
  }
}
