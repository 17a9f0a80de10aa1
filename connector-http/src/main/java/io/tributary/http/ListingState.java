package io.tributary.http;

import io.tributary.api.Offset;
import io.tributary.api.UserException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Where an {@link IncrementalListing} stands within one listing; lives in the offset's state. */
record ListingState(
    Instant since, Optional<String> next, Instant startedAt, Optional<Instant> maxSeen, int queryPages) {

  static ListingState begin(Instant since, Instant startedAt) {
    return new ListingState(since, Optional.empty(), startedAt, Optional.empty(), 0);
  }

  /** The listing {@code offset} is in the middle of, if any. */
  static Optional<ListingState> resume(Offset offset) {
    if (offset.get(IncrementalListing.SINCE).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ListingState(
          Instant.parse(offset.get(IncrementalListing.SINCE).get()),
          offset.get(IncrementalListing.NEXT),
          Instant.parse(offset.get(IncrementalListing.STARTED_AT).orElseThrow(() -> missing(offset))),
          offset.get(IncrementalListing.MAX_SEEN).map(Instant::parse),
          Integer.parseInt(offset.get(IncrementalListing.QUERY_PAGES).orElse("0"))));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new UserException("Cannot resume from offset " + offset.toJson()
          + ": its state is not one an incremental listing wrote");
    }
  }

  private static UserException missing(Offset offset) {
    return new UserException("Cannot resume from offset " + offset.toJson()
        + ": its state has since but no started_at");
  }

  ListingState afterPage(Optional<Instant> pageMax) {
    Optional<Instant> seen = maxSeen;
    if (pageMax.isPresent() && (seen.isEmpty() || pageMax.get().isAfter(seen.get()))) {
      seen = pageMax;
    }
    return new ListingState(since, next, startedAt, seen, queryPages + 1);
  }

  ListingState withNext(Optional<String> value) {
    return new ListingState(since, value, startedAt, maxSeen, queryPages);
  }

  ListingState reslice(Instant newSince) {
    return new ListingState(newSince, Optional.empty(), startedAt, maxSeen, 0);
  }

  Offset toOffset(Instant watermark) {
    Map<String, String> state = new TreeMap<>();
    state.put(IncrementalListing.SINCE, since.toString());
    next.ifPresent(n -> state.put(IncrementalListing.NEXT, n));
    state.put(IncrementalListing.STARTED_AT, startedAt.toString());
    maxSeen.ifPresent(m -> state.put(IncrementalListing.MAX_SEEN, m.toString()));
    state.put(IncrementalListing.QUERY_PAGES, String.valueOf(queryPages));
    return new Offset(watermark, state);
  }
}
