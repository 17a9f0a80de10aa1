package io.tributary.api.rows;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Parses the timestamp shapes SaaS APIs send, always to UTC and never through the JVM's default
 * time zone: ISO-8601 with an offset ({@code Z}, {@code +02:00}, {@code +0200}), without one
 * (read as UTC), with a space instead of {@code T}, date-only (midnight UTC), and epoch seconds as
 * a JSON number, with fractional seconds down to microseconds.
 */
final class Timestamps {
  private static final long MICROS_PER_SECOND = 1_000_000L;

  private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart()
      .appendLiteral('T')
      .append(DateTimeFormatter.ISO_LOCAL_TIME)
      .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HH", "Z").optionalEnd()
      .optionalEnd()
      .toFormatter()
      .withResolverStyle(ResolverStyle.STRICT)
      .withChronology(java.time.chrono.IsoChronology.INSTANCE);

  private Timestamps() {}

  /** Microseconds since the epoch, for {@code TimestampType}. */
  static Object instantMicros(JsonNode value) {
    if (value.isNumber()) {
      return epochSecondsToMicros(value);
    }
    OffsetDateTime parsed = parse(value);
    if (parsed == null) {
      return value.isTextual() && value.textValue().isEmpty() ? null : ValueConverter.NO_FIT;
    }
    return micros(parsed.toEpochSecond(), parsed.getNano());
  }

  /** Microseconds of the wall-clock time, for {@code TimestampNTZType}; an offset is dropped. */
  static Object localMicros(JsonNode value) {
    OffsetDateTime parsed = value.isNumber() ? null : parse(value);
    if (parsed == null) {
      return value.isTextual() && value.textValue().isEmpty() ? null : ValueConverter.NO_FIT;
    }
    return micros(parsed.toLocalDateTime().toEpochSecond(ZoneOffset.UTC), parsed.getNano());
  }

  /**
   * Days since the epoch, for {@code DateType}. A timestamp fits only at midnight: a time of day
   * would be lost.
   */
  static Object epochDay(JsonNode value) {
    OffsetDateTime parsed = value.isNumber() ? null : parse(value);
    if (parsed == null) {
      return value.isTextual() && value.textValue().isEmpty() ? null : ValueConverter.NO_FIT;
    }
    if (!parsed.toLocalTime().equals(LocalTime.MIDNIGHT)) {
      return ValueConverter.NO_FIT;
    }
    return (int) parsed.toLocalDate().toEpochDay();
  }

  /** Null when {@code value} is not an ISO-8601 date or timestamp. */
  static OffsetDateTime parse(JsonNode value) {
    if (!value.isTextual()) {
      return null;
    }
    String text = value.textValue().trim();
    if (text.length() < 10 || text.length() > 40) {
      return null;
    }
    if (text.length() > 10 && text.charAt(10) == ' ') {
      text = text.substring(0, 10) + 'T' + text.substring(11);
    }
    try {
      TemporalAccessor parsed = ISO.parse(text);
      LocalDate date = LocalDate.from(parsed);
      if (!parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
        return date.atStartOfDay().atOffset(ZoneOffset.UTC);
      }
      LocalDateTime local = LocalDateTime.of(date, LocalTime.from(parsed));
      ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
          ? ZoneOffset.from(parsed)
          : ZoneOffset.UTC;
      return local.atOffset(offset);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static Object epochSecondsToMicros(JsonNode value) {
    BigDecimal seconds = value.isIntegralNumber() ? new BigDecimal(value.bigIntegerValue()) : value.decimalValue();
    try {
      return seconds.movePointRight(6).longValueExact();
    } catch (ArithmeticException e) {
      // Beyond the long range, or finer than a microsecond: either way the value would change.
      return ValueConverter.NO_FIT;
    }
  }

  private static Object micros(long epochSecond, int nanos) {
    if (nanos % 1000 != 0) {
      return ValueConverter.NO_FIT;
    }
    try {
      return Math.addExact(Math.multiplyExact(epochSecond, MICROS_PER_SECOND), nanos / 1000);
    } catch (ArithmeticException e) {
      return ValueConverter.NO_FIT;
    }
  }
}
