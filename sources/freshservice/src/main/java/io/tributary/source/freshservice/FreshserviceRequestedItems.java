package io.tributary.source.freshservice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
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
 * The requested_items snapshot: for every service-request ticket the tickets table keeps, {@code
 * GET /api/v2/tickets/{id}/requested_items}. Incidents have no items and are never asked about.
 *
 * <ul>
 *   <li>The parents are the records of the parent table this table's metadata names, listed
 *       through every list that table reads its records from (the default list and {@code
 *       filter=spam} for tickets), one after another. A list added to the tickets table is thus a
 *       parent list here too: spam service requests keep their items, and trashed ones, which
 *       tickets reports as deletes, take theirs with them.
 *   <li>Each list is read once per pass ({@code type=Service Request}, from the epoch so the 30-day
 *       default window does not hide old requests); a pass's pages are kept, so a resumed or
 *       replayed call does not list them again.
 *   <li>Every request, the fan-out included, goes through the connection's one client and so
 *       counts against the same rate budget; ticket pages and item pages both count towards
 *       max_pages_per_batch.
 *   <li>A ticket deleted between the listing and its items call answers 404: it is skipped and
 *       counted ({@code requested_items_skipped_not_found}), not fatal: the toolkit's {@link
 *       ChildFanOut}. Every other ticket asked about is reported as a complete parent.
 * </ul>
 *
 * Offset state: {@code list} (which parent list; absent for the first, so offsets written before
 * there were several lists resume in it), {@code tickets_next} (the ticket page being worked on;
 * absent for a list's first), {@code ticket} (the position of the next ticket in it) and {@code
 * done}.
 */
final class FreshserviceRequestedItems {
  private static final String LIST = "list";
  private static final String TICKETS_NEXT = "tickets_next";
  private static final String TICKET = "ticket";
  private static final String DONE = "done";

  /** More pages than a pass of service requests usually has; older ones are listed again. */
  private static final int CACHED_TICKET_PAGES = 1_000;

  private final FreshserviceClient client;
  /** Pages of the current pass's service-request lists, by list and token. */
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
    FreshserviceTable parent = parentOf(table);
    List<Map<String, String>> lists = parent.recordFilters();
    int budget = tableOptions.integer(CommonOptions.MAX_PAGES_PER_BATCH);
    Position at = Position.of(start, lists.size());
    List<ObjectNode> records = new ArrayList<>();
    List<ObjectNode> complete = new ArrayList<>();
    int pages = 0;
    while (true) {
      Page tickets = ticketPage(parent, at, lists.get(at.list()), tableOptions);
      pages++;
      List<ObjectNode> requests = tickets.records();
      for (int i = at.ticket(); i < requests.size(); i++) {
        long ticketId = requests.get(i).path("id").asLong();
        pages += itemsOf(table, ticketId, tableOptions, records, complete);
        Optional<Position> next = i + 1 < requests.size()
            ? Optional.of(at.atTicket(i + 1))
            : at.after(tickets, lists.size());
        if (pages >= budget && next.isPresent()) {
          return new ReadResult(records, next.get().toOffset(), complete);
        }
      }
      Optional<Position> next = at.after(tickets, lists.size());
      if (next.isEmpty()) {
        return new ReadResult(records, Offset.START.with(DONE, "true"), complete);
      }
      at = next.get();
      if (pages >= budget) {
        return new ReadResult(records, at.toOffset(), complete);
      }
    }
  }

  /**
   * Reads every page of one ticket's items into {@code out} and, unless the ticket was gone (404,
   * so its items are unknown), its key into {@code complete}; returns the pages read.
   */
  private int itemsOf(FreshserviceTable table, long ticketId, OptionValues tableOptions,
      List<ObjectNode> out, List<ObjectNode> complete) {
    String path = table.path().replace("{id}", Long.toString(ticketId));
    Map<String, String> query = FreshserviceClient.query(table, Map.of(), tableOptions);
    int[] pages = {0};
    Optional<List<ObjectNode>> items = fanOut.readAll(next -> {
      pages[0]++;
      return client.page(table, path, query, next);
    });
    items.ifPresent(found -> {
      // The API leaves the parent out of the item; the key needs it.
      found.forEach(item -> out.add(item.deepCopy().put("ticket_id", ticketId)));
      complete.add(Json.object().put("ticket_id", ticketId));
    });
    return pages[0];
  }

  private Page ticketPage(FreshserviceTable tickets, Position at, Map<String, String> filter,
      OptionValues tableOptions) {
    return ticketPages.get(at.list() + "|" + at.token().orElse(""), () -> {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("type", FreshserviceTables.SERVICE_REQUEST);
      query.put("updated_since", Instant.EPOCH.toString());
      query.putAll(FreshserviceClient.query(tickets, filter, tableOptions));
      Page page = client.page(tickets, tickets.path(), query, at.token());
      // Keep only what the fan-out needs; a pass may hold many pages. The type is checked here
      // too, in case a filtered list (spam) does not narrow by type as the default list does.
      List<ObjectNode> ids = page.records().stream()
          .filter(t -> FreshserviceTables.SERVICE_REQUEST.equals(t.path("type").asText()))
          .map(t -> Json.object().put("id", t.path("id").asLong()))
          .toList();
      return new Page(ids, page.next());
    });
  }

  /** The table whose records are this child table's parents, as its metadata declares. */
  private static FreshserviceTable parentOf(FreshserviceTable table) {
    String parent = table.metadata().childOf().orElseThrow(() -> new IllegalStateException(
        "table " + table.name() + " is read per parent but declares no parent")).parentTable();
    return FreshserviceTables.require(parent, OptionValues.empty());
  }

  /**
   * Where a pass stands: in parent list {@code list}, on the page {@code token} names (empty for
   * the list's first), before the ticket at {@code ticket}.
   */
  private record Position(int list, Optional<String> token, int ticket) {
    static Position of(Offset start, int lists) {
      int list = whole(start, LIST);
      if (list >= lists) {
        throw new UserException("Cannot resume table 'requested_items' from offset " + start.toJson()
            + ": it is in parent list " + list + " of a table whose parents come from " + lists);
      }
      return new Position(list, start.get(TICKETS_NEXT), whole(start, TICKET));
    }

    Position atTicket(int position) {
      return new Position(list, token, position);
    }

    /** The position after the last ticket of {@code page}: its next page, the next list, or none. */
    Optional<Position> after(Page page, int lists) {
      if (page.next().isPresent()) {
        return Optional.of(new Position(list, page.next(), 0));
      }
      return list + 1 < lists ? Optional.of(new Position(list + 1, Optional.empty(), 0)) : Optional.empty();
    }

    Offset toOffset() {
      Offset offset = Offset.START.with(TICKET, Integer.toString(ticket))
          .with(TICKETS_NEXT, token.orElse(null));
      // Written only past the first list, so single-list offsets read as before.
      return list > 0 ? offset.with(LIST, Integer.toString(list)) : offset;
    }

    private static int whole(Offset start, String key) {
      try {
        int value = Integer.parseInt(start.get(key).orElse("0"));
        if (value < 0) {
          throw new NumberFormatException();
        }
        return value;
      } catch (NumberFormatException e) {
        throw new UserException("Cannot resume table 'requested_items' from offset " + start.toJson()
            + ": '" + key + "' must be a whole number");
      }
    }
  }
}
