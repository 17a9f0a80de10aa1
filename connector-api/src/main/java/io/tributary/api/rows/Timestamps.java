package io.tributary.api.rows;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
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
    OffsetDateTime common = parseCommon(text);
    return common != null ? common : parseAny(text);
  }

  /** The formatter's reading of a trimmed text of 10 to 40 characters; null when it is not ISO-8601. */
  static OffsetDateTime parseAny(String text) {
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

  /**
   * The shapes APIs send almost always, read without the formatter, which costs microseconds a
   * value: {@code yyyy-MM-dd}, or that with {@code T} (any case) or a space, {@code HH:mm:ss}, an
   * optional fraction of one to nine digits, and no offset, {@code Z} (any case) or {@code
   * ±HH:MM}. Null for anything else, or anything out of range, so that {@link #parseAny} decides:
   * this reading accepts nothing the formatter rejects, and agrees with it on what both accept.
   */
  static OffsetDateTime parseCommon(String text) {
    int length = text.length();
    if (text.charAt(4) != '-' || text.charAt(7) != '-') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1
        || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    if (length == 10) {
      return OffsetDateTime.of(year, month, day, 0, 0, 0, 0, ZoneOffset.UTC);
    }
    char t = text.charAt(10);
    if (length < 19 || t != 'T' && t != 't' && t != ' ' || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return null;
    }
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int at = 19;
    int nanos = 0;
    if (at < length && text.charAt(at) == '.') {
      int start = ++at;
      while (at < length && at - start < 9 && isDigit(text.charAt(at))) {
        nanos = nanos * 10 + (text.charAt(at++) - '0');
      }
      int count = at - start;
      if (count == 0 || at < length && isDigit(text.charAt(at))) {
        return null;
      }
      for (int i = count; i < 9; i++) {
        nanos *= 10;
      }
    }
    ZoneOffset offset = offset(text, at);
    return offset == null ? null : OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
  }

  /** No offset, {@code Z} or {@code ±HH:MM} from {@code at} to the end; null for anything else. */
  private static ZoneOffset offset(String text, int at) {
    int rest = text.length() - at;
    if (rest == 0) {
      return ZoneOffset.UTC;
    }
    char sign = text.charAt(at);
    if (rest == 1) {
      return sign == 'Z' || sign == 'z' ? ZoneOffset.UTC : null;
    }
    if (rest != 6 || sign != '+' && sign != '-' || text.charAt(at + 3) != ':') {
      return null;
    }
    int hours = digits(text, at + 1, 2);
    int minutes = digits(text, at + 4, 2);
    if (hours < 0 || hours > 17 || minutes < 0 || minutes > 59 || sign == '-' && hours == 0 && minutes == 0) {
      return null;
    }
    int seconds = hours * 3600 + minutes * 60;
    return ZoneOffset.ofTotalSeconds(sign == '-' ? -seconds : seconds);
  }

  /** The value of {@code count} decimal digits from {@code start}; -1 when one is not a digit. */
  private static int digits(String text, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
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
