package io.tributary.http;

import io.tributary.api.Offset;
import io.tributary.api.UserException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where an {@link IncrementalListing} stands within one listing; lives in the offset's state.
 *
 * @param since the {@code >=} bound of the current query
 * @param next the provider's token for the current query's next page; empty for its first page
 * @param startedAt when the listing started, by our clock
 * @param maxSeen the highest cursor seen in the listing, whatever its value
 * @param queryPages pages read in the current query, for a provider's page wall
 * @param list which of the listing's filtered lists is being read
 * @param from the listing's lower bound: every list starts its first query there
 * @param queryMax the highest cursor seen in the current list, where a re-slice restarts it
 * @param reached the highest cursor seen in a second that had ended by {@code startedAt}: where the watermark
 *     moves when the listing completes. A cursor past our clock (a provider clock ahead of ours)
 *     never counts, so the watermark settles instead of following the skew every call.
 * @param unsorted true once a list declared sorted by its cursor served a page out of order: the
 *     rest of that list follows the provider's next pages
 * @param tie in a list sorted by its cursor, the block of ties longer than a page being read by the
 *     provider's next pages, pass after pass until two passes agree
 */
record ListingState(
    Instant since, Optional<String> next, Instant startedAt, Optional<Instant> maxSeen, int queryPages,
    int list, Instant from, Optional<Instant> queryMax, Optional<Instant> reached, boolean unsorted,
    Optional<TieBlock> tie) {
  /** Marks a cursor not seen yet, where the older keys would imply one. */
  private static final String NONE = "none";

  static ListingState begin(Instant since, Instant startedAt) {
    return new ListingState(since, Optional.empty(), startedAt, Optional.empty(), 0, 0, since,
        Optional.empty(), Optional.empty(), false, Optional.empty());
  }

  /** The listing {@code offset} is in the middle of, if any. */
  static Optional<ListingState> resume(Offset offset) {
    if (OffsetKey.SINCE.in(offset).isEmpty()) {
      return Optional.empty();
    }
    try {
      Instant since = Instant.parse(OffsetKey.SINCE.in(offset).get());
      Instant startedAt = Instant.parse(
          OffsetKey.STARTED_AT.in(offset).orElseThrow(() -> missing(offset)));
      Optional<Instant> maxSeen = OffsetKey.MAX_SEEN.in(offset).map(Instant::parse);
      // Offsets written before lists, re-slices per list and the clock-skew rule lack these keys;
      // their defaults reproduce what such a listing meant.
      Optional<Instant> reached = OffsetKey.REACHED.in(offset).isPresent()
          ? instantOrNone(OffsetKey.REACHED.in(offset).get())
          : maxSeen.map(m -> m.isAfter(startedAt) ? startedAt : m);
      return Optional.of(new ListingState(
          since,
          OffsetKey.NEXT.in(offset),
          startedAt,
          maxSeen,
          Integer.parseInt(OffsetKey.QUERY_PAGES.in(offset).orElse("0")),
          Integer.parseInt(OffsetKey.LIST.in(offset).orElse("0")),
          OffsetKey.FROM.in(offset).map(Instant::parse).orElse(since),
          OffsetKey.QUERY_MAX.in(offset).isPresent()
              ? instantOrNone(OffsetKey.QUERY_MAX.in(offset).get())
              : maxSeen,
          reached,
          OffsetKey.UNSORTED.in(offset).isPresent(),
          TieBlock.resume(offset)));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new UserException("Cannot resume from offset " + offset.toJson()
          + ": its state is not one an incremental listing wrote");
    }
  }

  private static Optional<Instant> instantOrNone(String text) {
    return text.equals(NONE) ? Optional.empty() : Optional.of(Instant.parse(text));
  }

  private static UserException missing(Offset offset) {
    return new UserException("Cannot resume from offset " + offset.toJson()
        + ": its state has since but no started_at");
  }

  ListingState afterPage(Optional<Instant> pageMax, Optional<Instant> pageReached) {
    return new ListingState(since, next, startedAt, higher(maxSeen, pageMax), queryPages + 1, list,
        from, higher(queryMax, pageMax), higher(reached, pageReached), unsorted, tie);
  }

  ListingState withNext(Optional<String> value) {
    return new ListingState(since, value, startedAt, maxSeen, queryPages, list, from, queryMax, reached,
        unsorted, tie);
  }

  ListingState reslice(Instant newSince) {
    return new ListingState(newSince, Optional.empty(), startedAt, maxSeen, 0, list, from, queryMax,
        reached, unsorted, Optional.empty());
  }

  /** With {@code block} as the tie block being read. */
  ListingState withTie(TieBlock block) {
    return new ListingState(since, next, startedAt, maxSeen, queryPages, list, from, queryMax, reached,
        unsorted, Optional.of(block));
  }

  /** The same query again from its first page, for another pass over the tie block. */
  ListingState repeatTiePass() {
    return new ListingState(since, Optional.empty(), startedAt, maxSeen, 0, list, from, Optional.empty(),
        reached, unsorted, tie.map(TieBlock::nextPass));
  }

  /**
   * The current list read as unsorted from here on: from its first query again when it has been
   * re-queried from a cursor already, since records below that cursor may have been passed over;
   * otherwise onwards from this page.
   */
  ListingState unsortedList() {
    if (since.equals(from)) {
      return new ListingState(since, next, startedAt, maxSeen, queryPages, list, from, queryMax, reached,
          true, Optional.empty());
    }
    return new ListingState(from, Optional.empty(), startedAt, maxSeen, 0, list, from, Optional.empty(),
        reached, true, Optional.empty());
  }

  /** The first query of the following list, from the listing's lower bound. */
  ListingState nextList() {
    return new ListingState(from, Optional.empty(), startedAt, maxSeen, 0, list + 1, from,
        Optional.empty(), reached, false, Optional.empty());
  }

  Offset toOffset(Instant watermark) {
    Map<String, String> state = new TreeMap<>();
    state.put(OffsetKey.SINCE.key(), since.toString());
    next.ifPresent(n -> state.put(OffsetKey.NEXT.key(), n));
    state.put(OffsetKey.STARTED_AT.key(), startedAt.toString());
    maxSeen.ifPresent(m -> state.put(OffsetKey.MAX_SEEN.key(), m.toString()));
    state.put(OffsetKey.QUERY_PAGES.key(), String.valueOf(queryPages));
    // Written only when they carry something the older keys do not, so single-list offsets read
    // as before.
    if (list > 0) {
      state.put(OffsetKey.LIST.key(), String.valueOf(list));
    }
    if (!from.equals(since)) {
      state.put(OffsetKey.FROM.key(), from.toString());
    }
    if (!queryMax.equals(maxSeen)) {
      state.put(OffsetKey.QUERY_MAX.key(), queryMax.map(Instant::toString).orElse(NONE));
    }
    if (!reached.equals(maxSeen.map(m -> m.isAfter(startedAt) ? startedAt : m))) {
      state.put(OffsetKey.REACHED.key(), reached.map(Instant::toString).orElse(NONE));
    }
    if (unsorted) {
      state.put(OffsetKey.UNSORTED.key(), "true");
    }
    tie.ifPresent(t -> t.write(state));
    return new Offset(watermark, state);
  }

  private static Optional<Instant> higher(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isPresent() && b.get().isAfter(a.get()) ? b : a;
  }
}
