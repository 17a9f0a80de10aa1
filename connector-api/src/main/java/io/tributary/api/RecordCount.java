package io.tributary.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A count of a table's records at the source, from {@link RecordCounts#count}.
 *
 * @param records how many records the source holds in the window
 * @param upTo the window actually counted: records whose cursor is at or before this instant, or
 *     the whole table when empty. The framework counts its Delta table over the same window.
 * @param method how the source counted, for the report, such as {@code "SOQL COUNT()"} or
 *     {@code "GET /api/v2/tickets/count (approximate above 100,000)"}
 */
public record RecordCount(long records, Optional<Instant> upTo, String method) {
  public RecordCount {
    if (records < 0) {
      throw new IllegalArgumentException("records must not be negative: " + records);
    }
    Objects.requireNonNull(upTo, "upTo");
    Objects.requireNonNull(method, "method");
  }

  /** A count of the whole table. */
  public static RecordCount whole(long records, String method) {
    return new RecordCount(records, Optional.empty(), method);
  }

  /** A count of the records whose cursor is at or before {@code upTo}. */
  public static RecordCount upTo(long records, Instant upTo, String method) {
    return new RecordCount(records, Optional.of(upTo), method);
  }
}
