package io.tributary.http;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The table the current thread is reading, so that an HTTP failure deep in a source's fetcher, and
 * the WARN line of a slow request, say which table it cost. {@link SnapshotListing}, {@link
 * IncrementalListing} and {@link ChildFanOut} set it around their page fetches; a source that pages
 * by itself wraps its read:
 *
 * <pre>
 * return TableContext.reading(table.name(), () -> exportPages(table, start));
 * </pre>
 *
 * Requests made outside any table get messages without a table, never a wrong one.
 */
public final class TableContext {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private TableContext() {}

  static Optional<String> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Runs {@code body} as a read of {@code table}, restoring the outer table afterwards. */
  public static <T> T reading(String table, Supplier<T> body) {
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
