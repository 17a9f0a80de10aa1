package io.tributary.source.freshdesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.tributary.http.SnapshotListing;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every read, on the toolkit's listings. Incremental tables filter on their since parameter from
 * the watermark minus the lookback (from the epoch on a first run without start_date, which also
 * defeats the tickets list's default 30-day window) and read their filtered lists under one
 * watermark; tickets re-slice before the 300-page wall. Conversations fan out from the tickets
 * changed since their own watermark, each changed ticket once per run.
 */
final class FreshdeskReads {
  /** Ticket pages with their conversations, kept so a replayed call requests nothing again. */
  private static final int CACHED_PAGES = 64;

  private final FreshdeskClient client;
  private final Clock clock;
  private final PageCache pages = new PageCache(CACHED_PAGES);
  private final ChildFanOut conversations = new ChildFanOut("conversations");

  FreshdeskReads(FreshdeskClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  ReadResult records(FreshdeskTable table, Offset start, OptionValues tableOptions) {
    return switch (table.read()) {
      case INCREMENTAL -> listing(table, tableOptions).read(start, fetchers(table, table.recordFilters(), tableOptions));
      case SNAPSHOT -> {
        Map<String, String> query = FreshdeskClient.query(table, Map.of(), tableOptions);
        yield SnapshotListing.of(table.name(), tableOptions)
            .read(start, next -> client.page(table.path(), query, next));
      }
      case CONVERSATIONS -> conversations(table, start, tableOptions);
    };
  }

  /** The keys and cursors of the records the delete filters list (deleted tickets). */
  ReadResult deletes(FreshdeskTable table, Offset start, OptionValues tableOptions) {
    ReadResult result = listing(table, tableOptions).read(start, fetchers(table, table.deleteFilters(), tableOptions));
    String cursor = table.metadata().cursorField().orElseThrow();
    List<ObjectNode> keys = result.records().stream().map(r -> {
      ObjectNode key = Json.object();
      key.set("id", r.get("id"));
      key.set(cursor, r.get(cursor));
      return key;
    }).toList();
    return new ReadResult(keys, result.endOffset());
  }

  ReadMetrics metrics() {
    return conversations.metrics();
  }

  private ReadResult conversations(FreshdeskTable table, Offset start, OptionValues tableOptions) {
    FreshdeskTable tickets = FreshdeskTables.require("tickets");
    Map<String, String> query = FreshdeskClient.query(table, Map.of(), tableOptions);
    ChildReader reader = new ChildReader() {
      @Override
      public Optional<List<ObjectNode>> children(ObjectNode ticket) {
        long id = ticket.path("id").asLong();
        String path = table.path().replace("{id}", Long.toString(id));
        return conversations.readAll(next -> client.page(path, query, next));
      }

      @Override
      public ObjectNode parentKey(ObjectNode ticket) {
        return Json.object().put("ticket_id", ticket.path("id").asLong());
      }
    };
    // The tickets' own cursor drives the watermark: a conversation bumps its ticket's updated_at.
    IncrementalListing listing = IncrementalListing.builder(table.name(), "updated_at")
        .tableOptions(tableOptions)
        .maxPagesPerQuery(tickets.maxPagesPerQuery())
        .pageCache(pages)
        .clock(clock)
        .build();
    return listing.readChildren(start, fetchers(tickets, tickets.recordFilters(), tableOptions), reader);
  }

  private IncrementalListing listing(FreshdeskTable table, OptionValues tableOptions) {
    IncrementalListing.Builder builder = IncrementalListing.builder(table.name(), table.metadata().cursorField().orElseThrow())
        .tableOptions(tableOptions)
        .clock(clock);
    if (table.maxPagesPerQuery() > 0) {
      builder.maxPagesPerQuery(table.maxPagesPerQuery());
    }
    return builder.build();
  }

  private List<PageFetcher> fetchers(FreshdeskTable table, List<Map<String, String>> filters, OptionValues tableOptions) {
    return filters.stream().map(filter -> {
      PageFetcher list = (since, next) -> {
        Map<String, String> query = FreshdeskClient.query(table, filter, tableOptions);
        query.put(table.sinceParam(), since.toString());
        return client.page(table.path(), query, next);
      };
      return table.sortedByCursor(filter) ? PageFetcher.sortedByCursor(list) : list;
    }).toList();
  }
}
