package io.tributary.simulator;

import java.util.Objects;

/**
 * A listing order on one field. Records with equal values are always ordered by id ascending, so
 * every listing is deterministic and ties can straddle a page boundary reproducibly.
 */
public record Sort(String field, boolean descending) {
  public Sort {
    Objects.requireNonNull(field, "field");
  }

  public static Sort asc(String field) {
    return new Sort(field, false);
  }

  public static Sort desc(String field) {
    return new Sort(field, true);
  }
}
