package io.tributary.http;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The table the current thread is reading, set by the listings around their page fetches, so that
 * an HTTP failure deep in a source's fetcher still says which table it cost. Sources that read
 * without a listing get messages without a table, not wrong ones.
 */
final class TableContext {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private TableContext() {}

  static Optional<String> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Runs {@code body} as a read of {@code table}, restoring the outer table afterwards. */
  static <T> T reading(String table, Supplier<T> body) {
    String outer = CURRENT.get();
    CURRENT.set(table);
    try {
      return body.get();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /** " for table 'tickets'", or nothing outside a listing. */
  static String phrase() {
    return current().map(t -> " for table '" + t + "'").orElse("");
  }
}
