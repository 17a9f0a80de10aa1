package io.tributary.spark.pipeline;

/** How changes of an incremental or snapshot table are applied to its Delta destination. */
public enum ScdType {
  /** The destination holds the latest version of each key: a MERGE on the primary keys. */
  SCD_TYPE_1,
  /** The destination keeps every version, each valid from {@code __START_AT} until {@code __END_AT}. */
  SCD_TYPE_2,
  /** Every record is appended; nothing is updated or deleted. */
  APPEND_ONLY;

  /** The Lakeflow spelling, case-insensitive; empty when {@code text} names no SCD type. */
  static java.util.Optional<ScdType> parse(String text) {
    for (ScdType type : values()) {
      if (type.name().equalsIgnoreCase(text.trim())) {
        return java.util.Optional.of(type);
      }
    }
    return java.util.Optional.empty();
  }
}
