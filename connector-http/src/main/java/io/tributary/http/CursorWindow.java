package io.tributary.http;

import java.time.Instant;
import java.util.Objects;

/**
 * A half-open window of a cursor, {@code lo <= cursor < hi}: one partition of a backfill. Windows
 * of one plan meet without overlapping, so a record belongs to exactly one of them. Both bounds
 * sit on whole cursor units (seconds, for nearly every API), so comparing a record's cursor with
 * them at the provider's precision puts it on the same side as the provider's filter does.
 */
public record CursorWindow(Instant lo, Instant hi) {
  public CursorWindow {
    Objects.requireNonNull(lo, "lo");
    Objects.requireNonNull(hi, "hi");
    if (!lo.isBefore(hi)) {
      throw new IllegalArgumentException("a cursor window needs lo before hi: [" + lo + ", " + hi + ")");
    }
  }

  /** True when {@code cursor} lies in this window. */
  public boolean contains(Instant cursor) {
    return !cursor.isBefore(lo) && cursor.isBefore(hi);
  }

  @Override
  public String toString() {
    return "[" + lo + ", " + hi + ")";
  }
}
