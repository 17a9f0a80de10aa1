package io.tributary.simulator;

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
 * </pre>
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
 * @param nextUrlField body path of the absolute next-page URL
 * @param endFlagField body path of a boolean that is true on the last page
 * @param hasMoreField body path of a boolean that is true when more pages exist
 * @param tokenAtEnd the last page still carries a token, to resume from later (Zendesk export)
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
    boolean tokenAtEnd) {

  public Paging {
    if (defaultPerPage < 1 || maxPerPage < defaultPerPage) {
      throw new IllegalArgumentException(
          "Cannot page with default " + defaultPerPage + " and max " + maxPerPage + " per page");
    }
  }

  /** Every record in one response. */
  public static Paging none() {
    return new Paging(null, null, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, false, null, null, null, null, null, false);
  }

  /** Page numbers from 1; 30 per page by default, at most 100; no Link header, no page cap. */
  public static Paging pageNumber(String pageParam, String sizeParam) {
    Objects.requireNonNull(pageParam, "pageParam");
    return new Paging(pageParam, sizeParam, 30, 100, 0, false, null, null, null, null, null, false);
  }

  /** Opaque cursor tokens; 100 per page by default and at most. Say where the token goes. */
  public static Paging cursor(String tokenParam, String sizeParam) {
    Objects.requireNonNull(tokenParam, "tokenParam");
    return new Paging(null, sizeParam, 100, 100, 0, false, tokenParam, null, null, null, null, false);
  }

  public Paging perPage(int defaultSize, int maxSize) {
    return new Paging(pageParam, sizeParam, defaultSize, maxSize, maxPage, linkHeader, tokenParam,
        nextTokenField, nextUrlField, endFlagField, hasMoreField, tokenAtEnd);
  }

  public Paging maxPage(int max) {
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, max, linkHeader, tokenParam,
        nextTokenField, nextUrlField, endFlagField, hasMoreField, tokenAtEnd);
  }

  public Paging withLinkHeader() {
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, maxPage, true, tokenParam,
        nextTokenField, nextUrlField, endFlagField, hasMoreField, tokenAtEnd);
  }

  public Paging nextToken(String bodyPath) {
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, maxPage, linkHeader, tokenParam,
        bodyPath, nextUrlField, endFlagField, hasMoreField, tokenAtEnd);
  }

  public Paging nextUrl(String bodyPath) {
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, maxPage, linkHeader, tokenParam,
        nextTokenField, bodyPath, endFlagField, hasMoreField, tokenAtEnd);
  }

  public Paging endFlag(String bodyPath) {
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, maxPage, linkHeader, tokenParam,
        nextTokenField, nextUrlField, bodyPath, hasMoreField, tokenAtEnd);
  }

  public Paging hasMore(String bodyPath) {
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, maxPage, linkHeader, tokenParam,
        nextTokenField, nextUrlField, endFlagField, bodyPath, tokenAtEnd);
  }

  public Paging keepTokenAtEnd() {
    return new Paging(pageParam, sizeParam, defaultPerPage, maxPerPage, maxPage, linkHeader, tokenParam,
        nextTokenField, nextUrlField, endFlagField, hasMoreField, true);
  }

  boolean isNone() {
    return pageParam == null && tokenParam == null;
  }

  boolean isCursor() {
    return tokenParam != null;
  }
}
