package io.tributary.http.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.api.ReadResult;
import io.tributary.http.ChildFanOut;
import io.tributary.http.ChildReader;
import io.tributary.http.CursorPartitions;
import io.tributary.http.CursorWindow;
import io.tributary.http.HandedOnce;
import io.tributary.http.Cursors;
import io.tributary.http.WindowPlanner;
import io.tributary.api.ReadPartition;
import java.time.Duration;
import java.util.ArrayList;
import io.tributary.http.IncrementalListing;
import io.tributary.http.PageCache;
import io.tributary.http.PageFetcher;
import io.tributary.http.Prefetch;
import io.tributary.http.RestClient;
import io.tributary.http.SnapshotFanOut;
import io.tributary.http.SnapshotListing;
import io.tributary.http.Page;
import io.tributary.http.rest.Pager.PageRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Every read of a {@link RestSource}'s tables, on the toolkit's listings: a snapshot table pages
 * through its list; an incremental table reads its lists under one watermark from the watermark
 * minus the lookback; a child table fans out from the parents its parent's listing reads, each
 * changed parent once per run. One client, so every table of a connection shares one budget.
 */
final class RestReads {
  /** Parent pages with their children, kept so a replayed call requests nothing again. */
  private static final int CACHED_PAGES = 64;
  /** More parent pages than a snapshot child's pass usually has; older ones are listed again. */
  private static final int CACHED_PARENT_PAGES = 1_000;
  /** Shorter ranges are read serially, with no probe: an incremental run is not worth planning. */
  static final Duration MIN_SPAN = Duration.ofHours(1);
  /** The cursors' resolution: whole seconds, for every declared source. */
  private static final Duration UNIT = Duration.ofSeconds(1);
  private static final String LISTS = "lists";
  /** A window partition's first page of its first list, as the planner's probe fetched it. */
  private static final String FIRST_PAGE = "first_page";

  private final RestSource source;
  private final RestClient client;
  private final Clock clock;
  private final Map<String, PageCache> pages = new ConcurrentHashMap<>();
  private final Map<String, ChildFanOut> fanOuts = new ConcurrentHashMap<>();
  /** Each table's next page, asked for as a call returns; a table's deletes have a slot of their own. */
  private final Map<String, Prefetch> prefetches = new ConcurrentHashMap<>();

  RestReads(RestSource source, RestClient client, Clock clock) {
    this.source = source;
    this.client = client;
    this.clock = clock;
  }

  ReadResult records(RestTable table, Offset start, OptionValues options) {
    ReadResult result = translated(table, () -> {
      if (table.child().isPresent()) {
        return children(table, start, options);
      }
      if (table.incremental()) {
        return listing(table, table.name(), options).prefetch(prefetch(table.name(), table.name())).build()
            .read(start, fetchers(table, table.lists(), options));
      }
      return SnapshotListing.of(table.name(), options).prefetching(prefetch(table.name(), table.name()))
          .read(start, next -> source.pager(table).fetch(request(table, table.path(), Map.of(), options), next));
    });
    return result.withRecords(result.records().stream().map(table::reshape).toList());
  }

  /** The primary keys and cursors of the records the table's delete lists hold. */
  ReadResult deletes(RestTable table, Offset start, OptionValues options) {
    ReadResult result = translated(table, () -> listing(table, table.name(), options).prefetch(prefetch(table.name() + " deletes", table.name()))
        .build().read(start, fetchers(table, table.deleteLists(), options)));
    List<String> fields = new java.util.ArrayList<>(table.metadata().primaryKeys());
    table.metadata().cursorField().ifPresent(fields::add);
    List<ObjectNode> keys = result.records().stream().map(table::reshape).map(r -> {
      ObjectNode key = Json.object();
      fields.forEach(f -> key.set(f, r.get(f)));
      return key;
    }).toList();
    return result.withRecords(keys);
  }

  ReadMetrics metrics() {
    ReadMetrics metrics = client.metrics();
    for (ChildFanOut fanOut : fanOuts.values()) {
      metrics = metrics.plus(fanOut.metrics());
    }
    return metrics;
  }

