package io.tributary.source.freshservice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
import io.tributary.http.IncrementalListing;
import io.tributary.http.Page;
import io.tributary.http.PageFetcher;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Incremental reads of tickets, problems, changes and releases: {@code updated_since} from the
 * watermark minus the lookback (from the epoch on a first run without start_date, which also
 * defeats the tickets list's default 30-day window), ascending {@code updated_at}.
 *
 * <p>A table whose records need several filtered lists (tickets: the default list and {@code
 * filter=spam}) reads them one after another as one listing: the page token carries the filter's
 * index, so the listing's single watermark moves only once every filter is read to the end.
 */
final class FreshserviceIncremental {
  private final FreshserviceClient client;
  private final Clock clock;

  FreshserviceIncremental(FreshserviceClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  ReadResult records(FreshserviceTable table, Offset start, OptionValues tableOptions) {
    return listing(table, tableOptions).read(start, fetcher(table, table.recordFilters(), tableOptions));
  }

  /** The keys and cursors of records the delete filters list (trashed tickets). */
  ReadResult deletes(FreshserviceTable table, Offset start, OptionValues tableOptions) {
    ReadResult result = listing(table, tableOptions)
        .read(start, fetcher(table, table.deleteFilters(), tableOptions));
    List<ObjectNode> keys = result.records().stream().map(FreshserviceIncremental::keyOf).toList();
    return new ReadResult(keys, result.endOffset());
  }

  private IncrementalListing listing(FreshserviceTable table, OptionValues tableOptions) {
    return IncrementalListing.builder(table.name(), FreshserviceTables.CURSOR)
        .tableOptions(tableOptions)
        .clock(clock)
        .build();
  }

  private PageFetcher fetcher(FreshserviceTable table, List<Map<String, String>> filters, OptionValues tableOptions) {
    return (since, next) -> {
      FilterToken token = next.map(FilterToken::parse).orElse(new FilterToken(0, Optional.empty()));
      if (token.filter() >= filters.size()) {
        throw new UserException("Cannot resume table '" + table.name() + "' from page token '"
            + next.get() + "': it names list " + token.filter() + " of " + filters.size());
      }
      Map<String, String> query = FreshserviceClient.query(table, filters.get(token.filter()), tableOptions);
      query.put("updated_since", since.toString());
      Page page = client.page(table, table.path(), query, token.url());
      if (page.next().isPresent()) {
        return new Page(page.records(), Optional.of(new FilterToken(token.filter(), page.next()).text()));
      }
      boolean moreFilters = token.filter() + 1 < filters.size();
      return new Page(page.records(), moreFilters
          ? Optional.of(new FilterToken(token.filter() + 1, Optional.empty()).text())
          : Optional.empty());
    };
  }

  private static ObjectNode keyOf(ObjectNode record) {
    ObjectNode key = Json.object();
    key.set("id", record.get("id"));
    key.set(FreshserviceTables.CURSOR, record.get(FreshserviceTables.CURSOR));
    return key;
  }

  /** Which filter's list a page token belongs to, and that list's next-page URL. */
  record FilterToken(int filter, Optional<String> url) {
    static FilterToken parse(String text) {
      int colon = text.indexOf(':');
      try {
        String rest = text.substring(colon + 1);
        return new FilterToken(Integer.parseInt(text.substring(0, colon)),
            rest.isEmpty() ? Optional.empty() : Optional.of(rest));
      } catch (RuntimeException e) {
        throw new UserException("Cannot resume from page token '" + text
            + "': it is not one this connector wrote (filter index, colon, next-page URL)");
      }
    }

    String text() {
      return filter + ":" + url.orElse("");
    }
  }
}
