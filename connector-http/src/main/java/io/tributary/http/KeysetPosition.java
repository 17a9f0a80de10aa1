package io.tributary.http;

import io.tributary.api.Offset;
import io.tributary.api.UserException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a {@link KeysetListing} stands within one listing; lives in the offset's state. The key
 * names are those Salesforce's own listing wrote before the engine moved to the toolkit, so the
 * offsets users have stored resume as they are.
 *
 * @param since the {@code >=} bound of the current window
 * @param until the {@code <} bound of a window narrowed after a provider timeout; empty when the
 *     window reaches to the present
 * @param width the narrowed window's width in seconds, which the next window doubles; meaningful
 *     only with {@code until}
 * @param after the last (cursor, key) delivered, where the next query resumes
 * @param startedAt when the listing started, by our clock, to the second
 * @param maxSeen the highest cursor seen at or before the closed bound of {@code startedAt}
 * @param probe true for a listing from a caught-up offset, which may re-read its lookback window
 *     past the page limit
 */
record KeysetPosition(Instant since, Optional<Instant> until, long width, Optional<KeysetListing.After> after,
    Instant startedAt, Optional<Instant> maxSeen, boolean probe) {

  static KeysetPosition begin(Instant since, Instant startedAt, boolean probe) {
    return new KeysetPosition(since, Optional.empty(), 0, Optional.empty(), startedAt, Optional.empty(), probe);
  }

  /** The listing {@code offset} is in the middle of; empty when its state is empty. */
  static Optional<KeysetPosition> resume(Offset offset) {
    Map<String, String> s = offset.state();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> afterTs = optionalInstant(s, OffsetKey.AFTER_TS.key());
    Optional<KeysetListing.After> after = afterTs.isPresent() && s.containsKey(OffsetKey.AFTER_ID.key())
        ? Optional.of(new KeysetListing.After(afterTs.get(), s.get(OffsetKey.AFTER_ID.key()))) : Optional.empty();
    return Optional.of(new KeysetPosition(instant(s, OffsetKey.SINCE.key()), optionalInstant(s, OffsetKey.UNTIL.key()),
        width(s), after, instant(s, OffsetKey.STARTED_AT.key()), optionalInstant(s, OffsetKey.MAX_SEEN.key()),
        s.containsKey(OffsetKey.PROBE.key())));
  }

  /** The query this position runs next. */
  KeysetListing.Range range() {
    return new KeysetListing.Range(since, until, after);
  }

  /** Past the record at ({@code cursor}, {@code key}); a cursor after {@code closed} is not counted as seen. */
  KeysetPosition past(Instant cursor, String key, Instant closed) {
    boolean counts = !cursor.isAfter(closed) && (maxSeen.isEmpty() || cursor.isAfter(maxSeen.get()));
    return new KeysetPosition(since, until, width, Optional.of(new KeysetListing.After(cursor, key)), startedAt,
        counts ? Optional.of(cursor) : maxSeen, probe);
  }

  /** The current window, cut to end at {@code newUntil}, {@code newWidth} seconds after its start. */
  KeysetPosition narrowed(Instant newUntil, long newWidth) {
    return new KeysetPosition(since, Optional.of(newUntil), newWidth, after, startedAt, maxSeen, probe);
  }

  /**
   * The window after a narrowed one: it starts where that one ended and tries twice the width, so
   * a narrow patch of dense data does not leave every later window narrow; once it would reach the
   * listing's start it is open-ended again.
   */
  KeysetPosition nextWindow() {
    Instant end = until.orElseThrow();
    long doubled = width * 2;
    Instant next = end.plusSeconds(doubled);
    return next.isBefore(startedAt)
        ? new KeysetPosition(end, Optional.of(next), doubled, Optional.empty(), startedAt, maxSeen, probe)
        : new KeysetPosition(end, Optional.empty(), 0, Optional.empty(), startedAt, maxSeen, probe);
  }

  Offset toOffset(Instant watermark) {
    Map<String, String> s = new TreeMap<>();
    s.put(OffsetKey.SINCE.key(), since.toString());
    until.ifPresent(u -> {
      s.put(OffsetKey.UNTIL.key(), u.toString());
      s.put(OffsetKey.WINDOW_SECONDS.key(), String.valueOf(width));
    });
    after.ifPresent(a -> {
      s.put(OffsetKey.AFTER_TS.key(), a.cursor().toString());
      s.put(OffsetKey.AFTER_ID.key(), a.key());
    });
    s.put(OffsetKey.STARTED_AT.key(), startedAt.toString());
    maxSeen.ifPresent(m -> s.put(OffsetKey.MAX_SEEN.key(), m.toString()));
    if (probe) {
      s.put(OffsetKey.PROBE.key(), "true");
    }
    return new Offset(watermark, s);
  }

  /** A narrowed window of an offset that does not say its width counts as one second wide. */
  private static long width(Map<String, String> s) {
    try {
      return Long.parseLong(s.getOrDefault(OffsetKey.WINDOW_SECONDS.key(), "1"));
    } catch (NumberFormatException e) {
      throw new UserException("Cannot resume from offset state: '" + OffsetKey.WINDOW_SECONDS
          + "' is not a whole number: " + s.get(OffsetKey.WINDOW_SECONDS.key()));
    }
  }

  private static Instant instant(Map<String, String> s, String key) {
    return optionalInstant(s, key).orElseThrow(() -> new UserException(
        "Cannot resume from offset state " + s + ": it lacks '" + key + "'"));
  }

  private static Optional<Instant> optionalInstant(Map<String, String> s, String key) {
    String v = s.get(key);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(v));
    } catch (DateTimeParseException e) {
      throw new UserException("Cannot resume from offset state: '" + key + "' is not an ISO-8601 instant: " + v);
    }
  }
}
