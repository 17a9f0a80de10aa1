package io.tributary.source.freshservice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.http.IncrementalListing;
import io.tributary.http.PageFetcher;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Incremental reads of tickets, problems, changes and releases: {@code updated_since} from the
 * watermark minus the lookback (from the epoch on a first run without start_date, which also
 * defeats the tickets list's default 30-day window), ascending {@code updated_at}.
 *
 * <p>A table whose records need several filtered lists (tickets: the default list and {@code
 * filter=spam}) hands one fetcher per list to the toolkit's listing, whose single watermark moves
 * only once every list is read to the end.
 */
final class FreshserviceIncremental {
  private final FreshserviceClient client;
  private final Clock clock;

  FreshserviceIncremental(FreshserviceClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  ReadResult records(FreshserviceTable table, Offset start, OptionValues tableOptions) {
    return listing(table, tableOptions).read(start, fetchers(table, table.recordFilters(), tableOptions));
  }

  /** The keys and cursors of records the delete filters list (trashed tickets). */
  ReadResult deletes(FreshserviceTable table, Offset start, OptionValues tableOptions) {
    ReadResult result = listing(table, tableOptions)
        .read(start, fetchers(table, table.deleteFilters(), tableOptions));
    List<ObjectNode> keys = result.records().stream().map(FreshserviceIncremental::keyOf).toList();
    return new ReadResult(keys, result.endOffset());
  }

  private IncrementalListing listing(FreshserviceTable table, OptionValues tableOptions) {
    return IncrementalListing.builder(table.name(), FreshserviceTables.CURSOR)
        .tableOptions(tableOptions)
        .clock(clock)
        .build();
  }

  /** One fetcher per filtered list; the listing reads them in order under one watermark. */
  private List<PageFetcher> fetchers(FreshserviceTable table, List<Map<String, String>> filters,
      OptionValues tableOptions) {
    return filters.stream().map(filter -> {
      PageFetcher list = (since, next) -> {
        Map<String, String> query = FreshserviceClient.query(table, filter, tableOptions);
        query.put("updated_since", since.toString());
        return client.page(table, table.path(), query, next);
      };
      return table.sortedByCursor(filter) ? PageFetcher.sortedByCursor(list) : list;
    }).toList();
  }

  private static ObjectNode keyOf(ObjectNode record) {
    ObjectNode key = Json.object();
    key.set("id", record.get("id"));
    key.set(FreshserviceTables.CURSOR, record.get(FreshserviceTables.CURSOR));
    return key;
  }
}
