package io.tributary.api.rows;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The ISO-8601 timestamp APIs send almost always, read without {@code DateTimeFormatter}, which
 * costs microseconds a value: for paths that read one for every record, such as a listing's
 * cursor.
 */
public final class IsoTimestamps {
  private IsoTimestamps() {}

  /**
   * The instant in {@code text} when it is {@code yyyy-MM-ddTHH:mm:ss} ({@code T} in any case),
   * an optional fraction of one to nine digits, and no offset (read as UTC), {@code Z} or {@code
   * ±HH:MM}, exactly as {@code OffsetDateTime.parse} (or, without an offset, {@code
   * LocalDateTime.parse} at UTC) reads it; null for any other text, which the caller reads its own
   * way.
   */
  public static Instant commonOrNull(String text) {
    if (text.length() < 19 || text.length() > 40 || text.charAt(10) != 'T' && text.charAt(10) != 't') {
      return null;
    }
    OffsetDateTime parsed = Timestamps.parseCommon(text);
    return parsed == null ? null : parsed.toInstant();
  }
}
