package io.tributary.simulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a list endpoint pages, and its caps. Build one with {@link #pageNumber}, {@link #cursor} or
 * {@link #none}, then refine it:
 *
 * <pre>
 * Paging.pageNumber("page", "per_page").perPage(30, 100).maxPage(300).withLinkHeader()
 * Paging.cursor("cursor", "per_page").nextToken("after_cursor").endFlag("end_of_stream").keepTokenAtEnd()
 * Paging.cursor("offset", "limit").nextToken("next_offset")
 * Paging.cursor("page[after]", "page[size]").nextToken("meta.after_cursor").hasMore("meta.has_more").nextUrl("links.next")
 * Paging.pageNumber("page", "per_page").nextPage("next_page").totalPages("total_pages").nextUrl("links.next")
 * </pre>
 *
 * <p>Page-number listings can announce what comes next in the body instead of (or besides) a
 * {@code Link} header: {@link #nextPage} (the number, null on the last page), {@link #nextUrl},
 * {@link #hasMore}, and the counts and links of {@link PageField}, as Harvest's API v2 does.
 *
 * <p>Page numbers index the filtered, sorted listing as it is at request time, so a record
 * updated mid-listing moves, as on the real APIs. Cursor tokens are opaque keyset positions
 * (the last record's sort value and id, plus the listing's filters), so a listing resumes
 * exactly after the last record returned.
 *
 * @param pageParam page-number parameter (1-based); null for cursor paging
 * @param sizeParam page-size parameter; null when the client cannot choose
 * @param defaultPerPage records per page when {@code sizeParam} is absent
 * @param maxPerPage a larger {@code sizeParam} answers 400
 * @param maxPage a larger page number answers 400 (Freshdesk's 300-page wall); 0 for no cap
 * @param linkHeader page-number paging sends {@code Link: <...>; rel="next"} when more pages exist
 * @param tokenParam cursor-token parameter; null for page-number paging
 * @param nextTokenField body path (dots for nesting) of the next token
 * @param nextUrlField body path of the absolute next-page URL (null on the last page)
 * @param endFlagField body path of a boolean that is true on the last page
 * @param hasMoreField body path of a boolean that is true when more pages exist
 * @param tokenAtEnd the last page still carries a token, to resume from later (Zendesk export)
 * @param pageFields body paths of a page-number listing's counts, numbers and links
 */
public record Paging(
    String pageParam,
    String sizeParam,
    int defaultPerPage,
    int maxPerPage,
    int maxPage,
    boolean linkHeader,
    String tokenParam,
    String nextTokenField,
    String nextUrlField,
    String endFlagField,
    String hasMoreField,
    boolean tokenAtEnd,
    Map<PageField, String> pageFields) {

  /** What a page-number listing can state in its body besides the records, each at a body path. */
  public enum PageField {
    /** This page's number. */
    PAGE,
    /** The page size in force: the requested one, or the default. */
    PER_PAGE,
    /** How many pages the listing has: at least 1, the first page being possibly empty. */
    TOTAL_PAGES,
    /** How many records the listing has. */
    TOTAL_ENTRIES,
    /** The next page's number; null on the last page. */
    NEXT_PAGE,
    /** The previous page's number; null on the first page. */
    PREVIOUS_PAGE,
    /** The absolute URL of the first page. */
    FIRST_PAGE_URL,
    /** The absolute URL of the previous page; null on the first page. */
    PREVIOUS_PAGE_URL,
    /** The absolute URL of the last page. */
    LAST_PAGE_URL
  }

  public Paging {
    if (defaultPerPage < 1 || maxPerPage < defaultPerPage) {
      throw new IllegalArgumentException(
          "Cannot page with default " + defaultPerPage + " and max " + maxPerPage + " per page");
    }
    pageFields = Map.copyOf(pageFields);
  }

  /** Every record in one response. */
  public static Paging none() {
    return new Paging(null, null, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, false, null, null, null, null, null, false, Map.of());
  }

  /** Page numbers from 1; 30 per page by default, at most 100; no Link header, no page cap. */
  public static Paging pageNumber(String pageParam, String sizeParam) {
    Objects.requireNonNull(pageParam, "pageParam");
    return new Paging(pageParam, sizeParam, 30, 100, 0, false, null, null, null, null, null, false, Map.of());
  }

  /** Opaque cursor tokens; 100 per page by default and at most. Say where the token goes. */
  public static Paging cursor(String tokenParam, String sizeParam) {
    Objects.requireNonNull(tokenParam, "tokenParam");
    return new Paging(null, sizeParam, 100, 100, 0, false, tokenParam, null, null, null, null, false, Map.of());
  }

  public Paging perPage(int defaultSize, int maxSize) {
    return new Paging(pageParam, sizeParam, defaultSize, maxSize, maxPage, linkHeader, tokenParam,
        nextTokenField, nextUrlField, endFlagField, hasMoreField, tokenAtEnd, pageFields);
  }

  public Paging maxPage(int max) {
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, max, linkHeader, tokenParam,
        nextTokenField, nextUrlField, endFlagField, hasMoreField, tokenAtEnd, pageFields);
  }

  public Paging withLinkHeader() {
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, maxPage, true, tokenParam,
        nextTokenField, nextUrlField, endFlagField, hasMoreField, tokenAtEnd, pageFields);
  }

  public Paging nextToken(String bodyPath) {
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, maxPage, linkHeader, tokenParam,
        bodyPath, nextUrlField, endFlagField, hasMoreField, tokenAtEnd, pageFields);
  }

  public Paging nextUrl(String bodyPath) {
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, maxPage, linkHeader, tokenParam,
        nextTokenField, bodyPath, endFlagField, hasMoreField, tokenAtEnd, pageFields);
  }

  public Paging endFlag(String bodyPath) {
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, maxPage, linkHeader, tokenParam,
        nextTokenField, nextUrlField, bodyPath, hasMoreField, tokenAtEnd, pageFields);
  }

  public Paging hasMore(String bodyPath) {
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, maxPage, linkHeader, tokenParam,
        nextTokenField, nextUrlField, endFlagField, bodyPath, tokenAtEnd, pageFields);
  }

  public Paging keepTokenAtEnd() {
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, maxPage, linkHeader, tokenParam,
        nextTokenField, nextUrlField, endFlagField, hasMoreField, true, pageFields);
  }

  /** The next page's number at {@code bodyPath}, null on the last page (page-number paging). */
  public Paging nextPage(String bodyPath) {
    return pageField(PageField.NEXT_PAGE, bodyPath);
  }

  /** The number of pages at {@code bodyPath} (page-number paging). */
  public Paging totalPages(String bodyPath) {
    return pageField(PageField.TOTAL_PAGES, bodyPath);
  }

  /** Writes {@code field} at {@code bodyPath} (dots for nesting) in every page of a page-number listing. */
  public Paging pageField(PageField field, String bodyPath) {
    if (pageParam == null) {
      throw new IllegalStateException("Cannot add page field " + field + ": only page-number paging has pages");
    }
    Map<PageField, String> fields = new EnumMap<>(PageField.class);
    fields.putAll(pageFields);
    fields.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(bodyPath, "bodyPath"));
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, maxPage, linkHeader, tokenParam,
        nextTokenField, nextUrlField, endFlagField, hasMoreField, tokenAtEnd, fields);
  }

  /** True when a page-number listing writes anything about its pages into the body. */
  boolean announcesPagesInBody() {
    return !pageFields.isEmpty() || nextUrlField != null || hasMoreField != null || endFlagField != null;
  }

  boolean isNone() {
    return pageParam == null && tokenParam == null;
  }

  boolean isCursor() {
    return tokenParam != null;
  }
}
