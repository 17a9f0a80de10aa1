package io.tributary.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ExternalException;
import io.tributary.http.JsonResponse;
import io.tributary.http.Page;
import io.tributary.http.Paging;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Page-number paging ({@code page} and {@code per_page}) whose next page shows as a {@code Link:
 * rel="next"} header, read so that a record leaving the list mid-read cannot make it skip another.
 *
 * <p>Page N + 1 of a list that lost a record ahead of page N since page N was read starts one
 * record later than it would have: the record that slid from page N + 1 onto page N is read by
 * neither, and in an incremental read its cursor lies below the watermark the read then sets. A
 * provider that documents no order for a list (a spam list, a deleted list, contacts, most
 * configuration lists) gives no cursor to re-query from, and a snapshot read would take the skipped
 * record for deleted. So each page after the first is asked for with a {@code per_page} and a
 * {@code page} chosen to start at least two records before where the last one ended, and must hold
 * that page's last record. While it does, every record shifted up by the list's losses is read by
 * the overlap; when it does not (more records left than the overlap covers, or that record itself
 * left), the list is read again from its first page, at most {@link #MAX_RESTARTS} times, then the
 * read fails rather than skip a record.
 *
 * <p>The cost is the overlap: pages of a few records fewer than {@code per_page} after the first,
 * about 1.15 times the requests of a long list read without it, and none for a list of one page.
 * A next token of this pager is {@code overlap:<records before it>:<restarts>:<last id>}; a URL
 * given as a token (an offset saved by {@link Pager#linkHeader()}) is followed as that pager would.
 */
record OverlappingPages(String pageParam, String perPageParam, String idAt) implements Pager {
  /**
   * The fewest records a page repeats of the one before it: the last record read is then at least
   * second on the next page, so a record that leaves the list ahead of it between two requests moves
   * it up one place and costs no restart.
   */
  static final int OVERLAP = 2;

  /** How many times one read of a list starts again from its first page before it fails. */
  static final int MAX_RESTARTS = 3;

  private static final String TOKEN = "overlap:";
  private static final System.Logger LOG = System.getLogger("io.tributary.http");

  OverlappingPages {
    Objects.requireNonNull(pageParam, "pageParam");
    Objects.requireNonNull(perPageParam, "perPageParam");
    Objects.requireNonNull(idAt, "idAt");
  }

  /**
   * The provider's own next pages: a sorted list is re-queried from its highest cursor after each
   * page, and the next pages it follows (a block of ties longer than a page) are read until two
   * passes agree, so the overlap would only cost requests. A token of this pager (an offset saved
   * before) is still read with its overlap.
   */
  @Override
  public Pager forSortedList() {
    return (request, next) -> next.isPresent() && next.get().startsWith(TOKEN) ? fetch(request, next)
        : Pager.linkHeader().fetch(request, next);
  }

  @Override
  public Page fetch(PageRequest request, Optional<String> next) {
    if (next.isPresent() && !next.get().startsWith(TOKEN)) {
      // An offset saved while this list was read by Pager.linkHeader(): that read ends as it began.
      return Pager.linkHeader().fetch(request, next);
    }
    Position at = next.map(Position::parse).orElse(Position.FIRST);
    if (at.read() == 0) {
      return page(request, request.first(), 0, at);
    }
    Slice slice = Slice.overlapping(at.read(), request.perPage());
    Map<String, String> query = new LinkedHashMap<>(request.query());
    query.put(pageParam, Integer.toString(slice.page()));
    query.put(perPageParam, Integer.toString(slice.perPage()));
    JsonResponse r = request.client().get(request.path(), query);
    List<ObjectNode> records = Paging.records(r, request.recordsAt());
    if (slice.start() >= at.read()) {
      return page(r, records, records, slice.start(), at);
    }
    int last = lastIndexOf(records, at.lastId());
    if (last < 0) {
      return restart(request, records, at);
    }
    // What comes before the last record read was read on the page before, or joined the list
    // behind the read (which a page read never sees): only what follows it is new.
    return page(r, records, records.subList(last + 1, records.size()), slice.start(), at);
  }

  /** The first page, or the first again: every record is new. */
  private Page page(PageRequest request, JsonResponse response, int start, Position at) {
    List<ObjectNode> records = Paging.records(response, request.recordsAt());
    return page(response, records, records, start, at);
  }

  /**
   * The page's {@code fresh} records, those of its {@code records} not read before, with a next
   * token while the provider links a next page and the page has records.
   */
  private Page page(JsonResponse response, List<ObjectNode> records, List<ObjectNode> fresh, int start, Position at) {
    if (records.isEmpty() || Paging.linkNext(response).isEmpty()) {
      return new Page(fresh, Optional.empty());
    }
    Position after = new Position(start + records.size(), at.restarts(), id(records.get(records.size() - 1)));
    return new Page(fresh, Optional.of(after.token()));
  }

  private int lastIndexOf(List<ObjectNode> records, String id) {
    for (int i = records.size() - 1; i >= 0; i--) {
      if (id(records.get(i)).equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The list lost more records ahead of this page than the overlap covers, or the last record read
   * left it: hand on what was read (the reader keeps one record per key) and start over.
   */
  private Page restart(PageRequest request, List<ObjectNode> records, Position at) {
    if (at.restarts() >= MAX_RESTARTS) {
      throw new ExternalException("Cannot page through " + request.path() + ": records left the list ahead "
          + "of the page being read " + (MAX_RESTARTS + 1) + " times during one read, and a page-numbered "
          + "list then skips records, so the read stops rather than lose one. Run it again when the "
          + "list changes less (bulk deletes or spam clean-ups finished)", 0, null, true);
    }
    LOG.log(System.Logger.Level.WARNING, () -> "GET " + request.path() + ": records left the list ahead of the "
        + "page being read, so later records moved up past it; reading the list again from its first page");
    return new Page(records, Optional.of(new Position(0, at.restarts() + 1, "").token()));
  }

  private String id(ObjectNode record) {
    JsonNode id = record.at(idAt);
    return id.isMissingNode() || id.isNull() ? record.toString() : id.asText();
  }

  /** Where a read of the list stands: the records before the next page, restarts, the last record's id. */
  private record Position(int read, int restarts, String lastId) {
    static final Position FIRST = new Position(0, 0, "");

    static Position parse(String token) {
      String[] parts = token.substring(TOKEN.length()).split(":", 3);
      if (parts.length != 3) {
        throw new IllegalArgumentException("Not a page token of overlapping pages: " + token);
      }
      return new Position(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), parts[2]);
    }

    String token() {
      return TOKEN + read + ":" + restarts + ":" + lastId;
    }
  }

  /**
   * One request: page {@code page} of {@code perPage} records, covering records {@code start} to
   * {@code start + perPage} (from 0).
   */
  record Slice(int page, int perPage) {
    int start() {
      return (page - 1) * perPage;
    }

    /**
     * The page that starts at least {@link #OVERLAP} records before record {@code read} and reaches
     * furthest past it, with at most {@code maxPerPage} records; the larger page (the longer
     * overlap) on a tie. Pages too small for that overlap to leave room for a new record overlap
     * less, down to none for a page of one record.
     */
    static Slice overlapping(int read, int maxPerPage) {
      for (int overlap = OVERLAP; overlap > 0; overlap--) {
        Slice best = furthest(Math.max(0, read - overlap), maxPerPage);
        if (best.start() + best.perPage() > read) {
          return best;
        }
      }
      return furthest(read, maxPerPage);
    }

    private static Slice furthest(int startBy, int maxPerPage) {
      Slice best = null;
      for (int perPage = maxPerPage; perPage >= 1; perPage--) {
        Slice slice = new Slice(startBy / perPage + 1, perPage);
        if (best == null || slice.start() + perPage > best.start() + best.perPage()) {
          best = slice;
        }
      }
      return best;
    }
  }
}
