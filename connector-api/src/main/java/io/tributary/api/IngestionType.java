package io.tributary.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a table's records are applied to its destination. The names are Lakeflow's, so a
 * connector's metadata reads the same in both worlds.
 */
public enum IngestionType {
  /** Every read returns the whole table. Rows missing from the latest snapshot are deleted. */
  SNAPSHOT("snapshot"),
  /** Records are upserted by primary key, ordered by the cursor. Deletes are not reported. */
  CDC("cdc"),
  /** As {@link #CDC}, and {@link Connector#readDeletes} reports the keys of deleted records. */
  CDC_WITH_DELETES("cdc_with_deletes"),
  /** Records are immutable events; every record is appended. */
  APPEND("append");

  private final String wireName;

  IngestionType(String wireName) {
    this.wireName = wireName;
  }

  /** The Lakeflow name, such as {@code cdc_with_deletes}. */
  public String wireName() {
    return wireName;
  }

  /** True for types whose reads are incremental on a cursor. */
  public boolean incremental() {
    return this != SNAPSHOT;
  }

  public static IngestionType fromWireName(String name) {
    for (IngestionType type : values()) {
      if (type.wireName.equals(name.toLowerCase(Locale.ROOT))) {
        return type;
      }
    }
    throw new UserException(
        "Invalid ingestion type '" + name + "': must be one of "
            + Arrays.stream(values()).map(IngestionType::wireName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
