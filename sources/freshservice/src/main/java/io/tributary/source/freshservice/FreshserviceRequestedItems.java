package io.tributary.source.freshservice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
import io.tributary.api.ReadMetrics;
import io.tributary.http.ChildFanOut;
import io.tributary.http.Page;
import io.tributary.http.PageCache;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The requested_items snapshot: for every service-request ticket, {@code GET
 * /api/v2/tickets/{id}/requested_items}. Incidents have no items and are never asked about.
 *
 * <ul>
 *   <li>The service-request tickets are listed once per pass ({@code type=Service Request},
 *       from the epoch so the 30-day default window does not hide old requests); a pass's pages are
 *       kept, so a resumed or replayed call does not list them again.
 *   <li>Every request, the fan-out included, goes through the connection's one client and so
 *       counts against the same rate budget; ticket pages and item pages both count towards
 *       max_pages_per_batch.
 *   <li>A ticket deleted between the listing and its items call answers 404: it is skipped and
 *       counted ({@code requested_items_skipped_not_found}), not fatal: the toolkit's {@link
 *       ChildFanOut}.
 * </ul>
 *
 * Offset state: {@code tickets_next} (the ticket page being worked on; absent for the first),
 * {@code ticket} (the position of the next ticket in it) and {@code done}.
 */
final class FreshserviceRequestedItems {
  private static final String TICKETS_NEXT = "tickets_next";
  private static final String TICKET = "ticket";
  private static final String DONE = "done";

  /** More pages than a pass of service requests usually has; older ones are listed again. */
  private static final int CACHED_TICKET_PAGES = 1_000;

  private final FreshserviceClient client;
  /** Pages of the current pass's service-request list, by token ("" for the first). */
  private final PageCache ticketPages = new PageCache(CACHED_TICKET_PAGES);
  private final ChildFanOut fanOut = new ChildFanOut("requested_items");

  FreshserviceRequestedItems(FreshserviceClient client) {
    this.client = client;
  }

  ReadMetrics metrics() {
    return fanOut.metrics();
  }

  ReadResult read(FreshserviceTable table, Offset start, OptionValues tableOptions) {
    if (start.get(DONE).isPresent()) {
      return new ReadResult(List.of(), start);
    }
    if (start.isStart()) {
      ticketPages.clear();
    }
    int budget = tableOptions.integer(CommonOptions.MAX_PAGES_PER_BATCH);
    Optional<String> token = start.get(TICKETS_NEXT);
    int position = parsePosition(start);
    List<ObjectNode> records = new ArrayList<>();
    List<ObjectNode> complete = new ArrayList<>();
    int pages = 0;
    while (true) {
      Page tickets = ticketPage(token, tableOptions);
      pages++;
      List<ObjectNode> requests = tickets.records();
      for (int i = position; i < requests.size(); i++) {
        long ticketId = requests.get(i).path("id").asLong();
        pages += itemsOf(table, ticketId, tableOptions, records);
        complete.add(Json.object().put("ticket_id", ticketId));
        if (pages >= budget && (i + 1 < requests.size() || tickets.next().isPresent())) {
          Offset end = i + 1 < requests.size()
              ? resumeAt(token, i + 1)
              : resumeAt(tickets.next(), 0);
          return new ReadResult(records, end, complete);
        }
      }
      if (tickets.next().isEmpty()) {
        return new ReadResult(records, Offset.START.with(DONE, "true"), complete);
      }
      token = tickets.next();
      position = 0;
      if (pages >= budget) {
        return new ReadResult(records, resumeAt(token, 0), complete);
      }
    }
  }

  /** Reads every page of one ticket's items into {@code out}; returns the pages read. */
  private int itemsOf(FreshserviceTable table, long ticketId, OptionValues tableOptions, List<ObjectNode> out) {
    String path = table.path().replace("{id}", Long.toString(ticketId));
    Map<String, String> query = FreshserviceClient.query(table, Map.of(), tableOptions);
    int[] pages = {0};
    fanOut.readAll(next -> {
      pages[0]++;
      return client.page(table, path, query, next);
    }).ifPresent(items ->
        // The API leaves the parent out of the item; the key needs it.
        items.forEach(item -> out.add(item.deepCopy().put("ticket_id", ticketId))));
    return pages[0];
  }

  private Page ticketPage(Optional<String> token, OptionValues tableOptions) {
    return ticketPages.get(token.orElse(""), () -> {
      FreshserviceTable tickets = FreshserviceTables.require("tickets", OptionValues.empty());
      Map<String, String> query = new LinkedHashMap<>();
      query.put("type", FreshserviceTables.SERVICE_REQUEST);
      query.put("updated_since", Instant.EPOCH.toString());
      query.putAll(FreshserviceClient.query(tickets, Map.of(), tableOptions));
      Page page = client.page(tickets, tickets.path(), query, token);
      // Keep only what the fan-out needs; a pass may hold many pages.
      List<ObjectNode> ids = page.records().stream()
          .filter(t -> FreshserviceTables.SERVICE_REQUEST.equals(t.path("type").asText()))
          .map(t -> Json.object().put("id", t.path("id").asLong()))
          .toList();
      return new Page(ids, page.next());
    });
  }

  private static Offset resumeAt(Optional<String> token, int position) {
    Offset offset = Offset.START.with(TICKET, Integer.toString(position));
    return token.map(t -> offset.with(TICKETS_NEXT, t)).orElse(offset);
  }

  private static int parsePosition(Offset start) {
    try {
      return Integer.parseInt(start.get(TICKET).orElse("0"));
    } catch (NumberFormatException e) {
      throw new UserException("Cannot resume table 'requested_items' from offset " + start.toJson()
          + ": 'ticket' must be a whole number");
    }
  }
}
