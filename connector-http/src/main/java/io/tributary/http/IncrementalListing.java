package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The generic incremental read of a table whose listing filters on a cursor with {@code >=} and
 * returns records in ascending cursor order. It implements the offset rules of {@code
 * Connector#read}:
 *
 * <ul>
 *   <li>A listing starts from {@code watermark - lookback} (never before {@code start_date}); a
 *       first read starts from {@code start_date}, or the epoch without one.
 *   <li>One call reads at most {@code max_pages_per_batch} pages, except that a listing from a
 *       caught-up offset goes on while it only re-reads the lookback window, so that a call can
 *       observe that nothing is new and return its start offset; the offset's state ({@code since},
 *       {@code next}, {@code started_at}, {@code max_seen}, {@code query_pages}) resumes the listing
 *       in the next call, in this process or another.
 *   <li>The watermark moves only when a listing completes, to the smaller of the highest cursor
 *       seen and the moment the listing started, so records changed during a long listing are read
 *       again next time. It never moves backwards.
 *   <li>A completed listing that moves nothing returns its start offset: the fixed point. Its
 *       records, re-read within the lookback window, are still returned, since one may have become
 *       visible late with a cursor at or below the watermark.
 *   <li>Records sharing one cursor value across a page boundary are never lost: pages of one
 *       query follow the provider's own next token, and every new query starts at {@code >=} a
 *       value already seen, so ties are re-read (the framework de-duplicates).
 *   <li>With {@link Builder#maxPagesPerQuery} (a provider's page wall, such as Freshdesk's 300
 *       pages), a query that reaches the cap is re-sliced: a new query starts with {@code since} =
 *       the highest cursor seen. If a whole capped slice shares one cursor value, the read fails
 *       rather than loop.
 * </ul>
 *
 * <pre>
 * IncrementalListing listing = IncrementalListing.builder("tickets", "updated_at")
 *     .tableOptions(tableOptions)
 *     .maxPagesPerQuery(300)
 *     .build();
 * return listing.read(start, (since, next) -> {
 *   JsonResponse r = next.isPresent() ? client.get(next.get())
 *       : client.get("/api/v2/tickets", Map.of("updated_since", since.toString(), "per_page", "100"));
 *   return new Page(Paging.records(r, "/tickets"), Paging.linkNext(r));
 * });
 * </pre>
 */
public final class IncrementalListing {
  static final String SINCE = "since";
  static final String NEXT = "next";
  static final String STARTED_AT = "started_at";
  static final String MAX_SEEN = "max_seen";
  static final String QUERY_PAGES = "query_pages";
  /** Bounds a re-read of the lookback window, in case a provider pages forever. */
  static final int MAX_PROBE_PAGES = 10_000;

  private final String table;
  private final Function<ObjectNode, Optional<Instant>> cursor;
  private final int maxPagesPerBatch;
  private final Duration lookback;
  private final Optional<Instant> startDate;
  private final int maxPagesPerQuery;
  private final Clock clock;

  private IncrementalListing(Builder b) {
    this.table = b.table;
    this.cursor = b.cursor;
    this.maxPagesPerBatch = b.maxPagesPerBatch;
    this.lookback = b.lookback;
    this.startDate = b.startDate;
    this.maxPagesPerQuery = b.maxPagesPerQuery;
    this.clock = b.clock;
  }

  /** A listing of {@code table} whose cursor is the record's top-level field {@code cursorField}. */
  public static Builder builder(String table, String cursorField) {
    return new Builder(table, Cursors.field(cursorField));
  }

  /** A listing of {@code table} whose cursor {@code cursor} reads from each record. */
  public static Builder builder(String table, Function<ObjectNode, Optional<Instant>> cursor) {
    return new Builder(table, cursor);
  }

  /**
   * Reads the next pages after {@code start}.
   *
   * @param start {@link Offset#START} or an offset this listing returned
   * @throws ExternalException when a capped slice shares one cursor value, or the provider repeats
   *     a next token
   * @throws IllegalArgumentException when a record's cursor cannot be parsed
   */
  public ReadResult read(Offset start, PageFetcher fetcher) {
    Optional<ListingState> resumed = ListingState.resume(start);
    ListingState state = resumed.orElseGet(() -> newListing(start));
    // A listing from a caught-up offset first re-reads the lookback window. While it finds nothing
    // newer than the watermark it goes on past max_pages_per_batch: otherwise a window longer than
    // a batch would never let a call return its start offset, and the table never catch up.
    boolean probing = resumed.isEmpty() && start.watermark() != null;
    List<ObjectNode> records = new ArrayList<>();
    for (int pages = 0; pages < maxPagesPerBatch || (probing && nothingNew(state, start.watermark())); pages++) {
      if (pages == MAX_PROBE_PAGES) {
        throw new ExternalException("Cannot read table '" + table + "': re-reading the lookback "
            + "window took more than " + MAX_PROBE_PAGES + " pages without finding anything new; "
            + "lower lookback_seconds", 0, null, false);
      }
      Page page = fetcher.fetch(state.since(), state.next());
      records.addAll(page.records());
      state = state.afterPage(maxCursor(page.records()));
      if (page.next().isEmpty()) {
        return complete(start, state, records);
      }
      Listings.requireProgress(table, state.next(), page.next());
      if (maxPagesPerQuery > 0 && state.queryPages() >= maxPagesPerQuery) {
        state = reslice(state);
      } else {
        state = state.withNext(page.next());
      }
    }
    return new ReadResult(records, state.toOffset(start.watermark()));
  }

