package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
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
 *   <li>The watermark moves only when a listing completes, to the highest cursor seen that lies
 *       in a second (the {@link Builder#cursorResolution}) that had ended when the listing started
 *       ({@link Cursors#closedBound}): records changed during a long listing are read again next
 *       time, and a record stamped later within the second the listing started in moves the next
 *       listing's watermark onto that second, so a quiet table still delivers it. A cursor past our clock (the provider's clock runs ahead) does not count:
 *       such records are simply read again next time, and the watermark still settles. It never
 *       moves backwards.
 *   <li>A table whose records come from several filtered lists (a default list and a spam list,
 *       say) reads them one after another under one watermark: {@link #read(Offset, List)}. Each
 *       list starts from the same bound; the watermark moves once the last list completes.
 *   <li>A completed listing that moves nothing returns its start offset: the fixed point. Its
 *       records, re-read within the lookback window, are still returned, since one may have become
 *       visible late with a cursor at or below the watermark.
 *   <li>Records sharing one cursor value across a page boundary are never lost: pages of one
 *       query follow the provider's own next token, and every new query starts at {@code >=} a
 *       value already seen, so ties are re-read (the framework de-duplicates).
 *   <li>A list the provider sorts ascending by the cursor ({@link PageFetcher#sortedByCursor()})
 *       reads each page as a new query from one unit below the highest cursor read, rather than
 *       asking for page N + 1: a record updated between two requests moves to the list's end and
 *       shifts every later record up one place, so page N + 1 would skip one for good. Only a
 *       block of ties longer than a page is followed by next pages. A page out of order is asked
 *       for once more (a record updated while the provider built the page shows its new cursor at
 *       its old place); out of order again, it ends this for the list, which is then read again
 *       from its start following the provider's pages.
 *   <li>With {@link Builder#maxPagesPerQuery} (a provider's page wall, such as Freshdesk's 300
 *       pages), a query whose last allowed page is full is re-sliced, whether or not that page
 *       carries a next link: a new query of the same list starts one cursor unit below the highest
 *       cursor seen in that list, so ties cut off by the wall are read under an inclusive or an
 *       exclusive filter. If a whole capped slice lies within one unit, the read fails rather than
 *       loop.
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
  /** Bounds a re-read of the lookback window, in case a provider pages forever. */
  static final int MAX_PROBE_PAGES = 10_000;

  private final String table;
  private final Function<ObjectNode, Optional<Instant>> cursor;
  private final int maxPagesPerBatch;
  private final Duration lookback;
  private final Optional<Instant> startDate;
  private final int maxPagesPerQuery;
  private final int pageSize;
  private final Duration resolution;
  private final Clock clock;
  private final PageCache pageCache;
  private final Prefetch prefetch;

  private IncrementalListing(Builder b) {
    this.table = b.table;
    this.cursor = b.cursor;
    this.maxPagesPerBatch = b.maxPagesPerBatch;
    this.lookback = b.lookback;
    this.startDate = b.startDate;
    this.maxPagesPerQuery = b.maxPagesPerQuery;
    this.pageSize = b.pageSize;
    this.resolution = b.resolution;
    this.clock = b.clock;
    this.pageCache = b.pageCache;
    this.prefetch = b.prefetch;
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
    return read(start, List.of(fetcher));
  }

  /**
   * Reads the next pages after {@code start} of a table that is the union of several filtered
   * lists, read in order under one watermark. Pass the lists in the same order every call.
   *
   * @param lists one fetcher per filtered list; at least one
   * @throws UserException when {@code start} names a list this call does not have
   */
  public ReadResult read(Offset start, List<PageFetcher> lists) {
    return read(start, lists, null);
  }

  /**
   * Reads a child table through its parents' incremental listing: the parent pages drive the
   * offset, the watermark and re-slicing exactly as {@link #read(Offset, List)} would for the
   * parent table, and each parent read is fanned out to its children. The result holds the
   * children, and the keys of parents whose children were all read as complete parents. With a
   * {@link Builder#pageCache}, a call replayed from the same offset fetches nothing again.
   */
  public ReadResult readChildren(Offset start, List<PageFetcher> parents, ChildReader children) {
    return read(start, parents, Objects.requireNonNull(children, "children"));
  }

  private ReadResult read(Offset start, List<PageFetcher> lists, ChildReader children) {
    return TableContext.reading(table, () -> readInContext(start, lists, children, null, null));
  }

  /**
   * Reads every record of {@code list} whose cursor lies in {@code window} ({@code lo <= cursor <
   * hi}), for one partition of a backfill: all its pages in one call, with the same care for ties,
   * re-queries and page walls as {@link #read}. A list sorted ascending by the cursor ({@link
   * PageFetcher#sortedByCursor()}) starts at {@code lo} and stops once a page passes {@code hi}; a
   * two-sided filter ({@link PageFetcher#windowed}) gets {@code hi} minus one cursor unit as its
   * inclusive upper bound; any other list is read from {@code lo} to its end, and only the records
   * below {@code hi} kept. A record updated while the window is read moves past {@code hi} (its
   * new cursor is later than the plan's upper bound), so the next incremental read delivers it.
   * Records without a cursor are kept by the window that lists them; a provider filtering on the
   * cursor lists none. As with {@link #read}, ties may be read twice: the caller keeps one per key.
   */
  public List<ObjectNode> readWindow(CursorWindow window, PageFetcher list) {
    List<ObjectNode> records = new ArrayList<>();
    readWindow(window, list, records::addAll);
    return records;
  }

  /**
   * Reads the window as {@link #readWindow(CursorWindow, PageFetcher)} does, handing each page's
   * records in the window to {@code pages} as soon as the page is read, so that the window's
   * records are never all held at once. A page with none in the window is not handed over.
   */
  public void readWindow(CursorWindow window, PageFetcher list, Consumer<List<ObjectNode>> pages) {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(pages, "pages");
    Consumer<List<ObjectNode>> inWindow = page -> {
      List<ObjectNode> kept = page.stream()
          .filter(record -> cursor.apply(record).map(window::contains).orElse(true))
          .toList();
      if (!kept.isEmpty()) {
        pages.accept(kept);
      }
    };
    TableContext.reading(table, () -> readInContext(new Offset(null, java.util.Map.of()), List.of(list), null, window,
        inWindow));
  }

  /** With a {@code sink}, each page's records go there as they are read, and the result holds none. */
  private ReadResult readInContext(Offset start, List<PageFetcher> lists, ChildReader children, CursorWindow window,
      Consumer<List<ObjectNode>> sink) {
    if (lists.isEmpty()) {
      throw new IllegalArgumentException("an incremental listing needs at least one list");
    }
    Optional<ListingState> resumed = window == null ? ListingState.resume(start) : Optional.empty();
    // A window's listing starts one unit below its lower bound, so the records at the bound itself
    // are read whether the provider's since filter is inclusive or exclusive (Freshdesk's may be).
    ListingState state = resumed.orElseGet(() -> window == null ? newListing(start)
        : ListingState.begin(window.lo().minus(resolution), clock.instant()));
    if (state.list() >= lists.size()) {
      throw new UserException("Cannot resume table '" + table + "' from offset " + start.toJson()
          + ": it is in list " + state.list() + " of a table read through " + lists.size());
    }
    // A listing from a caught-up offset first re-reads the lookback window. While it finds nothing
    // that would move the watermark it goes on past max_pages_per_batch: otherwise a window longer
    // than a batch would never let a call return its start offset, and the table never catch up.
    boolean probing = resumed.isEmpty() && start.watermark() != null;
    FannedParents fanned = children == null || window != null ? null : FannedParents.from(start);
    List<ObjectNode> records = new ArrayList<>();
    List<ObjectNode> complete = new ArrayList<>();
    for (int pages = 0; window != null || pages < maxPagesPerBatch || (probing && nothingNew(state, start.watermark())); pages++) {
      if (pages == MAX_PROBE_PAGES) {
        throw new ExternalException("Cannot read table '" + table + "': re-reading the lookback "
            + "window took more than " + MAX_PROBE_PAGES + " pages without finding anything new; "
            + "lower lookback_seconds", 0, null, false);
      }
      PageFetcher list = lists.get(state.list());
      boolean keyset = list.sortedByCursor() && !state.unsorted();
      Fetched fetched = fetch(list, state, children, fanned, window, false);
      if (keyset && !ascending(fetched.parents().records())) {
        // A provider may build a page while a record on it is updated: the record shows its new
        // cursor at its old place. The same request asked again after the update is in order, so
        // only a second page out of order means the list is not sorted. The first one's records
        // are handed on too; its cursors move nothing.
        hand(fetched, sink, records, complete);
        fetched = fetch(list, state, children, fanned, window, true);
      }
      Page page = fetched.parents();
      hand(fetched, sink, records, complete);
      state = afterPage(state, page.records());
      if (keyset && !ascending(page.records())) {
        // The provider did not sort this list as its documentation says. From here on the list
        // follows the provider's pages, and is read again from its start if a re-query from a
        // cursor may have passed records over.
        boolean requeried = !state.since().equals(state.from());
        state = state.unsortedList();
        if (requeried) {
          continue;
        }
        keyset = false;
      }
      // A sorted list read for a window ends once its records pass the window's upper bound: every
      // record below it came before. Ties are still settled first.
      boolean passed = keyset && window != null && passes(page.records(), window.hi());
      boolean last = page.next().isEmpty() || passed;
      if (!passed && atWall(state, page)) {
        // The provider will not serve another page of this query, and may omit the next link on
        // its last one even when more records follow: a full page here means "re-slice", never
        // "the list is complete", or the records past the wall are skipped and, in a table of
        // several lists, the next list moves the watermark over them.
        state = reslice(state);
        continue;
      }
      if (keyset && state.tie().isPresent()) {
        state = state.withTie(inBlock(state, state.tie().get(), page.records()));
      }
      Optional<Instant> requery = keyset ? requeryFrom(state) : Optional.empty();
      boolean passEnds = last || requery.isPresent();
      if (passEnds && state.tie().isPresent() && !state.tie().get().settled()) {
        // A block of ties was read by next pages: read it again until two passes agree.
        state = state.repeatTiePass();
        continue;
      }
      if (last) {
        if (state.list() + 1 == lists.size()) {
          return complete(start, state, records, complete, fanned);
        }
        state = state.nextList();
        continue;
      }
      if (requery.isPresent()) {
        state = state.reslice(requery.get());
        continue;
      }
      if (keyset && state.tie().isEmpty()) {
        TieBlock block = TieBlock.starting(state.queryMax().orElse(state.since()));
        state = state.withTie(inBlock(state, block, page.records()));
      }
      Listings.requireProgress(table, state.next(), page.next());
      state = state.withNext(page.next());
    }
    if (prefetch != null && children == null && window == null) {
      // The listing stops mid-way: the next call resumes it with exactly this request.
      ListingState resumeAt = state;
      PageFetcher list = lists.get(state.list());
      prefetch.start(requestKey(resumeAt), () -> list.fetch(resumeAt.since(), until(resumeAt, null), resumeAt.next()));
    }
    return new ReadResult(records, remember(state.toOffset(start.watermark()), fanned), complete);
  }

  private static void hand(Fetched fetched, Consumer<List<ObjectNode>> sink, List<ObjectNode> records,
      List<ObjectNode> complete) {
    if (sink != null) {
      sink.accept(fetched.records());
    } else {
      records.addAll(fetched.records());
    }
    complete.addAll(fetched.complete());
  }

  /** {@code offset} carrying the parents of the window the next listing from it re-reads. */
  private Offset remember(Offset offset, FannedParents fanned) {
    return fanned == null ? offset : fanned.into(offset, firstSince(offset.watermark()));
  }

  /** What names one page request of a listing: the listing, its list, its bound and the token. */
  private String requestKey(ListingState state) {
    return state.startedAt() + "|" + state.list() + "|" + state.since() + "|" + state.next().orElse("");
  }

  private Instant until(ListingState state, CursorWindow window) {
    return window == null ? Cursors.closedBound(state.startedAt(), resolution) : window.hi().minus(resolution);
  }

  /**
   * Where the next page of a list sorted by its cursor starts: a new query from one unit below the
   * highest cursor read, so records tied on it are read again under an inclusive or an exclusive
   * filter, and a record that moved to the end of the list between two requests shifts nothing
   * past us. Empty while the whole query so far lies within one unit of its bound (a block of ties
   * longer than a page): then only the provider's next page moves forward.
   */
  private Optional<Instant> requeryFrom(ListingState state) {
    Instant top = state.queryMax().orElse(state.since());
    Instant from = top.minus(resolution);
    return from.isAfter(state.since()) ? Optional.of(from) : Optional.empty();
  }

  /** {@code block} with the page's records that belong to it: from the query's bound to its top. */
  private TieBlock inBlock(ListingState state, TieBlock block, List<ObjectNode> page) {
    for (ObjectNode record : page) {
      Optional<Instant> value = cursor.apply(record);
      if (value.isPresent() && !value.get().isBefore(state.since()) && !value.get().isAfter(block.top())) {
        block = block.add(record);
      }
    }
    return block;
  }

  /** True when a record of the page has a cursor at or past {@code hi}. */
  private boolean passes(List<ObjectNode> page, Instant hi) {
    return page.stream().map(cursor).flatMap(Optional::stream).anyMatch(v -> !v.isBefore(hi));
  }

  /** True when the page's cursors never go down, records without a cursor aside. */
  private boolean ascending(List<ObjectNode> page) {
    Instant previous = null;
    for (ObjectNode record : page) {
      Optional<Instant> value = cursor.apply(record);
      if (value.isPresent()) {
        if (previous != null && value.get().isBefore(previous)) {
          return false;
        }
        previous = value.get();
      }
    }
    return true;
  }

  /**
   * One page of the current list, fanned out to its children when this is a child read: to the
   * children of each parent not found in {@code fanned} with the same cursor. {@code again} asks
   * the provider once more, past any prefetched or cached answer to the same request.
   */
  private Fetched fetch(PageFetcher fetcher, ListingState state, ChildReader children, FannedParents fanned,
      CursorWindow window, boolean again) {
    Instant until = until(state, window);
    java.util.function.Supplier<Fetched> load = () -> {
      Page page = prefetch == null || children != null || window != null || again
          ? fetcher.fetch(state.since(), until, state.next())
          : prefetch.take(requestKey(state), () -> fetcher.fetch(state.since(), until, state.next()));
      if (children == null) {
        return new Fetched(page, page.records(), List.of(), List.of());
      }
      List<ObjectNode> records = new ArrayList<>();
      List<ObjectNode> complete = new ArrayList<>();
      List<ObjectNode> parents = page.records().stream()
          .filter(p -> fanned == null || cursor.apply(p).map(c -> !fanned.has(children.parentKey(p), c)).orElse(true))
          .toList();
      List<Optional<List<ObjectNode>>> read = ParallelCalls.inOrder(table, parents, children.concurrency(),
          children::children);
      List<ObjectNode> readParents = new ArrayList<>();
      for (int i = 0; i < read.size(); i++) {
        ObjectNode parent = parents.get(i);
        read.get(i).ifPresent(found -> {
          records.addAll(found);
          complete.add(children.parentKey(parent));
          readParents.add(parent);
        });
      }
      return new Fetched(page, records, complete, readParents);
    };
    Fetched fetched;
    if (pageCache == null) {
      fetched = load.get();
    } else {
      String key = table + "|" + state.startedAt() + "|" + state.list() + "|" + state.since() + "|"
          + state.next().orElse("") + "|" + state.tie().flatMap(TieBlock::last).map(Object::toString).orElse("");
      if (again) {
        pageCache.forget(key);
      }
      fetched = pageCache.get(key, load);
    }
    if (fanned != null) {
      for (ObjectNode parent : fetched.readParents()) {
        cursor.apply(parent).ifPresent(c -> fanned.add(children.parentKey(parent), c));
      }
    }
    return fetched;
  }

  /**
   * True when the page just read is the last the provider serves for this query and more may
   * follow it: a next link, or a full page (any records at all when the page size is unknown).
   */
  private boolean atWall(ListingState state, Page page) {
    if (maxPagesPerQuery == 0 || state.queryPages() < maxPagesPerQuery) {
      return false;
    }
    return page.next().isPresent() || page.records().size() >= Math.max(1, pageSize);
  }

  /** A page of parents; for a child read, the children read and the parents they were read for. */
  private record Fetched(Page parents, List<ObjectNode> records, List<ObjectNode> complete,
      List<ObjectNode> readParents) {}

  /** True while nothing read would move the watermark: no cursor in (watermark, started_at]. */
  private static boolean nothingNew(ListingState state, Instant watermark) {
    return state.reached().map(seen -> !seen.isAfter(watermark)).orElse(true);
  }

  private ListingState afterPage(ListingState state, List<ObjectNode> page) {
    Instant max = null;
    Instant reached = null;
    Instant closed = Cursors.closedBound(state.startedAt(), resolution);
    for (ObjectNode record : page) {
      Optional<Instant> value = cursor.apply(record);
      if (value.isEmpty()) {
        continue;
      }
      Instant v = value.get();
      if (max == null || v.isAfter(max)) {
        max = v;
      }
      if (!v.isAfter(closed) && (reached == null || v.isAfter(reached))) {
        reached = v;
      }
    }
    return state.afterPage(Optional.ofNullable(max), Optional.ofNullable(reached));
  }

  private ListingState newListing(Offset start) {
    return ListingState.begin(firstSince(start.watermark()), clock.instant());
  }

  /** Where a listing from {@code watermark} starts: the lookback before it, never before start_date. */
  private Instant firstSince(Instant watermark) {
    Instant floor = startDate.orElse(Instant.EPOCH);
    return watermark == null ? floor : max(watermark.minus(lookback), floor);
  }

  private ReadResult complete(Offset start, ListingState state, List<ObjectNode> records,
      List<ObjectNode> complete, FannedParents fanned) {
    Instant watermark = start.watermark();
    if (state.reached().isPresent()) {
      Instant reached = state.reached().get();
      watermark = watermark == null ? reached : max(watermark, reached);
    }
    // Every list was read to its end by a listing that began at startedAt: a caller reading what
    // existed when it began need not call again only to see the offset settle.
    return new ReadResult(records, remember(new Offset(watermark, java.util.Map.of()), fanned), complete)
        .withListedAt(state.startedAt());
  }

  private ListingState reslice(ListingState state) {
    // One unit below the highest cursor seen, so the records tied on it that the wall cut off are
    // read again whether the provider's since filter is inclusive or exclusive.
    Optional<Instant> from = requeryFrom(state);
    if (from.isEmpty()) {
      Instant top = state.queryMax().orElse(state.since());
      throw new ExternalException(
          "Cannot read table '" + table + "': all " + maxPagesPerQuery + " pages the provider "
              + "serves for one query hold records with cursor values from " + state.since() + " to "
              + top + ", so the listing cannot move past them; lower the number of records changed "
              + "at once or raise per_page",
          0, null, false);
    }
    return state.reslice(from.get());
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
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
    private int pageSize = 0;
    private Duration resolution = Duration.ofSeconds(1);
    private Clock clock = Clock.systemUTC();
    private PageCache pageCache;
    private Prefetch prefetch;

    private Builder(String table, Function<ObjectNode, Optional<Instant>> cursor) {
      this.table = Objects.requireNonNull(table, "table");
      this.cursor = Objects.requireNonNull(cursor, "cursor");
    }

    /**
     * Takes {@code max_pages_per_batch}, {@code lookback_seconds}, {@code per_page} and {@code
     * start_date} from the table options, which every table that pages declares.
     */
    public Builder tableOptions(OptionValues options) {
      maxPagesPerBatch = Listings.intOption(options, CommonOptions.MAX_PAGES_PER_BATCH, maxPagesPerBatch);
      lookback = Duration.ofSeconds(
          Listings.intOption(options, CommonOptions.LOOKBACK_SECONDS, (int) lookback.toSeconds()));
      pageSize = Listings.intOption(options, CommonOptions.PER_PAGE, pageSize);
      startDate = options.instant(CommonOptions.START_DATE);
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

    /**
     * The records per page the listing asks for, so a page at the provider's wall can be told
     * full; 0 (the default, unless {@code per_page} is among the table options) treats any page
     * there with records as full.
     */
    public Builder pageSize(int records) {
      if (records < 0) {
        throw new IllegalArgumentException("pageSize must not be negative: " + records);
      }
      pageSize = records;
      return this;
    }

    /**
     * The resolution the provider stamps cursors at; 1 s (the default) for nearly every API. The
     * watermark only covers units that had ended when a listing started ({@link
     * Cursors#closedBound}), and a re-slice starts one unit below the cursor it stopped on.
     */
    public Builder cursorResolution(Duration unit) {
      if (unit.isNegative() || unit.isZero()) {
        throw new IllegalArgumentException("cursorResolution must be positive: " + unit);
      }
      resolution = unit;
      return this;
    }

    /** The clock that stamps {@code started_at}; tests pass a fixed or stepping clock. */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Remembers fetched pages (and, for {@link #readChildren}, their children) by listing, list,
     * bound and token, so a call replayed from the same offset makes no request. Pass the same
     * cache to every listing of one connector.
     */
    public Builder pageCache(PageCache cache) {
      pageCache = Objects.requireNonNull(cache, "cache");
      return this;
    }

    /**
     * When a call stops mid-listing ({@code max_pages_per_batch}), asks for the page the next call
     * starts with in the background ({@link Prefetch}). Not for child reads, nor windows, which
     * read their pages in one call. Pass the table's own slot on every call.
     */
    public Builder prefetch(Prefetch slot) {
      prefetch = Objects.requireNonNull(slot, "slot");
      return this;
    }

    public IncrementalListing build() {
      return new IncrementalListing(this);
    }
  }
}
