package io.tributary.http;

import java.time.Duration;
import java.util.Locale;

/** Durations as a person reads them in a message: "300 ms", "60 s", "7.4 min". */
final class Durations {
  private Durations() {}

  static String text(Duration d) {
    long millis = d.toMillis();
    if (millis < 1_000) {
      return millis + " ms";
    }
    if (millis < 10_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0).replace(".0 s", " s");
    }
    if (millis < 120_000) {
      return Math.round(millis / 1000.0) + " s";
    }
    return String.format(Locale.ROOT, "%.1f min", millis / 60_000.0).replace(".0 min", " min");
  }
}