  private static boolean nothingNew(ListingState state, Instant watermark) {
    return state.maxSeen().map(seen -> !seen.isAfter(watermark)).orElse(true);
  }

  private ListingState newListing(Offset start) {
    Instant floor = startDate.orElse(Instant.EPOCH);
    Instant since = start.watermark() == null ? floor : max(start.watermark().minus(lookback), floor);
    return ListingState.begin(since, clock.instant());
  }

  private ReadResult complete(Offset start, ListingState state, List<ObjectNode> records) {
    Instant watermark = start.watermark();
    if (state.maxSeen().isPresent()) {
      Instant reached = min(state.maxSeen().get(), state.startedAt());
      watermark = watermark == null ? reached : max(watermark, reached);
    }
    return new ReadResult(records, new Offset(watermark, java.util.Map.of()));
  }

  private ListingState reslice(ListingState state) {
    Instant last = state.maxSeen().orElse(state.since());
    if (!last.isAfter(state.since())) {
      throw new ExternalException(
          "Cannot read table '" + table + "': all " + maxPagesPerQuery + " pages the provider "
              + "serves for one query hold records with the cursor value " + state.since()
              + ", so the listing cannot move past it; lower the number of records changed at once "
              + "or raise per_page",
          0, null, false);
    }
    return state.reslice(last);
  }

  private Optional<Instant> maxCursor(List<ObjectNode> records) {
    Instant max = null;
    for (ObjectNode record : records) {
      Optional<Instant> value = cursor.apply(record);
      if (value.isPresent() && (max == null || value.get().isAfter(max))) {
        max = value.get();
      }
    }
    return Optional.ofNullable(max);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  @Override
  public String toString() {
    return "IncrementalListing[" + table + ", " + maxPagesPerBatch + " pages per batch, lookback "
        + lookback + (maxPagesPerQuery > 0 ? ", " + maxPagesPerQuery + " pages per query" : "") + "]";
  }

  /** Configures an {@link IncrementalListing}; defaults: 50 pages per batch, 300 s lookback. */
  public static final class Builder {
    private final String table;
    private final Function<ObjectNode, Optional<Instant>> cursor;
    private int maxPagesPerBatch = 50;
    private Duration lookback = Duration.ofSeconds(300);
    private Optional<Instant> startDate = Optional.empty();
    private int maxPagesPerQuery = 0;
    private Clock clock = Clock.systemUTC();

    private Builder(String table, Function<ObjectNode, Optional<Instant>> cursor) {
      this.table = Objects.requireNonNull(table, "table");
      this.cursor = Objects.requireNonNull(cursor, "cursor");
    }

    /**
     * Takes {@code max_pages_per_batch}, {@code lookback_seconds} and {@code start_date} from the
     * table options, where declared.
     */
    public Builder tableOptions(OptionValues options) {
      maxPagesPerBatch = Listings.intOption(options, CommonOptions.MAX_PAGES_PER_BATCH, maxPagesPerBatch);
      lookback = Duration.ofSeconds(
          Listings.intOption(options, CommonOptions.LOOKBACK_SECONDS, (int) lookback.toSeconds()));
      if (options.definitions().find(CommonOptions.START_DATE).isPresent()) {
        startDate = options.instant(CommonOptions.START_DATE);
      }
      return this;
    }

    public Builder maxPagesPerBatch(int pages) {
      if (pages < 1) {
        throw new IllegalArgumentException("maxPagesPerBatch must be at least 1: " + pages);
      }
      maxPagesPerBatch = pages;
      return this;
    }

    public Builder lookback(Duration value) {
      lookback = Objects.requireNonNull(value, "lookback");
      return this;
    }

    public Builder startDate(Optional<Instant> value) {
      startDate = Objects.requireNonNull(value, "startDate");
      return this;
    }

    /** The provider's cap on pages per query; 0 (the default) for none. */
    public Builder maxPagesPerQuery(int pages) {
      if (pages < 0) {
        throw new IllegalArgumentException("maxPagesPerQuery must not be negative: " + pages);
      }
      maxPagesPerQuery = pages;
      return this;
    }

    /** The clock that stamps {@code started_at}; tests pass a fixed or stepping clock. */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public IncrementalListing build() {
      return new IncrementalListing(this);
    }
  }
}
