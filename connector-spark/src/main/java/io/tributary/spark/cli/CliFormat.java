package io.tributary.spark.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the CLI writes times, durations and rates for people: one format everywhere, in UTC. */
final class CliFormat {
  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private CliFormat() {}

  /** {@code 2026-12-06 03:58:12 UTC}. */
  static String instant(Instant instant) {
    return INSTANT.format(instant);
  }

  /** {@code 0.4 s}, {@code 12.0 s}. */
  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /** Seconds below a minute ({@code 12.3 s}), then {@code 2 min 05 s}, then {@code 1 h 02 min}. */
  static String duration(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 60_000) {
      return seconds(millis);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
  }

  /** Records per second over {@code millis}, one decimal; NaN when no time passed. */
  static double perSecond(long records, long millis) {
    return millis <= 0 ? Double.NaN : Math.round(records * 10_000.0 / millis) / 10.0;
  }

  /** {@link #perSecond} for a column: {@code 12.5}, {@code 340}, or {@code -} when no time passed. */
  static String rate(long records, long millis) {
    double rate = perSecond(records, millis);
    if (Double.isNaN(rate)) {
      return "-";
    }
    return rate < 100 ? String.format(Locale.ROOT, "%.1f", rate) : String.format(Locale.ROOT, "%.0f", rate);
  }
}
