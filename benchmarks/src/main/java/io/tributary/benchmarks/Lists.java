package io.tributary.benchmarks;

import io.tributary.simulator.LoggedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The lists a read asked for, taken from a simulator's request log, and the fewest requests that
 * could have read them: per list, ceil(records it holds ÷ the vendor's largest page), at least one.
 *
 * <p>A list is a path with its filters: every query parameter except those that page or window it
 * ({@link #PAGING}, {@link #WINDOW}). Its records are the {@link LoggedRequest#served} counts of
 * its pages, one count per page position (a page read twice counts once, the larger count), so a
 * re-read of the same page never inflates the minimum. A connector that pages by moving a lower
 * bound on the cursor ({@code updated_since >= last seen}) is served the records at each bound
 * twice, at the end of one page and the start of the next; those are counted twice, which can
 * raise the minimum by a request per few dozen pages: the ratio may flatter such a connector by
 * up to about 3 % (a tie group of 3 at 100 per page).
 */
final class Lists {
  /**
   * Parameters that say where in a list a page starts: its position. A lower bound on the cursor
   * ({@code updated_since}) is one: a connector that pages by moving it forward (keyset paging)
   * reads a new position with each request.
   */
  static final Set<String> PAGING = Set.of("page", "page[after]", "page[before]", "cursor", "offset",
      "next_offset", "locator", "start_time", "next_page", "updated_since", "_updated_since", "created_since",
      "since", "updated_at[after]", "updated_at[between]", "occurred_at[after]", "occurred_at[between]", "start",
      "end");
  /** Parameters that size or sort a list without changing which records it holds. */
  static final Set<String> WINDOW = Set.of("per_page", "page[size]", "limit", "maxRecords", "order_by",
      "order_type", "sort", "sort_by", "sort_order", "sort_by[asc]", "sort_by[desc]");
  /** Salesforce's next page of a query: {@code .../query/<locator>} or {@code .../queryAll/<locator>}, a continuation of the query before it. */
  private static final Pattern QUERY_MORE = Pattern.compile("(.*/query(?:All)?)/([^/]+)$");
  /** Timestamps inside a SOQL text: a window, not a different list. */
  private static final Pattern SOQL_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(Z|[+-]\\d{2}:?\\d{2})");
  private static final Pattern ID_SEGMENT = Pattern.compile("/[0-9]+(?=/|$)");

  /** What one list held and cost. */
  record ListCost(String key, int requests, long records, boolean counted, long minimum) {}

  private Lists() {}

  /** Lists of {@code log}, in order of first request; requests that are no list's page are left out. */
  static List<ListCost> of(List<LoggedRequest> log, SourceRig.PageRule pages) {
    Map<String, Map<String, Integer>> servedByPosition = new LinkedHashMap<>();
    Map<String, Integer> requests = new HashMap<>();
    Map<String, Integer> maxPage = new HashMap<>();
    String lastQuery = null;
    for (LoggedRequest request : log) {
      String key;
      String position;
      var more = QUERY_MORE.matcher(request.path());
      if (more.matches() && lastQuery != null && !request.path().contains("/jobs/")) {
        key = lastQuery;
        position = more.group(2);
      } else {
        key = key(request.path(), request.query());
        position = position(request.query());
        var times = SOQL_TIME.matcher(request.query().getOrDefault("q", ""));
        while (times.find()) {
          position += times.group() + "&";
        }
        if (request.query().containsKey("q")) {
          lastQuery = key;
        }
      }
      if (!isList(request)) {
        continue;
      }
      requests.merge(key, 1, Integer::sum);
      maxPage.putIfAbsent(key, pages.maxPage(request.path()));
      Map<String, Integer> positions = servedByPosition.computeIfAbsent(key, k -> new HashMap<>());
      if (request.status() == 200 && request.served() != LoggedRequest.UNKNOWN) {
        positions.merge(position, request.served(), Math::max);
      }
    }
    List<ListCost> lists = new ArrayList<>();
    servedByPosition.forEach((key, positions) -> {
      long records = positions.values().stream().mapToLong(Integer::longValue).sum();
      boolean counted = !positions.isEmpty();
      long minimum = counted ? Math.max(1, ceilDiv(records, maxPage.get(key))) : 0;
      lists.add(new ListCost(key, requests.get(key), records, counted, minimum));
    });
    return lists;
  }

  /**
   * Whether a request reads a list of records. Salesforce's OAuth token, {@code describe} (a
   * table's fields) and {@code SELECT COUNT()} (a number) list none; they cost requests, reported
   * apart, but add nothing to the minimum.
   */
  static boolean isList(LoggedRequest request) {
    return !request.path().endsWith("/describe") && !request.path().endsWith("/oauth2/token")
        && !request.query().getOrDefault("q", "").contains("COUNT()");
  }

  /** The list a request belongs to: its path and filters, without paging or windowing parameters. */
  static String key(String path, Map<String, String> query) {
    Map<String, String> filters = new TreeMap<>();
    query.forEach((name, value) -> {
      if (!PAGING.contains(name) && !WINDOW.contains(name)) {
        filters.put(name, name.equals("q") ? SOQL_TIME.matcher(value).replaceAll("T") : value);
      }
    });
    return filters.isEmpty() ? path : path + "?" + filters;
  }

  /** The list with numeric path segments as {@code {id}}: a child's lists of all parents as one. */
  static String shape(String key) {
    return ID_SEGMENT.matcher(key).replaceAll("/{id}");
  }

  private static String position(Map<String, String> query) {
    StringBuilder position = new StringBuilder();
    for (String name : new TreeMap<>(query).keySet()) {
      if (PAGING.contains(name)) {
        position.append(name).append('=').append(query.get(name)).append('&');
      }
    }
    return position.toString();
  }

  private static long ceilDiv(long records, int perPage) {
    return (records + perPage - 1) / perPage;
  }
}
