package io.tributary.http;

import java.time.Instant;
import java.util.Optional;

/**
 * Fetches one page of an incremental listing for {@link IncrementalListing}.
 *
 * <p>{@code since} is the inclusive lower bound on the cursor ({@code updated_since >= since}); it
 * stays the same for every page of one query. {@code next} is empty for the first page of a query,
 * otherwise the {@link Page#next()} the previous page returned. Implementations typically call
 * {@link RestClient#get(String, java.util.Map)} and build the page with {@link Paging}.
 */
@FunctionalInterface
public interface PageFetcher {
  Page fetch(Instant since, Optional<String> next);

  /**
   * True when the provider documents this list as sorted ascending by the cursor (Freshdesk's and
   * Freshservice's {@code order_by=updated_at&order_type=asc}). The listing then starts each page
   * as a new query from the highest cursor seen so far, instead of asking for page N + 1: a record
   * updated between two page requests moves to the end of the list and shifts every later record
   * up by one, so page N + 1 would skip the record that slid onto page N. False (the default) for
   * lists in another order or an undocumented one; those follow the provider's next page.
   */
  default boolean sortedByCursor() {
    return false;
  }

  /** {@code fetcher}, declared sorted ascending by the cursor: see {@link #sortedByCursor()}. */
  static PageFetcher sortedByCursor(PageFetcher fetcher) {
    return new PageFetcher() {
      @Override
      public Page fetch(Instant since, Optional<String> next) {
        return fetcher.fetch(since, next);
      }

      @Override
      public boolean sortedByCursor() {
        return true;
      }
    };
  }
}
