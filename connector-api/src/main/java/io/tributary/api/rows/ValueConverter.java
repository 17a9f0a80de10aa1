package io.tributary.api.rows;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Converts one JSON value to Spark's internal representation of one data type. Built once per
 * schema as a tree mirroring it, so converting a record walks JSON, not the schema.
 */
interface ValueConverter {
  /** Returned instead of a value when the JSON value does not fit the type; the caller rescues it. */
  Object NO_FIT = new Object() {
    @Override
    public String toString() {
      return "NO_FIT";
    }
  };

  /**
   * Converts a non-null, non-JSON-null value. Returns {@link #NO_FIT} when it does not fit;
   * values nested inside that do not fit are rescued through {@code rescue} and become null.
   */
  Object convert(JsonNode value, Rescue rescue);
}