  private ReadResult children(RestTable table, Offset start, OptionValues options) {
    RestTable.Child child = table.child().orElseThrow();
    RestTable parent = source.table(child.parent());
    ChildFanOut fanOut = fanOuts.computeIfAbsent(table.name(), name -> new ChildFanOut(name, child.skipped()));
    if (table.incremental()) {
      // The parent's own cursor drives the watermark: a new child bumps its parent's cursor.
      return listing(parent, table.name(), options).build()
          .readChildren(start, fetchers(parent, parent.lists(), options), reader(table, child, fanOut, child.eligible(), options));
    }
    // A snapshot child lists every eligible parent each run, through every list its parent reads
    // records from, from the epoch (which also lifts a provider's default time window).
    List<Function<Optional<String>, Page>> lists = parent.lists().stream().<Function<Optional<String>, Page>>map(list -> next -> {
      Map<String, String> filter = new LinkedHashMap<>(list);
      filter.putAll(child.parentQuery());
      parent.since().ifPresent(since -> filter.put(since.param(), since.value(Instant.EPOCH)));
      Page page = source.pager(parent).fetch(request(parent, parent.path(), filter, options), next);
      // Only the id is kept: a pass's pages stay cached until it ends.
      List<ObjectNode> ids = page.records().stream().filter(child.eligible()).map(p -> {
        ObjectNode id = Json.object();
        id.set(child.parentId(), p.get(child.parentId()));
        return id;
      }).toList();
      return new Page(ids, page.next());
    }).toList();
    PageCache cache = pages.computeIfAbsent(table.name(), name -> new PageCache(CACHED_PARENT_PAGES));
    return SnapshotFanOut.of(table.name(), options, cache).read(start, lists, reader(table, child, fanOut, p -> true, options));
  }

  private ChildReader reader(RestTable table, RestTable.Child child, ChildFanOut fanOut, Predicate<ObjectNode> eligible, OptionValues options) {
    return new ChildReader() {
      @Override
      public Optional<List<ObjectNode>> children(ObjectNode record) {
        if (!eligible.test(record)) {
          return Optional.of(List.of());
        }
        String id = URLEncoder.encode(record.path(child.parentId()).asText(), StandardCharsets.UTF_8);
        String path = table.path().replace("{id}", id);
        return fanOut.readAll(next -> source.pager(table).fetch(request(table, path, Map.of(), options), next))
            .map(list -> list.stream().map(c -> withParentKey(c, child.parentKey(), record.get(child.parentId()))).toList());
      }

      @Override
      public int concurrency() {
        return client.settings().maxConcurrentRequests();
      }

      @Override
      public ObjectNode parentKey(ObjectNode record) {
        ObjectNode key = Json.object();
        key.set(child.parentKey(), record.get(child.parentId()));
        return key;
      }
    };
  }

  private static ObjectNode withParentKey(ObjectNode record, String column, com.fasterxml.jackson.databind.JsonNode id) {
    if (record.hasNonNull(column)) {
      return record;
    }
    ObjectNode copy = record.deepCopy();
    copy.set(column, id);
    return copy;
  }

  /** The listing of {@code table}'s lists, reading for {@code reader} (the table, or its child). */
  private IncrementalListing.Builder listing(RestTable table, String reader, OptionValues options) {
    IncrementalListing.Builder builder = IncrementalListing.builder(reader, table.metadata().cursorField().orElseThrow())
        .tableOptions(options)
        .clock(clock);
    if (table.pageWall() > 0) {
      builder.maxPagesPerQuery(table.pageWall());
    }
    if (!reader.equals(table.name())) {
      builder.pageCache(pages.computeIfAbsent(reader, name -> new PageCache(CACHED_PAGES)));
    }
    return builder;
  }

  private Prefetch prefetch(String slot, String table) {
    return prefetches.computeIfAbsent(slot, name -> new Prefetch(table));
  }

  /** Cancels every prefetch in flight. */
  void close() {
    prefetches.values().forEach(Prefetch::close);
  }

