package io.tributary.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.http.JsonResponse;
import io.tributary.http.Page;
import io.tributary.http.Paging;
import io.tributary.http.RestClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a list pages, as a value: which request fetches the first page, how a page names the next
 * one, and which request fetches that. A table declares its pager; the listing engine only sees
 * {@link Page#next()} tokens, whose meaning (a URL, a page number, a provider cursor, an offset)
 * belongs to the pager that made them.
 *
 * <pre>
 * Pager.linkHeader()                                   // Link rel="next", followed as given
 * Pager.overlappingPages("page", "per_page", "/id")    // Freshdesk, Freshservice: pages that overlap
 * Pager.pageNumber("page").untilShortPage()            // stop after a page of fewer than per_page
 * Pager.pageNumber("page").nextPageAt("/next_page")    // Harvest: next_page is a number or null
 * Pager.pageNumber("page").totalPagesAt("/total_pages")
 * Pager.pageNumber("page").whileTrue("/has_more")
 * Pager.nextUrlAt("/links/next")                       // a URL in the body, null on the last page
 * Pager.tokenAt("/next_offset", "offset")              // Chargebee keyset: next_offset while present
 * Pager.tokenAt("/meta/after_cursor", "page[after]").whileTrue("/meta/has_more")
 * Pager.offsetLimit("offset")                          // offset += per_page until a short page
 * </pre>
 */
public interface Pager {

  /**
   * Fetches one page.
   *
   * @param request the client, the path and the first page's query; {@code next} empty for the
   *     first page, otherwise a token this pager returned
   */
  Page fetch(PageRequest request, Optional<String> next);

  /**
   * This pager for a list the provider sorts ascending by the cursor, which the listing re-queries
   * from the highest cursor read rather than trusting page N + 1 ({@link
   * io.tributary.http.PageFetcher#sortedByCursor()}): the same pager, unless it pays for a guard
   * such a list does not need.
   */
  default Pager forSortedList() {
    return this;
  }

  /**
   * One page request of a table.
   *
   * @param recordsAt the JSON pointer of the records' array in the body; {@code ""} for a bare array
   * @param perPage the page size the query asks for, which tells a short (last) page
   */
  record PageRequest(RestClient client, String path, Map<String, String> query, String recordsAt, int perPage) {
    public PageRequest {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(path, "path");
      query = Map.copyOf(query);
      Objects.requireNonNull(recordsAt, "recordsAt");
    }

    JsonResponse first() {
      return client.get(path, query);
    }

    JsonResponse with(String param, String value) {
      Map<String, String> q = new LinkedHashMap<>(query);
      q.put(param, value);
      return client.get(path, q);
    }

    Page page(JsonResponse response, Optional<String> next) {
      return new Page(Paging.records(response, recordsAt), next);
    }
  }

  /** The {@code Link} header's {@code rel="next"} URL (RFC 8288), followed as given. */
  static Pager linkHeader() {
    return (request, next) -> {
      JsonResponse r = next.isPresent() ? request.client().get(next.get()) : request.first();
      return request.page(r, Paging.linkNext(r));
    };
  }

  /**
   * Page-number paging with a {@code Link: rel="next"} header, each page after the first starting
   * at least one record before the last one ended, so that a record leaving the list mid-read does
   * not make the next page skip one: see {@link OverlappingPages}. For lists in no documented order
   * of providers that page by number (Freshdesk, Freshservice).
   *
   * @param idAt the JSON pointer of a record's id, which tells the overlap's records
   */
  static Pager overlappingPages(String pageParam, String perPageParam, String idAt) {
    return new OverlappingPages(pageParam, perPageParam, idAt);
  }

  /** A URL in the body at {@code pointer}, followed as given; absent, null or empty on the last page. */
  static Pager nextUrlAt(String pointer) {
    return (request, next) -> {
      JsonResponse r = next.isPresent() ? request.client().get(next.get()) : request.first();
      return request.page(r, Paging.token(r.body(), pointer));
    };
  }

  /** A provider token in the body at {@code pointer}, sent back as the query parameter {@code param}. */
  static TokenPager tokenAt(String pointer, String param) {
    return new TokenPager(pointer, param, Optional.empty(), Optional.empty());
  }

  /** Pages numbered from 1 in the query parameter {@code param}; say how the last page shows. */
  static PageNumbers pageNumber(String param) {
    return new PageNumbers(param);
  }

  /**
   * An offset in the query parameter {@code param}, starting at 0 and moving by the records
   * received, until a page shorter than {@code per_page}.
   */
  static Pager offsetLimit(String param) {
    return (request, next) -> {
      int offset = next.map(Integer::parseInt).orElse(0);
      JsonResponse r = request.with(param, Integer.toString(offset));
      Page page = request.page(r, Optional.empty());
      int received = page.records().size();
      return received < request.perPage() || received == 0 ? page
          : new Page(page.records(), Optional.of(Integer.toString(offset + received)));
    };
  }

  /**
   * A token pager, optionally bounded by a boolean in the body.
   *
   * @param endAt a boolean that is true on the last page ({@code end_of_stream}, {@code done})
   * @param moreAt a boolean that is true while pages follow ({@code has_more})
   */
  record TokenPager(String pointer, String param, Optional<String> endAt, Optional<String> moreAt) implements Pager {
    /** The token counts only while the boolean at {@code pointer} is true. */
    public TokenPager whileTrue(String morePointer) {
      return new TokenPager(pointer, param, endAt, Optional.of(morePointer));
    }

    /** The token counts only until the boolean at {@code pointer} is true. */
    public TokenPager untilTrue(String endPointer) {
      return new TokenPager(pointer, param, Optional.of(endPointer), moreAt);
    }

    @Override
    public Page fetch(PageRequest request, Optional<String> next) {
      JsonResponse r = next.isPresent() ? request.with(param, next.get()) : request.first();
      JsonNode body = r.body();
      boolean last = endAt.map(p -> body.at(p).asBoolean(false)).orElse(false)
          || moreAt.map(p -> !body.at(p).asBoolean(false)).orElse(false);
      return request.page(r, last ? Optional.empty() : Paging.token(body, pointer));
    }
  }

  /** Page-number paging: {@code page=1, 2, ...}; each style says how the last page shows. */
  final class PageNumbers {
    private final String param;

    PageNumbers(String param) {
      this.param = Objects.requireNonNull(param, "param");
    }

    /** The last page holds fewer records than {@code per_page} (an empty page ends too). */
    public Pager untilShortPage() {
      return numbered((request, page, records, body) -> records >= request.perPage() && records > 0);
    }

    /**
     * The body names the next page at {@code pointer}: a page number, or a URL carrying it (the
     * URL is followed as given); null or absent on the last page.
     */
    public Pager nextPageAt(String pointer) {
      return (request, next) -> {
        JsonResponse r = next.filter(PageNumbers::isUrl).isPresent() ? request.client().get(next.get())
            : request.with(param, next.orElse("1"));
        return request.page(r, Paging.token(r.body(), pointer));
      };
    }

    /** The body gives the number of pages at {@code pointer}. */
    public Pager totalPagesAt(String pointer) {
      return numbered((request, page, records, body) -> page < body.at(pointer).asInt(0));
    }

    /** The boolean at {@code pointer} is true while pages follow ({@code has_more}). */
    public Pager whileTrue(String pointer) {
      return numbered((request, page, records, body) -> body.at(pointer).asBoolean(false));
    }

    private Pager numbered(MorePages more) {
      return (request, next) -> {
        int page = next.map(Integer::parseInt).orElse(1);
        JsonResponse r = request.with(param, Integer.toString(page));
        Page fetched = request.page(r, Optional.empty());
        return more.after(request, page, fetched.records().size(), r.body())
            ? new Page(fetched.records(), Optional.of(Integer.toString(page + 1))) : fetched;
      };
    }

    private static boolean isUrl(String token) {
      return token.startsWith("http://") || token.startsWith("https://") || token.startsWith("/");
    }

    @FunctionalInterface
    private interface MorePages {
      boolean after(PageRequest request, int page, int records, JsonNode body);
    }
  }
}
