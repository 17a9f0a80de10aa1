package io.tributary.api;

import java.util.Collection;

/** Small helpers for connector implementations. */
public final class Tables {
  private Tables() {}

  /** The standard error for a table a connector does not have. */
  public static UserException unknown(String table, Collection<String> known) {
    return new UserException(
        "Cannot use table '" + table + "': no such table; valid tables are "
            + String.join(", ", known));
  }

  /** Throws {@link #unknown} unless {@code table} is in {@code known}. */
  public static String require(String table, Collection<String> known) {
    if (table == null || !known.contains(table)) {
      throw unknown(String.valueOf(table), known);
    }
    return table;
  }
}
