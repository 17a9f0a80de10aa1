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
import io.tributary.http.IncrementalListing;
import io.tributary.http.PageCache;
import io.tributary.http.PageFetcher;
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

  private final RestSource source;
  private final RestClient client;
  private final Clock clock;
  private final Map<String, PageCache> pages = new ConcurrentHashMap<>();
  private final Map<String, ChildFanOut> fanOuts = new ConcurrentHashMap<>();

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
        return listing(table, table.name(), options).read(start, fetchers(table, table.lists(), options));
      }
      return SnapshotListing.of(table.name(), options).read(start, next -> source.pager(table).fetch(request(table, table.path(), Map.of(), options), next));
    });
    return new ReadResult(result.records().stream().map(table::reshape).toList(), result.endOffset(), result.completeParents());
  }

  /** The primary keys and cursors of the records the table's delete lists hold. */
  ReadResult deletes(RestTable table, Offset start, OptionValues options) {
    ReadResult result = translated(table, () -> listing(table, table.name(), options).read(start, fetchers(table, table.deleteLists(), options)));
    List<String> fields = new java.util.ArrayList<>(table.metadata().primaryKeys());
    table.metadata().cursorField().ifPresent(fields::add);
    List<ObjectNode> keys = result.records().stream().map(table::reshape).map(r -> {
      ObjectNode key = Json.object();
      fields.forEach(f -> key.set(f, r.get(f)));
      return key;
    }).toList();
    return new ReadResult(keys, result.endOffset());
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
      return listing(parent, table.name(), options)
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
  private IncrementalListing listing(RestTable table, String reader, OptionValues options) {
    IncrementalListing.Builder builder = IncrementalListing.builder(reader, table.metadata().cursorField().orElseThrow())
        .tableOptions(options)
        .clock(clock);
    if (table.pageWall() > 0) {
      builder.maxPagesPerQuery(table.pageWall());
    }
    if (!reader.equals(table.name())) {
      builder.pageCache(pages.computeIfAbsent(reader, name -> new PageCache(CACHED_PAGES)));
    }
    return builder.build();
  }

  private List<PageFetcher> fetchers(RestTable table, List<Map<String, String>> lists, OptionValues options) {
    RestTable.Since since = table.since().orElseThrow(() -> new IllegalStateException("table " + table.name() + " declares no since"));
    Pager pager = source.pager(table);
    return lists.stream().map(list -> {
      PageFetcher fetcher = (bound, next) -> {
        Map<String, String> filter = new LinkedHashMap<>(list);
        filter.put(since.param(), since.value(bound));
        return pager.fetch(request(table, table.path(), filter, options), next);
      };
      return table.sortedByCursor(list) ? PageFetcher.sortedByCursor(fetcher) : fetcher;
    }).toList();
  }

  /** The first page's request: the list's filter, the table's own parameters, then the page size. */
  private PageRequest request(RestTable table, String path, Map<String, String> filter, OptionValues options) {
    Map<String, String> query = new LinkedHashMap<>(filter);
    query.putAll(table.query());
    String perPage = options.string(CommonOptions.PER_PAGE);
    query.put(source.perPageParam(), perPage);
    return new PageRequest(client, path, query, table.recordsAt(), Integer.parseInt(perPage));
  }

  private ReadResult translated(RestTable table, Supplier<ReadResult> read) {
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