  private List<PageFetcher> fetchers(RestTable table, List<Map<String, String>> lists, OptionValues options) {
    RestTable.Since since = table.since().orElseThrow(() -> new IllegalStateException("table " + table.name() + " declares no since"));
    return lists.stream().map(list -> {
      Pager pager = table.sortedByCursor(list) ? source.pager(table).forSortedList() : source.pager(table);
      PageFetcher.WindowFetcher window = (bound, until, next) -> {
        Map<String, String> filter = new LinkedHashMap<>(list);
        filter.put(since.param(), since.value(bound));
        table.until().ifPresent(u -> filter.put(u.param(), u.value(until)));
        return pager.fetch(request(table, table.path(), filter, options), next);
      };
      PageFetcher fetcher = table.until().isPresent() ? PageFetcher.windowed(window)
          : (bound, next) -> window.fetch(bound, null, next);
      return table.sortedByCursor(list) ? PageFetcher.sortedByCursor(fetcher) : fetcher;
    }).toList();
  }

  /**
   * The partitions of a read of {@code table} from {@code start}, or none to read it serially: a
   * table declared {@link RestTable#partitioned()}, from an offset between listings, over at least
   * {@link #MIN_SPAN} of its cursor. The range runs from where the sequential listing would start
   * ({@code start_date}, or the watermark minus the lookback) to the start of the current second,
   * {@code hi}, taken again when the planning is done (its probes take a while); on a replay
   * ({@code end} given) to the second after {@code end}'s watermark. The
   * lists that can bound a window are split by {@link WindowPlanner} into at most {@code
   * max_partitions} (less one per other list) windows of about {@code max_pages_per_batch} pages
   * each, read together per window, a page at a time; each other list is read whole, up to the last
   * window's end, in a partition of its own. A range larger than that is planned a batch at a time:
   * the windows cover a prefix of it ({@link CursorPartitions#boundedPerWindow}). Every
   * partition's end offset is the last window's upper bound minus one second: for a whole range
   * {@code hi} minus one second, the last closed second, the offset a sequential listing started
   * now would reach, so the next incremental read starts there (minus the lookback); for a prefix
   * the second before the rest of the range, which the next batch plans from right there when it
   * lies more than the lookback in the past ({@link CursorPartitions#exactEnd}). Each partition carries its share of the
   * connection's budget: one over the number of partitions.
   */
  List<ReadPartition> plan(RestTable table, Offset start, Optional<Offset> end, OptionValues options) {
    if (!table.partitioned() || table.child().isPresent()
        || !options.has(CommonOptions.MAX_PARTITIONS) || options.integer(CommonOptions.MAX_PARTITIONS) < 2) {
      return List.of();
    }
    Instant floor = options.instant(CommonOptions.START_DATE).orElse(Instant.EPOCH);
    Duration lookback = Duration.ofSeconds(options.integer(CommonOptions.LOOKBACK_SECONDS));
    Optional<Instant> from = CursorPartitions.from(start, floor, lookback, UNIT);
    if (from.isEmpty()) {
      return List.of();
    }
    Instant lo = from.get();
    Optional<Instant> upper = CursorPartitions.upperBound(end, clock, UNIT);
    if (upper.isEmpty()) {
      return List.of();
    }
    Instant hi = upper.get();
    if (end.isEmpty() && start.watermark() != null && !hi.minus(UNIT).isAfter(start.watermark())) {
      return List.of();
    }
    if (!lo.isBefore(hi) || (end.isEmpty() && Duration.between(lo, hi).compareTo(MIN_SPAN) < 0)) {
      return List.of();
    }
    List<Map<String, String>> lists = table.lists();
    List<Integer> windowed = new ArrayList<>();
    List<Integer> whole = new ArrayList<>();
    for (int i = 0; i < lists.size(); i++) {
      (table.windowed(lists.get(i)) ? windowed : whole).add(i);
    }
    int most = options.integer(CommonOptions.MAX_PARTITIONS) - whole.size();
    if (windowed.isEmpty() || (most < 2 && end.isEmpty())) {
      return List.of();
    }
    Map<String, Page> probed = new ConcurrentHashMap<>();
    PageFetcher firstList = fetchers(table, List.of(lists.get(windowed.get(0))), options).get(0);
    int perPage = Integer.parseInt(options.string(CommonOptions.PER_PAGE));
    Function<ObjectNode, Optional<Instant>> cursor = Cursors.field(table.metadata().cursorField().orElseThrow());
    WindowPlanner planner = CursorPartitions.boundedPerWindow(WindowPlanner.of(cursor, UNIT, perPage, Math.max(1, most)),
        end, options).concurrently(client.settings().maxConcurrentRequests());
    List<CursorWindow> windows;
    Instant lastRecord;
    try (Prefetch early = new Prefetch(table.name())) {
      if (table.until().isEmpty() && !table.newestFirst().isEmpty()) {
        // The planner's first probe, the range's first page, is the same request wherever the range
        // ends when the list sends no upper bound: it is in flight while the newest record is asked for.
        early.start(pageKey(table, lo.minus(UNIT), null), () -> firstList.fetch(lo.minus(UNIT), Optional.empty()));
      }
      PageFetcher probe = firstPages(table, prefetched(table, firstList, early), probed);
      // The windows share the records there are: a range that runs on past its newest record to now
      // would leave its last window an empty stretch's worth of estimates, and that window's share
      // to be read alone at the end. The last window still ends at hi.
      lastRecord = translated(table, () -> newest(table, cursor, lo)).map(n -> n.plus(UNIT))
          .filter(n -> n.isAfter(lo) && n.isBefore(hi)).orElse(hi);
      windows = new ArrayList<>(translated(table, () -> planner.split(new CursorWindow(lo, lastRecord), probe)));
    }
    // The range ends at the second closed when the planning ended, not when it began: a plan that
    // ends after the moment a Trigger.AvailableNow run started has read all that run must, with no
    // further call to see that nothing is left.
    Instant until = end.isEmpty() ? CursorPartitions.upperBound(end, clock, UNIT).orElse(hi) : hi;
    CursorWindow last = windows.get(windows.size() - 1);
    if (last.hi().equals(lastRecord)) {
      windows.set(windows.size() - 1, new CursorWindow(last.lo(), until));
    }
    if (windows.size() < 2 && end.isEmpty()) {
      return List.of();
    }
    Instant planned = windows.get(windows.size() - 1).hi();
    String endOffset = end.isPresent() ? end.get().toJson()
        : CursorPartitions.exactEnd(planned, until, UNIT, clock.instant(), lookback).toJson();
    int shares = windows.size() + whole.size();
    List<ReadPartition> plan = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      // The window's first page of its first list, when a probe fetched it: read once, not twice.
      Optional<Page> first = Optional.ofNullable(probed.get(firstPageKey(table, windows.get(i))));
      plan.add(partition(table.name() + "/" + i, windows.get(i), windowed, shares, endOffset, first));
    }
    for (int list : whole) {
      plan.add(partition(table.name() + "/list" + list, new CursorWindow(lo, planned), List.of(list), shares, endOffset,
          Optional.empty()));
    }
    return plan;
  }

  /**
   * The cursor of the newest record of the table's default list from {@code lo}, truncated to
   * the second, asked for with the table's {@link RestTable#newestFirst()} parameters and a page
   * of two; empty when the table declares none, the list is empty, or the two come oldest first
   * (the provider ignored the order).
   */
  private Optional<Instant> newest(RestTable table, Function<ObjectNode, Optional<Instant>> cursor, Instant lo) {
    if (table.newestFirst().isEmpty()) {
      return Optional.empty();
    }
    RestTable.Since since = table.since().orElseThrow();
    Page page = source.pager(table).forSortedList().fetch(request(table, table.path(),
        Map.of(since.param(), since.value(lo.minus(UNIT))), table.newestFirst(), 2), Optional.empty());
    List<Instant> cursors = page.records().stream().map(cursor).flatMap(Optional::stream).toList();
    if (cursors.isEmpty() || (cursors.size() > 1 && cursors.get(0).isBefore(cursors.get(1)))) {
      return Optional.empty();
    }
    return Optional.of(cursors.get(0).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  private static ReadPartition partition(String id, CursorWindow window, List<Integer> lists, int shares, String endOffset,
      Optional<Page> first) {
    Map<String, String> bounds = new LinkedHashMap<>();
    bounds.put(LISTS, lists.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
    first.ifPresent(page -> bounds.put(FIRST_PAGE, pageJson(page)));
    return CursorPartitions.partition(id, window, shares, endOffset, bounds);
  }

  /**
   * {@code list}, keeping in {@code pages} each first page of a query it fetches, by {@link
   * #pageKey}: the planner's probes, which are the first pages of the windows they probe.
   */
  private static PageFetcher firstPages(RestTable table, PageFetcher list, Map<String, Page> pages) {
    PageFetcher recording = PageFetcher.windowed((since, until, next) -> {
      Page page = list.fetch(since, until, next);
      if (next.isEmpty()) {
        pages.put(pageKey(table, since, until), page);
      }
      return page;
    });
    return sortedAs(list, recording);
  }

  /**
   * {@code list}, answering the first request a read of {@code window} makes, once, with {@code
   * first}: the page the planner's probe fetched with that very request. Every other request, that
   * one again included (a block of ties is read until two passes agree), goes to the provider.
   */
  private static PageFetcher replaying(RestTable table, PageFetcher list, CursorWindow window, Page first) {
    String key = firstPageKey(table, window);
    java.util.concurrent.atomic.AtomicBoolean used = new java.util.concurrent.atomic.AtomicBoolean();
    PageFetcher replaying = PageFetcher.windowed((since, until, next) ->
        next.isEmpty() && pageKey(table, since, until).equals(key) && used.compareAndSet(false, true)
            ? first : list.fetch(since, until, next));
    return sortedAs(list, replaying);
  }

  /**
   * {@code list}, answering its first-page requests from {@code early} when it holds that very
   * request's page (or has it in flight), otherwise from the provider.
   */
  private static PageFetcher prefetched(RestTable table, PageFetcher list, Prefetch early) {
    PageFetcher answering = PageFetcher.windowed((since, until, next) -> next.isEmpty()
        ? early.take(pageKey(table, since, until), () -> list.fetch(since, until, next))
        : list.fetch(since, until, next));
    return sortedAs(list, answering);
  }

  /** {@code fetcher}, declared sorted by the cursor when {@code list}, which it wraps, is. */
  private static PageFetcher sortedAs(PageFetcher list, PageFetcher fetcher) {
    return list.sortedByCursor() ? PageFetcher.sortedByCursor(fetcher) : fetcher;
  }

  /** The key of the first request a read of {@code window} makes: one unit below its bounds. */
  private static String firstPageKey(RestTable table, CursorWindow window) {
    return pageKey(table, window.lo().minus(UNIT), window.hi().minus(UNIT));
  }

  /** What a first-page request sends: its since, and its until for a table that sends one. */
  private static String pageKey(RestTable table, Instant since, Instant until) {
    return since + (table.until().isPresent() && until != null ? "|" + until : "");
  }

  private static String pageJson(Page page) {
    ObjectNode json = Json.object();
    page.records().forEach(json.putArray("records")::add);
    page.next().ifPresent(next -> json.put("next", next));
    return json.toString();
  }

  private static Page page(String json) {
    try {
      com.fasterxml.jackson.databind.JsonNode node = Json.MAPPER.readTree(json);
      List<ObjectNode> records = new ArrayList<>();
      node.path("records").forEach(r -> records.add((ObjectNode) r));
      return new Page(records, node.hasNonNull("next") ? Optional.of(node.get("next").asText()) : Optional.empty());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new io.tributary.api.InternalException("Cannot read a partition's first page: " + e.getOriginalMessage());
    }
  }

  /**
   * Every record of one planned partition: its window of each of its lists, once per key. A
   * listing reads ties again (a re-query starts one second below the last cursor read): the
   * partition delivers each record once, its latest version.
   */
  ReadResult window(RestTable table, ReadPartition partition, OptionValues options) {
    Function<ObjectNode, Optional<Instant>> cursor = Cursors.field(table.metadata().cursorField().orElseThrow());
    Map<List<String>, ObjectNode> records = new LinkedHashMap<>();
    ReadResult rest = readWindow(table, partition, options, page -> page.forEach(record -> records.merge(
        keyOf(table, record), record, (seen, again) -> cursor.apply(again).orElse(Instant.MIN)
            .isBefore(cursor.apply(seen).orElse(Instant.MIN)) ? seen : again)));
    return rest.withRecords(records.values().stream().map(table::reshape).toList());
  }

  /**
   * The records of one planned partition, handed to {@code pages} a page at a time as they are
   * read: the window's records are never all held. A record read again unchanged (a tie re-read by
   * a re-query) is not handed over again ({@link HandedOnce}); one changed while the window is
   * read is, and the caller keeps the newest per key.
   */
  ReadResult window(RestTable table, ReadPartition partition, OptionValues options, Consumer<List<ObjectNode>> pages) {
    return readWindow(table, partition, options, new HandedOnce(record -> keyOf(table, record))
        .before(fresh -> pages.accept(fresh.stream().map(table::reshape).toList())));
  }

  /** Reads the partition's window of each of its lists, handing on each page's records as read. */
  private ReadResult readWindow(RestTable table, ReadPartition partition, OptionValues options,
      Consumer<List<ObjectNode>> pages) {
    CursorWindow window = CursorPartitions.window(partition);
    List<Map<String, String>> lists = java.util.Arrays.stream(CursorPartitions.bound(partition, LISTS).split(","))
        .map(i -> table.lists().get(Integer.parseInt(i))).toList();
    IncrementalListing listing = listing(table, table.name(), options).build();
    List<PageFetcher> fetchers = new ArrayList<>(fetchers(table, lists, options));
    Optional.ofNullable(partition.bounds().get(FIRST_PAGE))
        .ifPresent(first -> fetchers.set(0, replaying(table, fetchers.get(0), window, page(first))));
    for (PageFetcher list : fetchers) {
      translated(table, () -> {
        listing.readWindow(window, list, pages);
        return null;
      });
    }
    return new ReadResult(List.of(), Offset.fromJson(partition.endOffset()));
  }

  private static List<String> keyOf(RestTable table, ObjectNode record) {
    return table.metadata().primaryKeys().stream().map(k -> record.path(k).toString()).toList();
  }

  /** The first page's request: the list's filter, the table's own parameters, then the page size. */
  private PageRequest request(RestTable table, String path, Map<String, String> filter, OptionValues options) {
    return request(table, path, filter, Map.of(), Integer.parseInt(options.string(CommonOptions.PER_PAGE)));
  }

  /** As {@link #request(RestTable, String, Map, OptionValues)}, the table's parameters {@code overriding}. */
  private PageRequest request(RestTable table, String path, Map<String, String> filter, Map<String, String> overriding,
      int perPage) {
    Map<String, String> query = new LinkedHashMap<>(filter);
    query.putAll(table.query());
    query.putAll(overriding);
    query.put(source.perPageParam(), Integer.toString(perPage));
    return new PageRequest(client, path, query, table.recordsAt(), perPage);
  }

  private <T> T translated(RestTable table, Supplier<T> read) {
    try {
      return read.get();
    } catch (ExternalException e) {
      if (e.status() == 403 && table.planFeature().isPresent()) {
        String vendor = source.vendor();
        throw new ExternalException("Cannot read table '" + table.name() + "': " + vendor + " refused "
            + table.path() + " with 403 Forbidden. Your plan may not include " + table.planFeature().get()
            + ", or the credentials' role lacks access to it; remove the table from the spec or enable "
            + "the feature" + e.providerMessage().map(m -> " (" + vendor + " says: " + m + ")").orElse(""),
            403, e.providerMessage().orElse(null), false, e);
      }
      throw source.translate(table, e);
    }
  }
}
