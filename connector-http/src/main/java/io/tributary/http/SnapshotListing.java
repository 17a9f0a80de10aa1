package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads every page of a snapshot table, resumably, following the offset rules of {@code
 * Connector#read}: at most {@code max_pages_per_batch} pages per call; the state holds {@code next}
 * (the following page's token) while the listing runs and {@code done} once it is exhausted, which
 * is the fixed point.
 *
 * <pre>
 * SnapshotListing listing = SnapshotListing.of("agents", tableOptions);
 * return listing.read(start, next -> {
 *   JsonResponse r = next.isPresent() ? client.get(next.get()) : client.get("/api/v2/agents", query);
 *   return new Page(Paging.records(r, "/agents"), Paging.linkNext(r));
 * });
 * </pre>
 */
public final class SnapshotListing {
  private final String table;
  private final int maxPagesPerBatch;
  private final Prefetch prefetch;

  public SnapshotListing(String table, int maxPagesPerBatch) {
    this(table, maxPagesPerBatch, null);
  }

  private SnapshotListing(String table, int maxPagesPerBatch, Prefetch prefetch) {
    if (maxPagesPerBatch < 1) {
      throw new IllegalArgumentException("maxPagesPerBatch must be at least 1: " + maxPagesPerBatch);
    }
    this.table = table;
    this.maxPagesPerBatch = maxPagesPerBatch;
    this.prefetch = prefetch;
  }

  /**
   * This listing, asking for the page after a call's last in the background as the call returns
   * ({@link Prefetch}); the next call from that offset starts with it. Pass the table's own slot on
   * every call.
   */
  public SnapshotListing prefetching(Prefetch slot) {
    return new SnapshotListing(table, maxPagesPerBatch, Objects.requireNonNull(slot, "slot"));
  }

  /** Reads {@code max_pages_per_batch} from {@code tableOptions} (default 50 when not declared). */
  public static SnapshotListing of(String table, OptionValues tableOptions) {
    return new SnapshotListing(table, Listings.intOption(tableOptions, CommonOptions.MAX_PAGES_PER_BATCH, 50));
  }

  /**
   * Reads the next pages after {@code start}.
   *
   * @param fetcher fetches the page for a token; empty means the first page
   * @throws ExternalException when the provider returns the same next token twice in a row, which
   *     would page forever
   */
  public ReadResult read(Offset start, Function<Optional<String>, Page> fetcher) {
    return TableContext.reading(table, () -> readInContext(start, fetcher));
  }

  private ReadResult readInContext(Offset start, Function<Optional<String>, Page> fetcher) {
    if (OffsetKey.DONE.in(start).isPresent()) {
      return new ReadResult(List.of(), start);
    }
    Optional<String> next = OffsetKey.NEXT.in(start);
    List<ObjectNode> records = new ArrayList<>();
    for (int pages = 0; pages < maxPagesPerBatch; pages++) {
      Page page = fetch(fetcher, next);
      records.addAll(page.records());
      if (page.next().isEmpty()) {
        return new ReadResult(records, start.withoutState().with(OffsetKey.DONE.key(), "true"));
      }
      Listings.requireProgress(table, next, page.next());
      next = page.next();
    }
    String token = next.orElseThrow();
    if (prefetch != null) {
      prefetch.start(requestKey(next), () -> fetcher.apply(Optional.of(token)));
    }
    return new ReadResult(records, start.withoutState().with(OffsetKey.NEXT.key(), token));
  }

  private Page fetch(Function<Optional<String>, Page> fetcher, Optional<String> next) {
    return prefetch == null ? fetcher.apply(next) : prefetch.take(requestKey(next), () -> fetcher.apply(next));
  }

  /** The first page is never prefetched, so its key matches nothing held: a new pass discards it. */
  private static String requestKey(Optional<String> next) {
    return next.map(token -> "next " + token).orElse("first");
  }

  @Override
  public String toString() {
    return "SnapshotListing[" + table + ", " + maxPagesPerBatch + " pages per batch]";
  }
}
