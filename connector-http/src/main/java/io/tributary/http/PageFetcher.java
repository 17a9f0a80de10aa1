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
}
