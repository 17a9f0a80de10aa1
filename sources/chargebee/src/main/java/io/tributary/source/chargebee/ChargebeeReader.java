package io.tributary.source.chargebee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.http.IncrementalListing;
import io.tributary.http.JsonResponse;
import io.tributary.http.Page;
import io.tributary.http.PageFetcher;
import io.tributary.http.Paging;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Incremental reads of Chargebee list endpoints.
 *
 * <p>Chargebee pages with an opaque {@code next_offset} over a sort order that changes while it is
 * paged: a record updated mid-listing moves. Each listing therefore reads one bounded window,
 * {@code cursor[between]=[watermark - lookback, end]}, sorted ascending on the cursor, where
 * {@code end} is the last whole second that had ended when the listing started ({@link
 * io.tributary.http.Cursors#closedBound}). Chargebee stamps whole seconds, so a record can still be stamped with the
 * second a listing starts in after the listing has read past it; a window that took that second in
 * would let the watermark stand on it, the next window would re-read the record without moving
 * the watermark and return its start offset, and on a quiet site the change would wait for some
 * unrelated one. Whatever changes during the listing gets a cursor past the window's end and is
 * read by the next window, which starts at or before that end; the watermark never passes it.
 *
 * <p>Records untouched since before Chargebee added {@code updated_at} lack it, and a filter on it
 * never matches them, so the very first listing of an {@code updated_at} table (no watermark, no
 * {@code start_date}) sends no cursor filter at all and reads every record.
 */
final class ChargebeeReader {
  private final ChargebeeClient client;
  private final Clock clock;

  ChargebeeReader(ChargebeeClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * One batch of a listing of {@code table}'s endpoint, as raw records (unwrapped, not reshaped).
   *
   * @param includeDeleted send {@code include_deleted=true}
   * @param extraQuery filters added to every page request, such as an event type
   */
  ReadResult listing(
      ChargebeeTable table, Offset start, OptionValues options, boolean includeDeleted,
      Map<String, String> extraQuery, UnaryOperator<ObjectNode> reshape) {
    String cursor = table.cursor().orElseThrow();
    Optional<Instant> startDate = options.instant(CommonOptions.START_DATE);
    IncrementalListing listing = IncrementalListing.builder(table.name(), cursor)
        .tableOptions(options)
        .clock(clock)
        .build();
    // The window's upper bound is the last second that had ended when the listing started, the
    // only seconds its watermark may cover: records of the second it started in are left to the
    // next window, which starts at or before them. The first unfiltered backfill has no window;
    // the listing alone keeps its watermark off that second.
    boolean unfiltered = cursor.equals("updated_at") && start.watermark() == null
        && startDate.isEmpty() && extraQuery.isEmpty();
    // The listing follows next_offset, not the sort; sort_by only where the endpoint documents it.
    boolean sorted = ChargebeeTables.sortsOn(table, cursor);
    return listing.read(start, PageFetcher.windowed((since, until, next) -> page(table, options,
        unfiltered ? Map.of() : between(cursor, since, until, sorted), includeDeleted, extraQuery,
        reshape, next)));
  }

  /**
   * A list of {@code table}'s live records filtered on {@code created_at[between]}, for the
   * windows of a partitioned backfill ({@link ChargebeePartitions}). {@code created_at} never
   * changes, so a record updated while the list is paged keeps its place in it.
   *
   * @param sorted send {@code sort_by[asc]=created_at}; otherwise the list is in Chargebee's
   *     default order, which its docs ("List operations") give as created_at ascending
   */
  /** Requests one read of the connection may have in flight at once. */
  int maxConcurrentRequests() {
    return client.maxConcurrentRequests();
  }

  PageFetcher createdBetween(ChargebeeTable table, OptionValues options, boolean sorted,
      UnaryOperator<ObjectNode> reshape) {
    PageFetcher list = PageFetcher.windowed((since, until, next) -> page(table, options,
        between(ChargebeePartitions.CREATED_AT, since, until, sorted), false, Map.of(), reshape, next));
    return sorted ? PageFetcher.sortedByCursor(list) : list;
  }

  private static Map<String, String> between(String field, Instant since, Instant until, boolean sorted) {
    Map<String, String> filter = new LinkedHashMap<>();
    filter.put(field + "[between]", "[" + since.getEpochSecond() + "," + until.getEpochSecond() + "]");
    if (sorted) {
      filter.put("sort_by[asc]", field);
    }
    return filter;
  }

  /** One page of {@code table}'s endpoint under {@code filter}, its records unwrapped and reshaped. */
  private Page page(ChargebeeTable table, OptionValues options, Map<String, String> filter,
      boolean includeDeleted, Map<String, String> extraQuery, UnaryOperator<ObjectNode> reshape,
      Optional<String> next) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("limit", String.valueOf(ChargebeeOptions.limit(options)));
    query.putAll(filter);
    if (includeDeleted) {
      query.put("include_deleted", "true");
    }
    query.putAll(extraQuery);
    next.ifPresent(offset -> query.put("offset", offset));
    JsonResponse response = client.get(table.name(), table.path(), query);
    List<ObjectNode> records = new ArrayList<>();
    for (ObjectNode element : Paging.records(response, "/list")) {
      records.add(reshape.apply(ChargebeeRecords.unwrap(element, table.entity(), table.path())));
    }
    return new Page(records, Paging.nextOffset(response.body()));
  }

  /**
   * Deletes announced only as events: {@code /events} filtered on the table's delete event types,
   * each turned into {@code {id, updated_at}} with the time of the event.
   */
  ReadResult deleteEvents(ChargebeeTable table, Offset start, OptionValues options) {
    ChargebeeTable events = ChargebeeTables.require("events");
    ChargebeeTable asEvents = new ChargebeeTable(table.name(), events.path(), events.entity(),
        events.metadata(), table.catalog(), table.deletes(), table.source());
    Map<String, String> query = Map.of("event_type[in]", jsonArray(table.deletes().eventTypes()));
    ReadResult result = listing(asEvents, start, options, false, query, UnaryOperator.identity());
    List<ObjectNode> deletes = new ArrayList<>();
    for (ObjectNode event : result.records()) {
      ObjectNode deleted = (ObjectNode) event.path("content").path(table.entity());
      if (deleted.isMissingNode() || !deleted.has("id")) {
        continue;
      }
      ObjectNode key = Json.object();
      key.set("id", deleted.get("id"));
      key.set("updated_at", event.get("occurred_at"));
      deletes.add(key);
    }
    return result.withRecords(deletes);
  }

  private static String jsonArray(List<String> values) {
    return "[" + String.join(",", values.stream().map(v -> "\"" + v + "\"").toList()) + "]";
  }
}
