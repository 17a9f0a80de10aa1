package io.tributary.http;

import io.tributary.api.Offset;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The offset of deletes read from two places, as Salesforce's are: a listing of records marked
 * deleted (its recycle bin, read by a {@link KeysetListing}), whose own offset is nested here under
 * a prefix, and a provider's log of purged records, read forward from a time. The key names are
 * those Salesforce wrote before this moved to the toolkit, so stored offsets resume as they are.
 *
 * <p>The watermark is the lower of the positions of the places read, so neither place is passed
 * over, and it never moves backwards.
 */
public final class DeletesOffset {
  /** The nested listing's keys, each behind this prefix. */
  private static final String LISTING_PREFIX = OffsetKey.NESTED.key() + ".";

  private DeletesOffset() {}

  /** The listing's own offset, as it returned it last; {@link Offset#START} before the first. */
  public static Offset listing(Offset offset) {
    Map<String, String> state = new TreeMap<>();
    offset.state().forEach((k, v) -> {
      if (k.startsWith(LISTING_PREFIX)) {
        state.put(k.substring(LISTING_PREFIX.length()), v);
      }
    });
    return new Offset(OffsetKey.NESTED_WATERMARK.in(offset).map(Instant::parse).orElse(null), state);
  }

  /** Where the log is read from next; empty before its first read. */
  public static Optional<Instant> logFrom(Offset offset) {
    return OffsetKey.LOG_FROM.in(offset).map(Instant::parse);
  }

  /**
   * The offset after a read from {@code start}.
   *
   * @param listing the listing's end offset, empty when the table has no listing of deletes
   * @param logFrom where the log is to be read from next, empty when the table has no log
   */
  public static Offset after(Offset start, Optional<Offset> listing, Optional<Instant> logFrom) {
    Map<String, String> state = new TreeMap<>();
    listing.ifPresent(l -> {
      l.state().forEach((k, v) -> state.put(LISTING_PREFIX + k, v));
      l.watermarkIfSet().ifPresent(w -> state.put(OffsetKey.NESTED_WATERMARK.key(), w.toString()));
    });
    logFrom.ifPresent(f -> state.put(OffsetKey.LOG_FROM.key(), f.toString()));
    // The lower of the places read; none while the listing has no watermark yet.
    Optional<Instant> watermark = listing.isEmpty() ? logFrom
        : listing.get().watermarkIfSet().map(l -> logFrom.filter(f -> f.isBefore(l)).orElse(l));
    if (start.watermark() != null && (watermark.isEmpty() || watermark.get().isBefore(start.watermark()))) {
      watermark = start.watermarkIfSet();
    }
    return new Offset(watermark.orElse(null), state);
  }
}
