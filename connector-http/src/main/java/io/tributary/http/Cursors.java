package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.rows.IsoTimestamps;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads cursor values from records: ISO-8601 strings with an offset ({@code Z}, {@code +05:30},
 * Salesforce's {@code +0000}) or without one (taken as UTC), and epoch seconds as numbers or
 * numeric strings.
 */
public final class Cursors {
  private static final DateTimeFormatter OFFSET_NO_COLON = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .appendOffset("+HHMM", "Z")
      .toFormatter()
      .withResolverStyle(ResolverStyle.STRICT);

  private Cursors() {}

  /** The instant in {@code value}, or empty for a missing, null or empty value. */
  public static Optional<Instant> parse(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (value.isNumber()) {
      return Optional.of(Instant.ofEpochSecond(value.asLong()));
    }
    return parse(value.asText());
  }

  /**
   * The instant in {@code text}, or empty for null or blank.
   *
   * @throws IllegalArgumentException for text that is neither ISO-8601 nor epoch seconds
   */
  public static Optional<Instant> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String t = text.trim();
    Instant common = IsoTimestamps.commonOrNull(t);
    if (common != null) {
      return Optional.of(common);
    }
    if (isWholeNumber(t)) {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(t)));
    }
    try {
      return Optional.of(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeParseException ignored) {
      // try the other forms
    }
    try {
      return Optional.of(OffsetDateTime.parse(t, OFFSET_NO_COLON).toInstant());
    } catch (DateTimeParseException ignored) {
      // try the other forms
    }
    try {
      return Optional.of(LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Cannot read cursor value '" + t + "': it is neither an ISO-8601 timestamp nor epoch seconds");
    }
  }

  /** {@code -?[0-9]+}, without a regular expression: this runs for every record of a listing. */
  private static boolean isWholeNumber(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    if (start == text.length()) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * The latest cursor value a watermark may take for a listing that started at {@code startedAt}:
   * the value of the last whole second (or other {@code resolution} unit) that had ended when
   * the listing started.
   * Providers stamp cursors at that resolution, so a record can still receive a value in the
   * second the listing started in after the listing has read past it; were the watermark to take
   * that value, a later listing would re-read the record without moving the watermark, return its
   * start offset, and the record would wait for some unrelated change. Counting only closed
   * seconds lets the next listing move the watermark onto that second and deliver it.
   */
  public static Instant closedBound(Instant startedAt, Duration resolution) {
    long unit = resolution.toNanos();
    if (unit <= 0) {
      throw new IllegalArgumentException("resolution must be positive: " + resolution);
    }
    long nanos = startedAt.getEpochSecond() * 1_000_000_000L + startedAt.getNano();
    long truncated = Math.floorDiv(nanos, unit) * unit;
    return Instant.ofEpochSecond(0, truncated).minus(resolution);
  }

  /** {@link #closedBound(Instant, Duration)} for the usual whole-second cursors. */
  public static Instant closedBound(Instant startedAt) {
    return closedBound(startedAt, Duration.ofSeconds(1));
  }

  /** Reads the cursor from the top-level field {@code name} (or a JSON pointer starting with {@code /}). */
  public static Function<ObjectNode, Optional<Instant>> field(String name) {
    String pointer = name.startsWith("/") ? name : "/" + name;
    return record -> parse(record.at(pointer));
  }
}
