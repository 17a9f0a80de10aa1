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
   * Fetches one page of a listing that may also bound the cursor from above. {@code until} is the
   * last whole cursor unit that had ended when the listing started ({@link Cursors#closedBound}):
   * the listing's watermark never passes it, so a provider with a two-sided filter (Chargebee's
   * {@code updated_at[between]}) may leave everything later to the next listing. It stays the same
   * for every page of one listing, across calls and processes. By default the bound is not sent.
   */
  default Page fetch(Instant since, Instant until, Optional<String> next) {
    return fetch(since, next);
  }

  /** A list whose filter is two-sided: {@code fetcher} gets the listing's upper bound too. */
  static PageFetcher windowed(WindowFetcher fetcher) {
    return new PageFetcher() {
      @Override
      public Page fetch(Instant since, Optional<String> next) {
        throw new UnsupportedOperationException("a windowed list is fetched with its upper bound");
      }

      @Override
      public Page fetch(Instant since, Instant until, Optional<String> next) {
        return fetcher.fetch(since, until, next);
      }
    };
  }

  /** Fetches one page of a list filtered on {@code since <= cursor <= until}. */
  @FunctionalInterface
  interface WindowFetcher {
    Page fetch(Instant since, Instant until, Optional<String> next);
  }

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
      public Page fetch(Instant since, Instant until, Optional<String> next) {
        return fetcher.fetch(since, until, next);
      }

      @Override
      public boolean sortedByCursor() {
        return true;
      }
    };
  }
}
